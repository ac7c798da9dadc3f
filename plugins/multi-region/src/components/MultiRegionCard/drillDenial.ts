import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import { activeRegionOf, activeRoleOf } from '../../utils/roles';

/**
 * Why the card's "Run drill" button is disabled, in words; undefined when a
 * drill may be planned. The server's reason first (permission, read-only),
 * then what the status shows: a drill or a change under way, ARC deploying,
 * the service away from its primary (drills start there).
 */
export function drillDenial(
  status: EntityStatusResponse,
  permission: { allowed: boolean; loading: boolean; reason?: string },
): string | undefined {
  const drills = status.drills;
  if (drills?.deniedReason) return drills.deniedReason;
  if (!permission.loading && !permission.allowed) {
    return permission.reason ?? 'You may not run a drill on this service.';
  }
  if (drills?.running) {
    return 'A drill is under way: follow it or stop it above.';
  }
  if (status.pendingOperation) {
    return 'A change of the active region is under way.';
  }
  if (status.deployment) return 'ARC is still deploying this service.';
  if (activeRoleOf(status) === 'primary') return undefined;
  const region = activeRegionOf(status);
  return region
    ? `Drills start from the primary region; it runs in ${region} now.`
    : 'Drills start from the primary region; where it runs now is unknown.';
}

import {
  actionForTarget,
  ActiveRegionResult,
  FailoverAction,
  nextTargetRole,
  RegionRole,
} from '@multi-region-failover/plugin-multi-region-common';

/** A status or a service summary: both carry the derived active region. */
type WithActive = { active?: ActiveRegionResult };
/** A status or a service summary: both name their two regions. */
type WithRegions = { primaryRegion?: string; secondaryRegion?: string };

/** The two roles, primary first: the order every list of regions shows. */
export const ROLES: readonly RegionRole[] = ['primary', 'secondary'];

/** The role that answers now, or undefined while it is unknown. */
export function activeRoleOf(x: WithActive): RegionRole | undefined {
  const active = x.active;
  return active && active.certainty !== 'unknown'
    ? active.activeRole
    : undefined;
}

/** The region that answers now, or undefined while it is unknown. */
export function activeRegionOf(x: WithActive): string | undefined {
  const active = x.active;
  return active && active.certainty !== 'unknown'
    ? active.activeRegion
    : undefined;
}

/** True when the secondary region answers. */
export function isAwayFromPrimary(x: WithActive): boolean {
  return activeRoleOf(x) === 'secondary';
}

/** The region code of a role. */
export function regionOfRole(
  x: WithRegions,
  role: RegionRole,
): string | undefined {
  return role === 'primary' ? x.primaryRegion : x.secondaryRegion;
}

/** A change of the active region, as the card's button and the dialog name it. */
export interface NextChange {
  action: FailoverAction;
  fromRegion: string;
  toRegion: string;
}

/**
 * The change the card's button offers and the dialog plans first: towards
 * `nextTargetRole` (the common package's rule). Undefined while the active
 * region is unknown: the person then chooses the target.
 */
export function nextChange(
  status: (WithActive & WithRegions) | undefined,
): NextChange | undefined {
  const active = status?.active;
  const role = nextTargetRole(active);
  if (!status || !role || !active || active.certainty === 'unknown') {
    return undefined;
  }
  const toRegion = regionOfRole(status, role);
  if (!toRegion) return undefined;
  return {
    action: actionForTarget(role),
    fromRegion: active.activeRegion,
    toRegion,
  };
}

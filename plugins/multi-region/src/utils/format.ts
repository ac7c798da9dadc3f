import { parseEntityRef } from '@backstage/catalog-model';
import {
  formatDuration as formatMeasured,
  formatUtcTimestamp,
} from '@multi-region-failover/plugin-multi-region-common';

/** `2030-01-15 03:00:00 UTC` (common's wording), or "unknown time". */
export function formatTimestamp(iso?: string): string {
  return iso ? formatUtcTimestamp(iso) : 'unknown time';
}

/** "5 minutes ago", "2 hours ago", "3 days ago". */
export function formatRelative(
  iso: string | undefined,
  now: Date = new Date(),
): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** A measured duration in common's words ("1 min 24 s", "850 ms"), or "—". */
export function formatDuration(ms?: number): string {
  if (ms === undefined || ms === null) return '—';
  return formatMeasured(ms);
}

/** `user:default/alice` -> `alice`; `external` -> `outside the portal`. */
export function formatActor(actor: string): string {
  if (actor === 'external') return 'outside the portal';
  try {
    return parseEntityRef(actor).name;
  } catch {
    return actor;
  }
}

/** `group:default/team-orders` -> `team-orders`. */
export function shortRef(ref?: string): string {
  if (!ref) return '—';
  try {
    const parsed = parseEntityRef(ref);
    return parsed.namespace === 'default'
      ? parsed.name
      : `${parsed.namespace}/${parsed.name}`;
  } catch {
    return ref;
  }
}

/** A routing control's name, or the last segment of its ARN when it has none. */
export function routingControlLabel(control: {
  arn: string;
  name?: string;
}): string {
  return control.name ?? control.arn.split('/').pop() ?? control.arn;
}

/** Why nobody may fail over, when the server gives no reason of its own. */
export const READ_ONLY_TEXT =
  'The multi-region plugin is in read-only mode: failover is switched off for everyone.';

export const STEP_LABELS: Record<string, string> = {
  authorised: 'Authorised',
  'routing-controls-updated': 'Routing controls updated',
  'health-checks-observed': 'Health checks observed',
  'dns-answering': 'DNS answering with the target region',
};

/**
 * The verb of a change: "Fail over", "Fail back", or "Set routing" when the
 * target already served by Route 53's fallback (both controls Off or On) and
 * the change only sets its controls.
 */
export function changeVerb(change: {
  action: 'failover' | 'failback';
  fromRegion: string;
  toRegion: string;
}): string {
  if (change.fromRegion === change.toRegion) return 'Set routing';
  return change.action === 'failover' ? 'Fail over' : 'Fail back';
}

/** "Fail over us-east-1 → us-west-2", or "Set routing to us-east-1". */
export function describeChange(change: {
  action: 'failover' | 'failback';
  fromRegion: string;
  toRegion: string;
}): string {
  return change.fromRegion === change.toRegion
    ? `Set routing to ${change.toRegion}`
    : `${changeVerb(change)} ${change.fromRegion} → ${change.toRegion}`;
}

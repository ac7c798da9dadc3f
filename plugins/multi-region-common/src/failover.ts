import {
  MultiRegionConfig,
  RegionConfig,
  RegionRole,
} from './parseMultiRegionAnnotations';
import { ActiveRegionResult, RoutingControlState } from './activeRegion';
import { otherRole } from './roles';

/** Failing over moves traffic to the secondary; failing back returns it to the primary. @public */
export type FailoverAction = 'failover' | 'failback';

/** One routing-control change of a failover, in the order ARC receives it. @public */
export interface DesiredControlState {
  role: RegionRole;
  region: string;
  routingControlArn: string;
  state: RoutingControlState;
}

/**
 * The routing-control states that make `targetRole` the active region: the
 * target On and the other Off, applied in ONE UpdateRoutingControlStates call.
 *
 * @public
 */
export function desiredStatesFor(
  config: Pick<MultiRegionConfig, 'primary' | 'secondary'>,
  targetRole: RegionRole,
): DesiredControlState[] {
  const entry = (region: RegionConfig, state: RoutingControlState) => ({
    role: region.role,
    region: region.region,
    routingControlArn: region.routingControlArn,
    state,
  });
  return [
    entry(config[targetRole], 'On'),
    entry(config[otherRole(targetRole)], 'Off'),
  ];
}

/**
 * True when the routing controls already are what a change to `targetRole`
 * would set (target On, other Off): nothing to do. Both Off or both On also
 * make a region active, by Route 53's fallback; setting them is a change.
 *
 * @public
 */
export function controlsAlreadyAt(
  states: Record<RegionRole, RoutingControlState | 'Unknown'>,
  targetRole: RegionRole,
): boolean {
  return states[targetRole] === 'On' && states[otherRole(targetRole)] === 'Off';
}

/**
 * Where the next change from the current state goes: the region that is not
 * active now, or the primary when both controls are Off (the first thing to do
 * then is to turn the primary On). Undefined while the active region is
 * unknown: the caller must pick.
 *
 * @public
 */
export function nextTargetRole(
  active: ActiveRegionResult | undefined,
): RegionRole | undefined {
  if (!active || active.certainty === 'unknown') return undefined;
  if (active.degraded) return 'primary';
  return otherRole(active.activeRole);
}

/** @public */
export function actionForTarget(targetRole: RegionRole): FailoverAction {
  return targetRole === 'secondary' ? 'failover' : 'failback';
}

/** C0 and C1 controls and DEL; tab, line feed and carriage return are allowed. */
const CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Characters that change how the rest of the text is displayed or hide text:
 * bidi marks, embeddings, overrides and isolates; zero-width space, word
 * joiner and a byte-order mark. Zero-width (non-)joiners stay allowed: some
 * scripts and emoji need them.
 */
const INVISIBLE_FORMATTING =
  /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/** Bounds of the reason a person must give for a failover. @public */
export const FAILOVER_REASON_LIMITS = { minLength: 3, maxLength: 500 } as const;

/**
 * Validates a failover reason; returns a sentence saying what is wrong, or
 * undefined when it is fine. Shared by the dialog and the server.
 *
 * @public
 */
export function validateFailoverReason(reason: unknown): string | undefined {
  if (typeof reason !== 'string') {
    return 'A reason is required and must be text.';
  }
  const trimmed = reason.trim();
  if (trimmed.length < FAILOVER_REASON_LIMITS.minLength) {
    return `Give a reason of at least ${FAILOVER_REASON_LIMITS.minLength} characters (it is recorded in the audit trail).`;
  }
  if (trimmed.length > FAILOVER_REASON_LIMITS.maxLength) {
    return `The reason is ${trimmed.length} characters long; at most ${FAILOVER_REASON_LIMITS.maxLength} are allowed.`;
  }
  if (CONTROL_CHARACTERS.test(trimmed)) {
    return 'The reason contains control characters; use plain text (line breaks are fine).';
  }
  if (INVISIBLE_FORMATTING.test(trimmed)) {
    return 'The reason contains invisible formatting characters (text-direction overrides or zero-width spaces) that would make the audit trail read differently from what was typed; use plain text.';
  }
  if (/\p{Cs}/u.test(trimmed)) {
    return 'The reason contains a broken character (an unpaired UTF-16 surrogate); use plain text.';
  }
  return undefined;
}

/**
 * A value made safe for an audit log or a log line: control characters
 * (line breaks included, so one event stays one line), the invisible
 * formatting characters a reason may not hold, and broken surrogates become
 * a space or disappear, and the result is cut to `maxLength` characters with
 * a note of how much was cut. For values nobody validated yet.
 *
 * @public
 */
export function sanitiseForAudit(value: unknown, maxLength = 200): string {
  const text = (typeof value === 'string' ? value : String(value ?? ''))
    .replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), ' ')
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    .replace(new RegExp(INVISIBLE_FORMATTING.source, 'g'), '')
    .replace(/\p{Cs}/gu, '');
  // by code point, so that the cut never splits a character in two
  const chars = Array.from(text);
  return chars.length > maxLength
    ? `${chars.slice(0, maxLength).join('')}... (${
        chars.length - maxLength
      } more characters)`
    : text;
}

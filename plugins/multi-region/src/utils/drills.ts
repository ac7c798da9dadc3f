import {
  Drill,
  DrillOutcome,
  DrillState,
  OperationTimings,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatDuration, formatRelative } from './format';

/** A drill's outcome in a few words, as the card, the dialog and the tab say it. */
export const DRILL_OUTCOME_LABELS: Record<DrillOutcome, string> = {
  passed: 'passed',
  'outcome-failed': 'failed: the outcome went bad during the soak',
  blocked: 'ended early: a blocking alarm went into ALARM',
  stopped: 'stopped early',
  interrupted: 'interrupted',
  'failover-failed': 'failover failed',
  'failback-failed': 'failback failed',
};

/** A drill's state in a few words. */
export const DRILL_STATE_LABELS: Record<DrillState, string> = {
  'failing-over': 'failing over',
  soaking: 'soaking',
  'failing-back': 'failing back',
  completed: 'completed',
  failed: 'failed',
  'needs-attention': 'needs attention',
};

/** Whether a switch time met the RTO, as a `data-rto-met` attribute says it. */
export type RtoMet = 'true' | 'false' | 'unknown';

export function rtoMetOf(rtoMet: boolean | undefined): RtoMet {
  if (rtoMet === undefined) return 'unknown';
  return rtoMet ? 'true' : 'false';
}

/** "RTO 15 min met", "RTO 15 min missed", "RTO 15 min", or "no RTO". */
export function rtoVerdictText(
  rtoMinutes: number | undefined,
  rtoMet: boolean | undefined,
): string {
  if (rtoMinutes === undefined) return 'no RTO';
  if (rtoMet === undefined) return `RTO ${rtoMinutes} min`;
  return `RTO ${rtoMinutes} min ${rtoMet ? 'met' : 'missed'}`;
}

/**
 * "switched in 42 s, healthy in 30 s — RTO 15 min met". The RTO is the
 * timings' own when they carry one, else `fallbackRtoMinutes`.
 */
export function describeTimings(
  timings: OperationTimings,
  fallbackRtoMinutes?: number,
): string {
  const measured = [
    ...(timings.switchMs !== undefined
      ? [`switched in ${formatDuration(timings.switchMs)}`]
      : []),
    ...(timings.healthyMs !== undefined
      ? [`healthy in ${formatDuration(timings.healthyMs)}`]
      : []),
  ];
  const rtoMinutes = timings.rtoMinutes ?? fallbackRtoMinutes;
  return `${measured.join(', ') || 'not measured'} — ${rtoVerdictText(
    rtoMinutes,
    timings.rtoMet,
  )}`;
}

/** The RTO a drill ran against and whether its failover switched within it. */
export function drillRto(drill: Drill): {
  rtoMinutes?: number;
  rtoMet?: boolean;
} {
  return {
    rtoMinutes: drill.rtoMinutes ?? drill.failoverTimings?.rtoMinutes,
    rtoMet: drill.rtoMet ?? drill.failoverTimings?.rtoMet,
  };
}

/** "switched in 42 s (RTO 15 min, met)"; empty when the switch was not measured. */
function drillSwitchText(drill: Drill): string {
  const switchMs = drill.failoverTimings?.switchMs;
  if (switchMs === undefined) return '';
  const { rtoMinutes, rtoMet } = drillRto(drill);
  let rto = 'no RTO';
  if (rtoMinutes !== undefined) {
    rto =
      rtoMet === undefined
        ? `RTO ${rtoMinutes} min`
        : `RTO ${rtoMinutes} min, ${rtoMet ? 'met' : 'missed'}`;
  }
  return `, switched in ${formatDuration(switchMs)} (${rto})`;
}

/** "Last drill 3 days ago: passed, switched in 42 s (RTO 15 min, met)", or "No drill yet". */
export function lastDrillText(drill: Drill | undefined, now?: Date): string {
  if (!drill) return 'No drill yet';
  const when = formatRelative(drill.completedAt ?? drill.updatedAt, now);
  const outcome = drill.outcome
    ? DRILL_OUTCOME_LABELS[drill.outcome]
    : DRILL_STATE_LABELS[drill.state];
  return `Last drill ${when}: ${outcome}${drillSwitchText(drill)}`;
}

/** The soak as a person reads it: "15 min", "20 s". */
export function formatSoak(seconds: number): string {
  return formatDuration(seconds * 1000);
}

/** The phases a drill goes through, in order, as the dialog's stepper shows them. */
export const DRILL_PHASES = [
  'failing-over',
  'soaking',
  'failing-back',
  'done',
] as const;

export type DrillPhase = (typeof DRILL_PHASES)[number];

/** Where one phase is; `cut-short`: the soak ended before its time. */
export type DrillPhaseStatus =
  | 'pending'
  | 'running'
  | 'done'
  | 'cut-short'
  | 'skipped'
  | 'failed';

/** Outcomes that end the soak before its time, the failback then runs as usual. */
const CUT_SHORT: readonly DrillOutcome[] = [
  'outcome-failed',
  'blocked',
  'stopped',
  'interrupted',
];

/** How the soak went once it is over (failing back, or finished). */
function finishedSoak(drill: Drill): DrillPhaseStatus {
  if (!drill.soakStartedAt) return 'skipped';
  const endedEarly =
    Boolean(drill.stop) ||
    (drill.outcome !== undefined && CUT_SHORT.includes(drill.outcome));
  return endedEarly ? 'cut-short' : 'done';
}

/** The status of each phase of a drill, in the order of `DRILL_PHASES`. */
export function drillPhaseStatuses(
  drill: Drill,
): Record<DrillPhase, DrillPhaseStatus> {
  switch (drill.state) {
    case 'failing-over':
      return {
        'failing-over': 'running',
        soaking: 'pending',
        'failing-back': 'pending',
        done: 'pending',
      };
    case 'soaking':
      return {
        'failing-over': 'done',
        soaking: 'running',
        'failing-back': 'pending',
        done: 'pending',
      };
    case 'failing-back':
      return {
        'failing-over': 'done',
        soaking: finishedSoak(drill),
        'failing-back': 'running',
        done: 'pending',
      };
    default:
      break;
  }
  if (drill.outcome === 'failover-failed') {
    return {
      'failing-over': 'failed',
      soaking: 'skipped',
      'failing-back': 'skipped',
      done: 'failed',
    };
  }
  const failedBack =
    drill.state !== 'needs-attention' && drill.outcome !== 'failback-failed';
  return {
    'failing-over': 'done',
    soaking: finishedSoak(drill),
    'failing-back': failedBack ? 'done' : 'failed',
    done: drill.state === 'completed' ? 'done' : 'failed',
  };
}

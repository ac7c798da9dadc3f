/**
 * Drills: a practised failover of one service to its secondary region, a
 * soak while the outcome is watched, and a failback. Shared by the backend
 * (which runs them), the card, the drill dialog, the history and the
 * org-wide page. docs/drills.md describes the lifecycle.
 */
import {
  FailoverPlan,
  HealthCheckStatus,
  IsoTimestamp,
  Operation,
} from './api';
import { ReadinessCheckId } from './readiness';

/**
 * Where a drill is. The first three are running; the rest are final.
 * `needs-attention`: the drill could not fail back by itself (a safety rule,
 * an unconfirmed ARC write, ARC unreachable): traffic may still be in the
 * secondary region and a person must look.
 *
 * @public
 */
export type DrillState =
  | 'failing-over'
  | 'soaking'
  | 'failing-back'
  | 'completed'
  | 'failed'
  | 'needs-attention';

/** The states of a drill still under way. @public */
export const RUNNING_DRILL_STATES: readonly DrillState[] = [
  'failing-over',
  'soaking',
  'failing-back',
];

/** Whether the drill is still under way. @public */
export function isDrillRunning(drill: { state: DrillState }): boolean {
  return RUNNING_DRILL_STATES.includes(drill.state);
}

/**
 * How a finished drill went:
 * - `passed`: failed over, the outcome stayed good for the whole soak, failed back;
 * - `outcome-failed`: the target's health check or an outcome alarm went bad during the soak, so it failed back early by itself;
 * - `blocked`: a blocking alarm went into ALARM during the soak, so it failed back early by itself;
 * - `stopped`: an owner stopped it (failed back early);
 * - `interrupted`: the replica running it stopped; another one failed back;
 * - `failover-failed`: the failover did not happen (nothing to fail back);
 * - `failback-failed`: the failback did not happen (state `needs-attention`).
 *
 * @public
 */
export type DrillOutcome =
  | 'passed'
  | 'outcome-failed'
  | 'blocked'
  | 'stopped'
  | 'interrupted'
  | 'failover-failed'
  | 'failback-failed';

/**
 * Measured times of one change of active region, from the moment the person
 * confirmed it (the operation's `createdAt`).
 *
 * @public
 */
export interface OperationTimings {
  /** Confirm to Route 53 answering with the target region's record. */
  switchMs?: number;
  /** Confirm to the target region's health check seen Healthy. */
  healthyMs?: number;
  /** The service's RTO when it ran (`multi-region-failover.io/rto-minutes`). */
  rtoMinutes?: number;
  /** `switchMs` within the RTO; absent when either is unknown. */
  rtoMet?: boolean;
}

/**
 * The timings of an operation from its recorded steps: confirm is the
 * operation's `createdAt`, healthy the `health-checks-observed` step done,
 * switched the `dns-answering` step done. The one implementation, used when
 * an operation completes.
 *
 * @public
 */
export function operationTimings(
  op: Pick<Operation, 'createdAt' | 'steps'>,
  rtoMinutes?: number,
): OperationTimings {
  const confirmed = Date.parse(op.createdAt);
  const doneAt = (name: string) => {
    const step = op.steps.find(s => s.name === name && s.status === 'done');
    const at = step?.at ? Date.parse(step.at) : NaN;
    return Number.isFinite(at) && Number.isFinite(confirmed)
      ? Math.max(0, at - confirmed)
      : undefined;
  };
  const switchMs = doneAt('dns-answering');
  const healthyMs = doneAt('health-checks-observed');
  return {
    ...(switchMs !== undefined ? { switchMs } : {}),
    ...(healthyMs !== undefined ? { healthyMs } : {}),
    ...(rtoMinutes !== undefined ? { rtoMinutes } : {}),
    ...(rtoMinutes !== undefined && switchMs !== undefined
      ? { rtoMet: switchMs <= rtoMinutes * 60_000 }
      : {}),
  };
}

/** One alarm as a drill read it. @public */
export interface DrillAlarmReading {
  name: string;
  region: string;
  /** `MISSING`: no alarm of that name in that region; `UNKNOWN`: could not be read (see `error`). */
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING' | 'UNKNOWN';
  reason?: string;
  error?: string;
}

/** What the drill saw at its last look during the soak. @public */
export interface DrillWatch {
  at: IsoTimestamp;
  targetHealth: HealthCheckStatus['status'];
  outcomeAlarms: DrillAlarmReading[];
  blockingAlarms: DrillAlarmReading[];
}

/** One line of a drill's own log (phases, what it saw, who stopped it). @public */
export interface DrillEvent {
  at: IsoTimestamp;
  message: string;
}

/** One drill. @public */
export interface Drill {
  id: string;
  entityRef: string;
  /** User entity ref of the person who started it. */
  actor: string;
  reason: string;
  soakSeconds: number;
  primaryRegion: string;
  secondaryRegion: string;
  state: DrillState;
  /** Set once the drill is final. */
  outcome?: DrillOutcome;
  /** Why it ended as it did, in one or two sentences. */
  outcomeDetail?: string;
  failoverOperationId?: string;
  failbackOperationId?: string;
  soakStartedAt?: IsoTimestamp;
  soakEndsAt?: IsoTimestamp;
  /** Who asked to stop it, when and why. */
  stop?: { by: string; at: IsoTimestamp; reason: string };
  /** The outcome as last watched during the soak. */
  watch?: DrillWatch;
  /** Alarm names watched during the soak, in the secondary region. */
  outcomeAlarms: string[];
  /** Alarm names that refuse or end the drill, in the primary region. */
  blockingAlarms: string[];
  events: DrillEvent[];
  /** Measured times of the failover and of the failback. */
  failoverTimings?: OperationTimings;
  failbackTimings?: OperationTimings;
  rtoMinutes?: number;
  /** Whether the failover switched within the RTO. */
  rtoMet?: boolean;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  completedAt?: IsoTimestamp;
}

/** Where a drill window was set: the service's annotations or `multiRegion.drills`. @public */
export type DrillWindowSource = 'service' | 'organisation';

/** Whether a drill may run now, by the time windows. @public */
export interface DrillWindowVerdict {
  allowed: boolean;
  /** e.g. "Allowed: inside Tue-Thu 10:00-15:00 UTC (service)." or "Refused: outside ...". */
  reason: string;
  /** The windows that applied, as written, with where they came from. */
  allowedWindows: Array<{ window: string; source: DrillWindowSource }>;
  blockedWindows: Array<{ window: string; source: DrillWindowSource }>;
}

/** Soak limits of the portal (`multiRegion.drills`). @public */
export interface DrillSoakLimits {
  minSeconds: number;
  maxSeconds: number;
  defaultSeconds: number;
}

/** Drill state of one entity, as the card and the org-wide page show it. @public */
export interface DrillStatus {
  /** The drill under way, if any. */
  running?: Drill;
  /** The latest finished drill, if any. */
  last?: Drill;
  /** No passed drill within `overdueAfterDays` (also when there never was one). */
  overdue: boolean;
  overdueAfterDays: number;
  /** Why the caller cannot start a drill (permission, read-only); absent when they can. */
  deniedReason?: string;
}

/** `POST /drills/plan` body. @public */
export interface DrillPlanRequest {
  entityRef: string;
}

/**
 * Why a drill would be refused now, in the order the server checks:
 * not on the primary, another drill running, outside its window, a blocking
 * alarm in ALARM (or unreadable).
 *
 * @public
 */
export type DrillRefusalKind =
  | 'drill-not-on-primary'
  | 'drill-running'
  | 'drill-window'
  | 'drill-blocking-alarm';

/** One reason a drill cannot start now. @public */
export interface DrillRefusal {
  kind: DrillRefusalKind;
  message: string;
}

/**
 * `POST /drills/plan` response: a dry run of the drill's failover plus what
 * only drills check. `failover` is the plan of the failover to the secondary
 * (readiness included).
 *
 * @public
 */
export interface DrillPlan {
  entityRef: string;
  failover: FailoverPlan;
  window: DrillWindowVerdict;
  blockingAlarms: DrillAlarmReading[];
  /** Outcome alarms the soak will watch (secondary region). */
  outcomeAlarms: string[];
  soak: DrillSoakLimits;
  /** Every reason the drill would be refused now (empty: it may start). */
  refusals: DrillRefusal[];
  rtoMinutes?: number;
  status: DrillStatus;
}

/** `POST /drills` body. @public */
export interface StartDrillRequest {
  entityRef: string;
  reason: string;
  soakSeconds: number;
  /** The active region the caller saw (must be the primary); a stale value gets 409. */
  expectedActiveRegion: string;
  /** Ids of failing readiness checks the person saw and accepts. */
  acknowledgeFailingChecks?: ReadinessCheckId[];
}

/** `POST /drills/:id/stop` body. @public */
export interface StopDrillRequest {
  reason: string;
}

/** `GET /drills?entityRef=` response, newest first. @public */
export interface DrillsResponse {
  items: Drill[];
}

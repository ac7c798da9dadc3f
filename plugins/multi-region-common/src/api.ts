/**
 * Request and response types of the backend's HTTP API (`/api/multi-region`),
 * shared with the frontend. docs/api.md describes each route.
 */
import { ActiveRegionResult, RoutingControlState } from './activeRegion';
import { FailoverAction } from './failover';
import { AnnotationProblem, RegionRole } from './parseMultiRegionAnnotations';
import {
  OperationReadiness,
  ReadinessCheckId,
  ReadinessReport,
  ReadinessSummary,
} from './readiness';
import { DrillOutcome, DrillStatus, OperationTimings } from './drills';

/** ISO-8601 timestamp string. @public */
export type IsoTimestamp = string;

/**
 * Where an ARC control-plane resource is while ARC has not finished with it:
 * `PENDING` after a create or update (the data plane does not know a pending
 * panel's routing controls yet), `PENDING_DELETION` after a delete.
 *
 * @public
 */
export type ArcPendingStatus = 'PENDING' | 'PENDING_DELETION';

/** A control panel, routing control or safety rule that ARC is still deploying (or deleting). @public */
export interface PendingArcResource {
  kind: 'control-panel' | 'routing-control' | 'safety-rule';
  arn: string;
  name?: string;
  status: ArcPendingStatus;
}

/**
 * ARC is still deploying (or deleting) the entity's control panel, routing
 * controls or safety rules, as its control plane reports them (a freshly
 * scaffolded service): not an error, and no failover until it is done.
 *
 * @public
 */
export interface ArcDeploymentNotice {
  /** `deploying` while anything is PENDING, else `deleting` (PENDING_DELETION). */
  state: 'deploying' | 'deleting';
  /** In words, naming each resource; also the message of execute's 409. */
  message: string;
  resources: PendingArcResource[];
}

/** Routing-control state of one region as ARC reports it. @public */
export interface RoutingControlStatus {
  arn: string;
  name?: string;
  state: RoutingControlState | 'Unknown';
  /** Why the state is Unknown (which endpoints failed and how). */
  error?: string;
  /** Set instead of `error` while ARC is still deploying (or deleting) the control or its panel. */
  deployment?: ArcPendingStatus;
  readAt?: IsoTimestamp;
}

/** Route 53 health-check status, from the refresher's last reading. @public */
export interface HealthCheckStatus {
  id?: string;
  status: 'Healthy' | 'Unhealthy' | 'Unknown';
  /** How many checkers report healthy, out of how many reported. */
  healthyObservations?: number;
  totalObservations?: number;
  observedAt?: IsoTimestamp;
  error?: string;
  /**
   * Where the status came from: `route53` (Route 53's GetHealthCheckStatus),
   * or `routing-control` (a RECOVERY_CONTROL check, derived by the backend
   * from its routing control's state and the check's Inverted and Disabled
   * settings, as Route 53 evaluates it). Absent from older servers.
   */
  source?: HealthCheckSource;
}

/** Where a health-check status came from (see {@link HealthCheckStatus}). @public */
export type HealthCheckSource = 'route53' | 'routing-control';

/** The Route 53 failover record of one region. @public */
export interface DnsRecordStatus {
  name: string;
  type: string;
  setIdentifier?: string;
  failover?: 'PRIMARY' | 'SECONDARY';
  healthCheckId?: string;
  aliasTarget?: string;
  values?: string[];
  ttl?: number;
}

/** Everything the card shows of one region. @public */
export interface RegionStatus {
  role: RegionRole;
  region: string;
  routingControl: RoutingControlStatus;
  healthCheck: HealthCheckStatus;
  /** Undefined when the record was not found in the hosted zone (see dnsError). */
  dnsRecord?: DnsRecordStatus;
  dnsError?: string;
}

/**
 * State of one step of a failover operation. `unknown`: the step's outcome
 * could not be established (an ARC write whose answer was lost and that a
 * read-back could not confirm either way); never used for "not done".
 *
 * @public
 */
export type OperationStepStatus =
  | 'pending'
  | 'running'
  | 'done'
  | 'failed'
  | 'skipped'
  | 'unknown';

/** Steps of an operation, in order. @public */
export type OperationStepName =
  | 'authorised'
  | 'routing-controls-updated'
  | 'health-checks-observed'
  | 'dns-answering';

/** @public */
export interface OperationStep {
  name: OperationStepName;
  status: OperationStepStatus;
  at?: IsoTimestamp;
  /** e.g. which endpoint answered and its request id, or why it failed. */
  detail?: string;
}

/**
 * Overall state of an operation. `reconciled` marks one left pending by a
 * crash and settled from the real ARC state on restart; `refused` an attempt
 * of an authorised person that was turned down before any write (another
 * failover in progress, a stale view, a safety rule, an unreadable state);
 * `unknown` an ARC write that may or may not have been applied (its answer
 * was lost and reading the routing controls back could not settle it): check
 * ARC, `error.message` has the last state read. `failed` always means the
 * routing controls were not changed. Changes made outside the portal have
 * `source: 'external'`.
 *
 * @public
 */
export type OperationStatus =
  | 'pending'
  | 'in-progress'
  | 'succeeded'
  | 'failed'
  | 'reconciled'
  | 'refused'
  | 'unknown';

/** One recorded change (or attempt) of an entity's active region. @public */
export interface Operation {
  id: string;
  entityRef: string;
  action: FailoverAction;
  fromRegion: string;
  toRegion: string;
  reason: string;
  /** User entity ref of the person, or `external` for a change made outside the portal. */
  actor: string;
  source: 'portal' | 'external';
  overrideSafetyRules: boolean;
  status: OperationStatus;
  steps: OperationStep[];
  error?: { name: string; message: string };
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  completedAt?: IsoTimestamp;
  /** Milliseconds from the ARC write until DNS answered with the target region. */
  dnsFollowedAfterMs?: number;
  /**
   * Id of the later operation of the same control panel that started while
   * this one was still following DNS (its ARC write done): this one then
   * stopped following DNS, its DNS steps `skipped` as superseded.
   */
  supersededBy?: string;
  /** The readiness checks at execute, and the failing ones the person acknowledged. */
  readiness?: OperationReadiness;
  /** Set when the operation is the failover or the failback of a drill. */
  drillId?: string;
  /** The region evacuation this operation is part of. */
  evacuationId?: string;
  /** Measured once the operation completed: time to switch, time to healthy, RTO met. */
  timings?: OperationTimings;
}

/** What the caller may do with an entity, mirrored by the UI (the server decides). @public */
export interface CallerPermissions {
  canFailover: boolean;
  canOverrideSafetyRules: boolean;
  /** Why failover is not allowed (missing permission, read-only mode, ...). */
  failoverDeniedReason?: string;
}

/** `GET /status?entityRef=` @public */
export interface EntityStatusResponse {
  entityRef: string;
  /** Present when the entity's annotations are malformed; nothing else is then. */
  annotationErrors?: AnnotationProblem[];
  primaryRegion?: string;
  secondaryRegion?: string;
  dnsName?: string;
  rtoMinutes?: number;
  regions?: Record<RegionRole, RegionStatus>;
  active?: ActiveRegionResult;
  /** When the active region became what it is now, if known from history. */
  activeSince?: IsoTimestamp;
  pendingOperation?: Operation;
  lastChange?: Operation;
  /** ARC is still deploying the entity's control panel or routing controls (their states are then unknown). */
  deployment?: ArcDeploymentNotice;
  permissions: CallerPermissions;
  readOnly: boolean;
  fetchedAt: IsoTimestamp;
  dnsRefreshedAt?: IsoTimestamp;
  /**
   * The last readiness evaluation of a change away from the active region
   * (scheduled, or on demand with `GET /readiness`); absent until evaluated.
   */
  readiness?: ReadinessReport;
  /** The running and the last drill, and whether one is overdue. */
  drills?: DrillStatus;
}

/** One row of the org-wide page. `GET /services` @public */
export interface ServiceSummary {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  appRole: 'external-api' | 'service';
  primaryRegion?: string;
  secondaryRegion?: string;
  active?: ActiveRegionResult;
  /** Health of the active region's health check. */
  activeHealth?: HealthCheckStatus['status'];
  lastChange?: Operation;
  pendingOperation?: Operation;
  annotationErrors?: AnnotationProblem[];
  /** ARC is still deploying the entity's control panel or routing controls. */
  deployment?: ArcDeploymentNotice;
  /** Entity refs of multi-region components this one depends on (for the topology). */
  dependsOn: string[];
  /** The last readiness evaluation's counts; absent until evaluated. */
  readiness?: ReadinessSummary;
  /** Drill status for the org-wide page. */
  drill?: ServiceDrillSummary;
}

/** A service's drills in one line of the org-wide page. @public */
export interface ServiceDrillSummary {
  /** A drill is under way. */
  running: boolean;
  /** When the latest finished drill completed. */
  lastAt?: IsoTimestamp;
  lastOutcome?: DrillOutcome;
  /** Whether the latest finished drill's failover switched within the RTO. */
  lastRtoMet?: boolean;
  /** No passed drill within the overdue period. */
  overdue: boolean;
}

/** @public */
export interface ServicesResponse {
  items: ServiceSummary[];
  fetchedAt: IsoTimestamp;
}

/** `POST /plan` body. @public */
export interface FailoverPlanRequest {
  entityRef: string;
  targetRegion: string;
}

/** A safety rule that would block (or be overridden by) the change. @public */
export interface SafetyRuleSummary {
  arn: string;
  name: string;
  type: 'assertion' | 'gating';
  description: string;
}

/**
 * A safety rule's wait period that has not ended: ARC refuses a change of the
 * rule's routing controls for `WaitPeriodMs` after the last change.
 *
 * @public
 */
export interface SafetyRuleWaitPeriod {
  /** When the last of the rules' wait periods ends: the earliest moment ARC accepts the change. */
  endsAt: IsoTimestamp;
  /** Whole seconds left when the plan was made, rounded up. */
  remainingSeconds: number;
  /** "The safety rule's wait period ends in N s. <explanation> Plan again once it has ended." */
  message: string;
  /** Which rules, how long their wait period is, and what it counts from. */
  explanation: string;
  /** The rules whose wait period is running. */
  rules: Array<{ arn: string; name: string; waitPeriodMs: number }>;
  /**
   * What the wait period counts from: the portal's own write of these
   * routing controls (`portal-change`), or the moment ARC refused a change
   * for the wait period (`arc-refusal`: the change before it was made
   * elsewhere, at the latest then).
   */
  basis: 'portal-change' | 'arc-refusal';
  /** When that write (or refusal) was. */
  since: IsoTimestamp;
}

/** `POST /plan` response: a dry run. @public */
export interface FailoverPlan {
  entityRef: string;
  action: FailoverAction;
  fromRegion: string;
  toRegion: string;
  currentActive: ActiveRegionResult;
  changes: Array<{
    role: RegionRole;
    region: string;
    routingControlArn: string;
    routingControlName?: string;
    from: RoutingControlState | 'Unknown';
    to: RoutingControlState;
  }>;
  targetHealth: HealthCheckStatus;
  blockingSafetyRules: SafetyRuleSummary[];
  /** A safety rule's wait period after the last change has not ended: execute answers 409 until `endsAt`. */
  waitPeriod?: SafetyRuleWaitPeriod;
  /** ARC is still deploying the panel, its routing controls or its safety rules: execute answers 409. */
  deployment?: ArcDeploymentNotice;
  /** Another failover of this entity is under way. */
  pendingOperation?: Operation;
  permissions: CallerPermissions;
  readOnly: boolean;
  /** Nothing to do: the target is already the active region. */
  noop: boolean;
  /**
   * Why the control panel's ownership check would refuse this change (panel
   * tagged for another entity, untagged, tags unreadable); execute answers
   * with the same message.
   */
  claimProblem?: string;
  /**
   * Other catalog entities naming this panel or its controls, ignored because
   * the panel's tag names this entity (possible claim squatting).
   */
  ignoredClaimants?: string[];
  /**
   * The readiness checks of this change, evaluated for the plan. Execute
   * evaluates them again and refuses (409, `refusal: 'readiness'`) while a
   * failing check is not in `acknowledgeFailingChecks`.
   */
  readiness?: ReadinessReport;
}

/** `POST /operations` body. The server derives every ARN; none is accepted here. @public */
export interface ExecuteFailoverRequest {
  entityRef: string;
  targetRegion: string;
  reason: string;
  /** The active region the caller saw; a stale value gets 409. */
  expectedActiveRegion: string;
  /** Break-glass: override the safety rules that block the change. */
  overrideSafetyRules?: boolean;
  /** Ids of failing readiness checks the person saw and accepts; recorded with the operation. */
  acknowledgeFailingChecks?: ReadinessCheckId[];
}

/** `GET /readiness?entityRef=&targetRegion=` (target defaults to the region that is not active). @public */
export interface ReadinessRequest {
  entityRef: string;
  targetRegion?: string;
}

/** `GET /history` response (also `?entityRef=`). @public */
export interface HistoryResponse {
  items: Operation[];
  /** Pass as `cursor` to get the next (older) page. */
  nextCursor?: string;
}

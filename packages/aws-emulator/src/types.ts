/**
 * Public types of the emulator: options, fault modes, request log entries,
 * snapshots and the fixture format.
 */
import type { EmulatorFixture } from './fixtureSchema';

/** State of a routing control, exactly as the ARC wire protocol spells it. @public */
export type RoutingControlState = 'On' | 'Off';

/**
 * How one listener behaves. `up` answers normally; the others inject a fault.
 *
 * - `refuse`: the listener is closed, so clients get ECONNREFUSED.
 * - `hang`: the request is accepted and never answered.
 * - `{ slow: ms }`: the request is handled normally after `ms` milliseconds.
 * - `reset`: the socket is destroyed as soon as the request arrives (ECONNRESET).
 * - `unavailable`: 503 EndpointTemporarilyUnavailableException (`unavailable-400`: the same with status 400,
 *   the code the public API reference documents).
 * - `internal`: 500 InternalServerException.
 * - `throttle`: 429 ThrottlingException for every request.
 *
 * @public
 */
export type FaultMode =
  | 'up'
  | 'refuse'
  | 'hang'
  | { slow: number }
  | 'reset'
  | 'unavailable'
  | 'unavailable-400'
  | 'internal'
  | 'throttle';

/**
 * Which listener a fault applies to: a cluster endpoint index (0-4), or the
 * control-plane, Route 53 or CloudWatch listener.
 *
 * @public
 */
export type FaultTarget = number | 'controlPlane' | 'route53' | 'cloudWatch';

/** Options of a fault. @public */
export interface FaultOptions {
  /**
   * Apply the fault only to these operations (e.g. `['UpdateRoutingControlStates']`: writes fail, reads work);
   * other requests are served normally. Not with `refuse`, which closes the listener.
   */
  operations?: string[];
}

/** The AWS service a request was addressed to. @public */
export type EmulatedService =
  | 'arc-cluster'
  | 'arc-control'
  | 'route53'
  | 'cloudwatch';

/** One request as the emulator saw it. @public */
export interface RequestLogEntry {
  service: EmulatedService;
  /** Cluster endpoint index (0-4), for `arc-cluster` only. */
  endpointIndex?: number;
  /** The region label of the cluster endpoint that received the request (CloudWatch: see `signingRegion`). */
  region?: string;
  /** Operation name, e.g. `UpdateRoutingControlStates`; `unknown` when it could not be resolved. */
  operation: string;
  /** Attempt number from the SDK's `amz-sdk-request` header. */
  attempt?: number;
  /** Region of the SigV4 credential scope. */
  signingRegion?: string;
  /** Service of the SigV4 credential scope. */
  signingService?: string;
  accessKeyId?: string;
  /** HTTP status sent; 0 when no response was sent (hang, reset). */
  status: number;
  /** Error name sent, when the response was an error. */
  errorCode?: string;
  /** The fault that shaped this response, if any. */
  fault?: string;
  /** The parsed request body (JSON services) or the raw body (Route 53), when there was one. */
  body?: unknown;
  requestId?: string;
  /** Epoch milliseconds, from the emulator's clock. */
  at: number;
}

/** A cluster endpoint as DescribeCluster returns it. @public */
export interface ClusterEndpoint {
  Endpoint: string;
  Region: string;
}

/** Port layout. 0 (the default) picks a free port. @public */
export interface EmulatorPorts {
  /** Five ports, one per cluster endpoint, in region order. */
  cluster?: number[];
  controlPlane?: number;
  route53?: number;
  admin?: number;
  /** One port for CloudWatch in every region. */
  cloudWatch?: number;
}

/**
 * Returns the current time in epoch milliseconds. Injected in tests to drive
 * throttling windows, wait periods and the Route 53 propagation delay.
 *
 * @public
 */
export type EmulatorClock = () => number;

/** Options of {@link startEmulator}. @public */
export interface EmulatorOptions {
  /** A fixture object, or a path to a YAML (or JSON) fixture file. */
  fixture: EmulatorFixture | string;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  ports?: EmulatorPorts;
  /**
   * Convenience for fixed layouts: cluster endpoints on basePort..basePort+4 (0 = random ports),
   * control plane +5, Route 53 +6, admin +7, CloudWatch +8. Explicit `ports` entries win.
   */
  basePort?: number;
  /**
   * Verify every request's SigV4 signature against the fixture's `accounts` (default: the cluster's account with
   * EMULATOR_CREDENTIALS), rejecting it with AWS's error otherwise. Default true. When false, any signature passes
   * and a request acts as the account of its access key if known, else as the first account.
   */
  verifySignatures?: boolean;
  /** Keep state in this JSON file across restarts (written atomically after each change). */
  stateFile?: string;
  /** Delay before a routing-control change shows in Route 53 health-check status. Default 0. */
  route53PropagationDelayMs?: number;
  /** How long a Route 53 record change stays PENDING before GetChange answers INSYNC. Default 2000. */
  route53ChangeDelayMs?: number;
  /** Route 53 requests per second per account (token bucket, burst the same); over it 400 Throttling. Default 5; 0 = off. */
  route53RequestsPerSecond?: number;
  /** Mutating data-plane calls allowed per second per cluster endpoint. Default 3 (the AWS quota); 0 = unlimited. */
  mutatingCallsPerSecond?: number;
  /** Read data-plane calls allowed per second per cluster endpoint. Default 0 = unlimited. */
  readCallsPerSecond?: number;
  /** Most entries one UpdateRoutingControlStates call may carry. Default 10 (the AWS quota). */
  maxEntriesPerUpdate?: number;
  /**
   * Enforce safety rules' WaitPeriodMs: within it after a state change of a rule's asserted (or target) controls,
   * any update request naming one of them fails with ConflictException. Default true.
   */
  enforceWaitPeriods?: boolean;
  /**
   * How long a control-plane create, update or delete stays PENDING (or PENDING_DELETION) before the resource and
   * its control panel are DEPLOYED (or gone). Default 2000; 0 still answers PENDING, and the next request sees DEPLOYED.
   */
  deploymentDelayMs?: number;
  /** Control-plane requests per second per account (token bucket, burst the same); over it 429 ThrottlingException. Default 10 (a guess: AWS documents no rate); 0 = off. */
  controlPlaneRequestsPerSecond?: number;
  /** Evaluate gating rules over the post-transaction states instead of the current ones. Default false. */
  gatingUsesPostState?: boolean;
  /** Clock used for throttling, wait periods, delays, signature expiry, the `Date` header and log timestamps. Default `Date.now`. */
  clock?: EmulatorClock;
}

/**
 * The options that can change while the emulator runs (`updateSettings`, admin `PUT /settings`), with their
 * defaults applied. @public
 */
export type EmulatorSettings = Required<
  Pick<
    EmulatorOptions,
    | 'verifySignatures'
    | 'route53PropagationDelayMs'
    | 'route53ChangeDelayMs'
    | 'route53RequestsPerSecond'
    | 'deploymentDelayMs'
    | 'controlPlaneRequestsPerSecond'
    | 'mutatingCallsPerSecond'
    | 'readCallsPerSecond'
    | 'maxEntriesPerUpdate'
    | 'enforceWaitPeriods'
    | 'gatingUsesPostState'
  >
>;

/** A safety rule's evaluation config, as in the control-plane model. @public */
export interface RuleConfig {
  Type: 'ATLEAST' | 'AND' | 'OR';
  Threshold: number;
  Inverted: boolean;
}

/** Snapshot of a control panel. @public */
export interface ControlPanelSnapshot {
  ControlPanelArn: string;
  Name: string;
  ClusterArn: string;
  Owner: string;
  Tags: Record<string, string>;
}

/** Snapshot of a routing control, with its live state. @public */
export interface RoutingControlSnapshot {
  RoutingControlArn: string;
  Name: string;
  ControlPanelArn: string;
  Owner: string;
  State: RoutingControlState;
}

/** Snapshot of a safety rule. @public */
export interface SafetyRuleSnapshot {
  SafetyRuleArn: string;
  Name: string;
  ControlPanelArn: string;
  Kind: 'ASSERTION' | 'GATING';
  /** Asserted controls (assertion rules). */
  AssertedControls?: string[];
  /** Gating controls (gating rules). */
  GatingControls?: string[];
  /** Target controls (gating rules). */
  TargetControls?: string[];
  RuleConfig: RuleConfig;
  WaitPeriodMs: number;
  Owner: string;
  Tags: Record<string, string>;
}

/** A Route 53 alias target. @public */
export interface AliasTargetSnapshot {
  HostedZoneId: string;
  DNSName: string;
  EvaluateTargetHealth: boolean;
}

/** A Route 53 resource record set, in the API's shape. @public */
export interface ResourceRecordSetSnapshot {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Failover?: 'PRIMARY' | 'SECONDARY';
  Weight?: number;
  Region?: string;
  TTL?: number;
  ResourceRecords?: Array<{ Value: string }>;
  AliasTarget?: AliasTargetSnapshot;
  HealthCheckId?: string;
}

/** Snapshot of a hosted zone with its records. @public */
export interface HostedZoneSnapshot {
  Id: string;
  Name: string;
  CallerReference: string;
  Comment?: string;
  PrivateZone: boolean;
  ResourceRecordSets: ResourceRecordSetSnapshot[];
  /** The owning account. Default: the cluster's account. */
  AccountId?: string;
}

/** Snapshot of a Route 53 health check. @public */
export interface HealthCheckSnapshot {
  Id: string;
  CallerReference: string;
  HealthCheckVersion: number;
  HealthCheckConfig: {
    Type: string;
    RoutingControlArn?: string;
    Inverted?: boolean;
    Disabled?: boolean;
    FullyQualifiedDomainName?: string;
    IPAddress?: string;
    Port?: number;
    ResourcePath?: string;
    RequestInterval?: number;
    FailureThreshold?: number;
  };
  /** For non-RECOVERY_CONTROL checks: the status the emulator reports. Default healthy. */
  EmulatedHealthy?: boolean;
  /** The owning account. Default: the cluster's account. */
  AccountId?: string;
}

/** State of a CloudWatch alarm, as the CloudWatch API spells it. @public */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** Snapshot of a CloudWatch metric alarm of one account and region. @public */
export interface AlarmSnapshot {
  AccountId: string;
  Region: string;
  AlarmName: string;
  StateValue: AlarmStateValue;
  StateReason: string;
  /**
   * ISO 8601 time of the last state change. Absent (a fixture's alarm): the
   * time the emulator loaded it.
   */
  StateUpdatedTimestamp?: string;
  MetricName?: string;
  Namespace?: string;
}

/** Everything the emulator holds, as plain JSON. @public */
export interface EmulatorSnapshot {
  cluster: {
    ClusterArn: string;
    Name: string;
    Owner: string;
    Tags: Record<string, string>;
  };
  controlPanels: ControlPanelSnapshot[];
  routingControls: RoutingControlSnapshot[];
  safetyRules: SafetyRuleSnapshot[];
  hostedZones: HostedZoneSnapshot[];
  healthChecks: HealthCheckSnapshot[];
  /** CloudWatch alarms. A snapshot or state file from before alarms existed has none. */
  alarms: AlarmSnapshot[];
}

/**
 * Evidence reports: what a failover, a drill or the whole organisation
 * looked like, for auditors. The backend serves them as JSON (these types),
 * as a readable Markdown document, and (the organisation report) as CSV.
 * docs/drills.md ("Evidence reports") and docs/api.md describe them.
 */
import { IsoTimestamp, Operation } from './api';
import { Drill, DrillOutcome, DrillState } from './drills';
import { ReadinessSummary } from './readiness';

/**
 * How a report is served: `json` (the types of this module), `markdown`
 * (a readable document), `csv` (organisation report only).
 *
 * @public
 */
export type ReportFormat = 'json' | 'markdown' | 'csv';

/** The formats of an operation's and a drill's report. @public */
export const OPERATION_REPORT_FORMATS = ['json', 'markdown'] as const;

/** The formats of the organisation report. @public */
export const ORGANISATION_REPORT_FORMATS = ['json', 'csv', 'markdown'] as const;

/**
 * The service a report is about, as the catalog and its annotations
 * described it when the report was made (fields the operation itself
 * records win: its regions, its RTO).
 *
 * @public
 */
export interface ReportEntity {
  entityRef: string;
  title?: string;
  /** The owner shown by the catalog (ownedBy relation, else spec.owner). */
  owner?: string;
  rtoMinutes?: number;
  primaryRegion?: string;
  secondaryRegion?: string;
}

/** The measured times of one change against the RTO. @public */
export interface OperationReportVerdict {
  rtoMinutes?: number;
  /** Confirm to Route 53 answering with the target region. */
  switchMs?: number;
  /** Confirm to the target region's health check seen Healthy. */
  healthyMs?: number;
  /** `switchMs` within the RTO; absent when either is unknown. */
  rtoMet?: boolean;
}

/** `GET /operations/:id/report`: one failover or failback. @public */
export interface OperationReport {
  kind: 'failover-report';
  generatedAt: IsoTimestamp;
  /** Entity ref of the person (or `service:<subject>`) the report was made for. */
  generatedBy: string;
  /** The operation as `GET /operations/:id` shows it: steps, readiness, timings, drillId. */
  operation: Operation;
  entity: ReportEntity;
  /** The drill the operation is the failover or failback of. */
  drill?: Drill;
  verdict: OperationReportVerdict;
}

/**
 * How a drill went, for the record: `passed` when it completed with outcome
 * `passed` and its failover switched within the RTO (or no RTO is set or
 * measured); `running` while it is under way; otherwise `failed`.
 *
 * @public
 */
export type DrillReportResult = 'passed' | 'failed' | 'running';

/** A drill's verdict and times against the RTO. @public */
export interface DrillReportVerdict {
  result: DrillReportResult;
  /** One or two sentences saying why. */
  summary: string;
  state: DrillState;
  outcome?: DrillOutcome;
  rtoMinutes?: number;
  /** Whether the failover switched within the RTO; absent when unknown. */
  rtoMet?: boolean;
  failover: OperationReportVerdict;
  failback: OperationReportVerdict;
}

/** `GET /drills/:id/report`: one drill with both of its operations. @public */
export interface DrillReport {
  kind: 'drill-report';
  generatedAt: IsoTimestamp;
  generatedBy: string;
  drill: Drill;
  entity: ReportEntity;
  /** The drill's failover to the secondary, as `GET /operations/:id` shows it. */
  failover?: Operation;
  /** The drill's failback to the primary. */
  failback?: Operation;
  verdict: DrillReportVerdict;
}

/** One service of the organisation report. @public */
export interface OrganisationReportRow {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  primaryRegion?: string;
  secondaryRegion?: string;
  /** The active region as last read; absent while unknown. */
  activeRegion?: string;
  rtoMinutes?: number;
  /** The service's multi-region annotations are invalid: each problem (nothing else is then known). */
  annotationProblems?: string[];
  /** The latest finished drill. */
  lastDrill?: {
    id: string;
    completedAt?: IsoTimestamp;
    outcome?: DrillOutcome;
    rtoMet?: boolean;
    /** Time to switch of the drill's failover. */
    switchMs?: number;
  };
  /** A drill is under way. */
  drillRunning: boolean;
  /** No drill passed within the report's `overdueAfterDays` (also when there never was one). */
  drillOverdue: boolean;
  /** The latest readiness evaluation; absent until evaluated. */
  readiness?: ReadinessSummary;
  /** The latest real (not a drill's) failover or failback made in the portal that moved traffic. */
  lastRealFailover?: {
    operationId: string;
    action: Operation['action'];
    fromRegion: string;
    toRegion: string;
    actor: string;
    completedAt?: IsoTimestamp;
    switchMs?: number;
    rtoMet?: boolean;
  };
}

/** `GET /reports/organisation`: every multi-region service the caller may read. @public */
export interface OrganisationReport {
  kind: 'organisation-report';
  generatedAt: IsoTimestamp;
  generatedBy: string;
  /** After how many days without a passed drill a service is overdue (`multiRegion.drills.overdueAfterDays`). */
  overdueAfterDays: number;
  totals: {
    services: number;
    /** Services with a drill passed within `overdueAfterDays`. */
    drilledWithinPeriod: number;
    /** Services without one. */
    overdue: number;
    /** Services whose latest drill's failover switched within the RTO. */
    rtoMetLastDrill: number;
    /** Services whose latest readiness evaluation has a failing check. */
    notReady: number;
  };
  services: OrganisationReportRow[];
}

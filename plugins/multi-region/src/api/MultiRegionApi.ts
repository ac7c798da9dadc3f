import { createApiRef } from '@backstage/core-plugin-api';
import {
  Drill,
  DrillPlan,
  DrillsResponse,
  EntityStatusResponse,
  Evacuation,
  EvacuationPlan,
  EvacuationPlanRequest,
  EvacuationsResponse,
  ExecuteFailoverRequest,
  FailoverPlan,
  FailoverPlanRequest,
  HistoryResponse,
  Operation,
  ReadinessReport,
  ReadinessRequest,
  ReportFormat,
  ServicesResponse,
  StartDrillRequest,
  StartEvacuationRequest,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * Options of {@link MultiRegionApi.getHistory}.
 *
 * @public
 */
export interface HistoryQuery {
  /** Only this entity's changes; every entity the caller can read when omitted. */
  entityRef?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

/**
 * What {@link MultiRegionApi.downloadReport} reports on: one failover or
 * failback, one drill, or every multi-region service the caller may read.
 *
 * @public
 */
export type ReportTarget =
  | { kind: 'operation' | 'drill'; id: string }
  | { kind: 'organisation' };

/**
 * A file as the backend sent it (a report or a runbook), ready to save.
 *
 * @public
 */
export interface DownloadedReport {
  /** The report's bytes, of the server's content type. */
  blob: Blob;
  /** The server's file name (Content-Disposition), else a generic one. */
  filename: string;
}

/**
 * Client of the multi-region backend (`/api/multi-region`). Every method
 * throws a `ResponseError` from `@backstage/errors` on a non-2xx answer, so
 * callers can read the status code (409, 403, 503) and the server's message.
 *
 * @public
 */
export interface MultiRegionApi {
  /** Regions, routing controls, health checks, DNS and permissions of one entity. */
  getStatus(entityRef: string): Promise<EntityStatusResponse>;
  /** Every multi-region entity the caller can read, in one call. */
  getServices(): Promise<ServicesResponse>;
  /** Dry run of a failover: what would change, and what would block it. */
  planFailover(request: FailoverPlanRequest): Promise<FailoverPlan>;
  /**
   * Evaluates the readiness checks of a change now (the backend also stores
   * the report as the entity's latest). The target defaults to the region
   * that is not active.
   */
  getReadiness(request: ReadinessRequest): Promise<ReadinessReport>;
  /**
   * Starts a failover; returns the operation to follow with `getOperation`.
   * A failing readiness check not named in `acknowledgeFailingChecks` gets a
   * 409 whose body carries `refusal: 'readiness'` and the fresh report.
   */
  executeFailover(request: ExecuteFailoverRequest): Promise<Operation>;
  /** One operation, with the progress of each of its steps. */
  getOperation(id: string): Promise<Operation>;
  /** Recorded changes and attempts, newest first, a page at a time. */
  getHistory(query?: HistoryQuery): Promise<HistoryResponse>;
  /**
   * Dry run of a drill (failover to the secondary, soak, failback): the
   * failover's plan, the time-window verdict, the alarms and every reason
   * it would be refused now.
   */
  planDrill(entityRef: string): Promise<DrillPlan>;
  /**
   * Starts a drill; returns it to follow with `getDrill`. A refusal is a 409
   * whose body carries `refusal` (a `DrillRefusalKind`, or `'readiness'`
   * with the fresh report as for a failover).
   */
  startDrill(request: StartDrillRequest): Promise<Drill>;
  /** One drill, with its phase, what it watched and its events. */
  getDrill(id: string): Promise<Drill>;
  /** The drills of one entity, newest first. */
  listDrills(entityRef: string, limit?: number): Promise<DrillsResponse>;
  /** Asks a running drill to fail back now; returns the drill with `stop` set. */
  stopDrill(id: string, reason: string): Promise<Drill>;
  /**
   * Dry run of a region evacuation, as the caller: the services active in
   * the region that would move, in order, and those skipped and why.
   * Nothing is written.
   */
  planEvacuation(request: EvacuationPlanRequest): Promise<EvacuationPlan>;
  /**
   * Starts an evacuation of the services the person saw moving in the plan;
   * returns it to follow with `getEvacuation`. A refusal (nothing to move,
   * one of the region already running) is a 409; a wrong confirmation a 400.
   */
  startEvacuation(request: StartEvacuationRequest): Promise<Evacuation>;
  /** One evacuation, with the state of each of its services and its events. */
  getEvacuation(id: string): Promise<Evacuation>;
  /** Recent evacuations the caller may read, newest first. */
  listEvacuations(limit?: number): Promise<EvacuationsResponse>;
  /**
   * Stops a running evacuation: services not started yet are skipped, those
   * moving finish. Returns the evacuation with `stop` set.
   */
  stopEvacuation(id: string, reason: string): Promise<Evacuation>;
  /**
   * An evidence report as a file: an operation's or a drill's (`json`,
   * `markdown`) or the organisation's (`json`, `csv`, `markdown`).
   */
  downloadReport(
    target: ReportTarget,
    format: ReportFormat,
  ): Promise<DownloadedReport>;
  /**
   * The entity's break-glass runbook: a bash script of the AWS CLI commands
   * to read its routing controls, fail over and back through any of the
   * cluster's regional endpoints and check DNS, for when the portal is down.
   */
  downloadRunbook(entityRef: string): Promise<DownloadedReport>;
}

/**
 * Reference to the {@link MultiRegionApi}.
 *
 * @public
 */
export const multiRegionApiRef = createApiRef<MultiRegionApi>({
  id: 'plugin.multi-region.service',
});

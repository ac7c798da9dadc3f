import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  ExecuteFailoverRequest,
  FailoverPlan,
  FailoverPlanRequest,
  HistoryResponse,
  Operation,
  ReadinessReport,
  ReadinessRequest,
  ServicesResponse,
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
}

/**
 * Reference to the {@link MultiRegionApi}.
 *
 * @public
 */
export const multiRegionApiRef = createApiRef<MultiRegionApi>({
  id: 'plugin.multi-region.service',
});

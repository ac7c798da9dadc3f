import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatusResponse,
  ExecuteFailoverRequest,
  FailoverPlan,
  FailoverPlanRequest,
  HistoryResponse,
  Operation,
  ServicesResponse,
} from '@multi-region-failover/plugin-multi-region-common';
import { HistoryQuery, MultiRegionApi } from './MultiRegionApi';

/**
 * The default {@link MultiRegionApi}: talks to the backend plugin through the
 * discovery API, with the caller's identity attached by the fetch API.
 *
 * @public
 */
export class MultiRegionClient implements MultiRegionApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getStatus(entityRef: string): Promise<EntityStatusResponse> {
    return this.request(`/status?${new URLSearchParams({ entityRef })}`);
  }

  getServices(): Promise<ServicesResponse> {
    return this.request('/services');
  }

  planFailover(request: FailoverPlanRequest): Promise<FailoverPlan> {
    return this.request('/plan', { method: 'POST', body: request });
  }

  executeFailover(request: ExecuteFailoverRequest): Promise<Operation> {
    return this.request('/operations', { method: 'POST', body: request });
  }

  getOperation(id: string): Promise<Operation> {
    return this.request(`/operations/${encodeURIComponent(id)}`);
  }

  getHistory(query: HistoryQuery = {}): Promise<HistoryResponse> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.request(`/history${qs ? `?${qs}` : ''}`);
  }

  private async request<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('multi-region');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers:
        options.body === undefined
          ? undefined
          : { 'Content-Type': 'application/json' },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

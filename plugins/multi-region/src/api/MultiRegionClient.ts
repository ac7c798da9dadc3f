import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DrillPlanRequest,
  StopDrillRequest,
  StopEvacuationRequest,
} from '@multi-region-failover/plugin-multi-region-common';
import { DownloadedReport, MultiRegionApi } from './MultiRegionApi';
import {
  attachmentFilename,
  fallbackReportFilename,
  fallbackRunbookFilename,
  reportPath,
  runbookPath,
} from './reportFile';

/**
 * The default {@link MultiRegionApi}: talks to the backend plugin through the
 * discovery API, with the caller's identity attached by the fetch API. Each
 * method takes its signature and documentation from the interface.
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

  readonly getStatus: MultiRegionApi['getStatus'] = entityRef =>
    this.request(`/status?${new URLSearchParams({ entityRef })}`);

  readonly getServices: MultiRegionApi['getServices'] = () =>
    this.request('/services');

  readonly planFailover: MultiRegionApi['planFailover'] = request =>
    this.request('/plan', { method: 'POST', body: request });

  readonly getReadiness: MultiRegionApi['getReadiness'] = request => {
    const params = new URLSearchParams({ entityRef: request.entityRef });
    if (request.targetRegion) params.set('targetRegion', request.targetRegion);
    return this.request(`/readiness?${params}`);
  };

  readonly executeFailover: MultiRegionApi['executeFailover'] = request =>
    this.request('/operations', { method: 'POST', body: request });

  readonly getOperation: MultiRegionApi['getOperation'] = id =>
    this.request(`/operations/${encodeURIComponent(id)}`);

  readonly getHistory: MultiRegionApi['getHistory'] = (query = {}) => {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.request(`/history${qs ? `?${qs}` : ''}`);
  };

  readonly planDrill: MultiRegionApi['planDrill'] = entityRef => {
    const body: DrillPlanRequest = { entityRef };
    return this.request('/drills/plan', { method: 'POST', body });
  };

  readonly startDrill: MultiRegionApi['startDrill'] = request =>
    this.request('/drills', { method: 'POST', body: request });

  readonly getDrill: MultiRegionApi['getDrill'] = id =>
    this.request(`/drills/${encodeURIComponent(id)}`);

  readonly listDrills: MultiRegionApi['listDrills'] = (entityRef, limit) => {
    const params = new URLSearchParams({ entityRef });
    if (limit !== undefined) params.set('limit', String(limit));
    return this.request(`/drills?${params}`);
  };

  readonly stopDrill: MultiRegionApi['stopDrill'] = (id, reason) => {
    const body: StopDrillRequest = { reason };
    return this.request(`/drills/${encodeURIComponent(id)}/stop`, {
      method: 'POST',
      body,
    });
  };

  readonly planEvacuation: MultiRegionApi['planEvacuation'] = request =>
    this.request('/evacuations/plan', { method: 'POST', body: request });

  readonly startEvacuation: MultiRegionApi['startEvacuation'] = request =>
    this.request('/evacuations', { method: 'POST', body: request });

  readonly getEvacuation: MultiRegionApi['getEvacuation'] = id =>
    this.request(`/evacuations/${encodeURIComponent(id)}`);

  readonly listEvacuations: MultiRegionApi['listEvacuations'] = limit => {
    const params = new URLSearchParams();
    if (limit !== undefined) params.set('limit', String(limit));
    const qs = params.toString();
    return this.request(`/evacuations${qs ? `?${qs}` : ''}`);
  };

  readonly stopEvacuation: MultiRegionApi['stopEvacuation'] = (id, reason) => {
    const body: StopEvacuationRequest = { reason };
    return this.request(`/evacuations/${encodeURIComponent(id)}/stop`, {
      method: 'POST',
      body,
    });
  };

  readonly downloadReport: MultiRegionApi['downloadReport'] = (
    target,
    format,
  ) =>
    this.download(
      reportPath(target, format),
      fallbackReportFilename(target, format),
    );

  readonly downloadRunbook: MultiRegionApi['downloadRunbook'] = entityRef =>
    this.download(runbookPath(entityRef), fallbackRunbookFilename(entityRef));

  /** A file: its bytes, named by Content-Disposition, else `fallbackName`. */
  private async download(
    path: string,
    fallbackName: string,
  ): Promise<DownloadedReport> {
    const response = await this.send(path);
    return {
      blob: await response.blob(),
      filename:
        attachmentFilename(response.headers.get('Content-Disposition')) ??
        fallbackName,
    };
  }

  private async request<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const response = await this.send(path, options);
    return (await response.json()) as T;
  }

  /** A request with the caller's identity; a non-2xx answer throws a ResponseError. */
  private async send(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<Response> {
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
    return response;
  }
}

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
import { HistoryQuery, MultiRegionApi } from '../api/MultiRegionApi';

/** A ResponseError exactly as the real client builds it from a backend error body. */
export async function responseError(
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
): Promise<ResponseError> {
  const statusTexts: Record<number, string> = {
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    503: 'Service Unavailable',
  };
  const body = JSON.stringify({
    error: { name, message, ...extra },
    request: { method: 'POST', url: '/' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: statusTexts[status] ?? 'Error',
    ok: false,
    url: '/',
    type: 'basic',
    redirected: false,
    headers: new (class {
      get(key: string) {
        return key.toLowerCase() === 'content-type' ? 'application/json' : null;
      }
    })() as any,
    text: async () => body,
  } as any);
}

type Answer<T> = T | Error | ((...args: any[]) => T | Promise<T>);

async function answer<T>(
  value: Answer<T> | undefined,
  what: string,
  ...args: any[]
): Promise<T> {
  if (value === undefined)
    throw new Error(`FakeMultiRegionApi: no ${what} configured`);
  if (value instanceof Error) throw value;
  if (typeof value === 'function')
    return (value as (...a: any[]) => T | Promise<T>)(...args);
  return value;
}

/**
 * An in-memory MultiRegionApi for component tests: real behaviour, scripted
 * answers, and a record of every call made.
 */
export class FakeMultiRegionApi implements MultiRegionApi {
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  status?: Answer<EntityStatusResponse>;
  services?: Answer<ServicesResponse>;
  plan?: Answer<FailoverPlan>;
  execute?: Answer<Operation>;
  /** Successive answers of getOperation; the last one repeats. */
  operationStates: Operation[] = [];
  history?: Answer<HistoryResponse>;

  constructor(
    init: Partial<
      Pick<
        FakeMultiRegionApi,
        | 'status'
        | 'services'
        | 'plan'
        | 'execute'
        | 'operationStates'
        | 'history'
      >
    > = {},
  ) {
    Object.assign(this, init);
  }

  callsOf(method: string) {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  async getStatus(entityRef: string) {
    this.calls.push({ method: 'getStatus', args: [entityRef] });
    return answer(this.status, 'status', entityRef);
  }
  async getServices() {
    this.calls.push({ method: 'getServices', args: [] });
    return answer(this.services, 'services');
  }
  async planFailover(request: FailoverPlanRequest) {
    this.calls.push({ method: 'planFailover', args: [request] });
    return answer(this.plan, 'plan', request);
  }
  async executeFailover(request: ExecuteFailoverRequest) {
    this.calls.push({ method: 'executeFailover', args: [request] });
    return answer(this.execute, 'execute', request);
  }
  async getOperation(id: string) {
    this.calls.push({ method: 'getOperation', args: [id] });
    const next =
      this.operationStates.length > 1
        ? this.operationStates.shift()
        : this.operationStates[0];
    return answer(next, 'operation', id);
  }
  async getHistory(query?: HistoryQuery) {
    this.calls.push({ method: 'getHistory', args: [query] });
    return answer(this.history, 'history', query);
  }
}

import { ResponseError } from '@backstage/errors';
import {
  Drill,
  Operation,
} from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionApi } from '../api/MultiRegionApi';

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

/** What a method of the API resolves to. */
type Result<K extends keyof MultiRegionApi> = Awaited<
  ReturnType<MultiRegionApi[K]>
>;

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
  status?: Answer<Result<'getStatus'>>;
  services?: Answer<Result<'getServices'>>;
  plan?: Answer<Result<'planFailover'>>;
  readiness?: Answer<Result<'getReadiness'>>;
  execute?: Answer<Result<'executeFailover'>>;
  /** Successive answers of getOperation; the last one repeats. */
  operationStates: Operation[] = [];
  history?: Answer<Result<'getHistory'>>;
  drillPlan?: Answer<Result<'planDrill'>>;
  startedDrill?: Answer<Result<'startDrill'>>;
  /** Successive answers of getDrill; the last one repeats. */
  drillStates: Drill[] = [];
  /** An entity without drills unless told otherwise. */
  drills?: Answer<Result<'listDrills'>> = { items: [] };
  stoppedDrill?: Answer<Result<'stopDrill'>>;
  /** What downloadReport answers (a function gets the target and format). */
  report?: Answer<Result<'downloadReport'>>;
  /** What downloadRunbook answers (a function gets the entity ref). */
  runbook?: Answer<Result<'downloadRunbook'>>;
  evacuationPlan?: Answer<Result<'planEvacuation'>>;
  startedEvacuation?: Answer<Result<'startEvacuation'>>;
  /**
   * What getEvacuation answers. To follow one through its states, answer
   * with `steppedAnswers(...).answer`: each state holds until the test moves
   * on, so a fast poll cannot skip one before it is asserted.
   */
  evacuation?: Answer<Result<'getEvacuation'>>;
  /** No evacuation unless told otherwise. */
  evacuations?: Answer<Result<'listEvacuations'>> = { items: [] };
  stoppedEvacuation?: Answer<Result<'stopEvacuation'>>;

  constructor(
    init: Partial<
      Pick<
        FakeMultiRegionApi,
        | 'status'
        | 'services'
        | 'plan'
        | 'readiness'
        | 'execute'
        | 'operationStates'
        | 'history'
        | 'drillPlan'
        | 'startedDrill'
        | 'drillStates'
        | 'drills'
        | 'stoppedDrill'
        | 'report'
        | 'runbook'
        | 'evacuationPlan'
        | 'startedEvacuation'
        | 'evacuation'
        | 'evacuations'
        | 'stoppedEvacuation'
      >
    > = {},
  ) {
    Object.assign(this, init);
  }

  callsOf(method: string) {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  readonly getStatus: MultiRegionApi['getStatus'] = async entityRef => {
    this.calls.push({ method: 'getStatus', args: [entityRef] });
    return answer(this.status, 'status', entityRef);
  };
  readonly getServices: MultiRegionApi['getServices'] = async () => {
    this.calls.push({ method: 'getServices', args: [] });
    return answer(this.services, 'services');
  };
  readonly planFailover: MultiRegionApi['planFailover'] = async request => {
    this.calls.push({ method: 'planFailover', args: [request] });
    return answer(this.plan, 'plan', request);
  };
  readonly getReadiness: MultiRegionApi['getReadiness'] = async request => {
    this.calls.push({ method: 'getReadiness', args: [request] });
    return answer(this.readiness, 'readiness', request);
  };
  readonly executeFailover: MultiRegionApi['executeFailover'] =
    async request => {
      this.calls.push({ method: 'executeFailover', args: [request] });
      return answer(this.execute, 'execute', request);
    };
  readonly getOperation: MultiRegionApi['getOperation'] = async id => {
    this.calls.push({ method: 'getOperation', args: [id] });
    const next =
      this.operationStates.length > 1
        ? this.operationStates.shift()
        : this.operationStates[0];
    return answer(next, 'operation', id);
  };
  readonly getHistory: MultiRegionApi['getHistory'] = async query => {
    this.calls.push({ method: 'getHistory', args: [query] });
    return answer(this.history, 'history', query);
  };
  readonly planDrill: MultiRegionApi['planDrill'] = async entityRef => {
    this.calls.push({ method: 'planDrill', args: [entityRef] });
    return answer(this.drillPlan, 'drill plan', entityRef);
  };
  readonly startDrill: MultiRegionApi['startDrill'] = async request => {
    this.calls.push({ method: 'startDrill', args: [request] });
    return answer(this.startedDrill, 'started drill', request);
  };
  readonly getDrill: MultiRegionApi['getDrill'] = async id => {
    this.calls.push({ method: 'getDrill', args: [id] });
    const next =
      this.drillStates.length > 1
        ? this.drillStates.shift()
        : this.drillStates[0];
    return answer(next, 'drill', id);
  };
  readonly listDrills: MultiRegionApi['listDrills'] = async (
    entityRef,
    limit,
  ) => {
    this.calls.push({ method: 'listDrills', args: [entityRef, limit] });
    return answer(this.drills, 'drills', entityRef, limit);
  };
  readonly stopDrill: MultiRegionApi['stopDrill'] = async (id, reason) => {
    this.calls.push({ method: 'stopDrill', args: [id, reason] });
    return answer(this.stoppedDrill, 'stopped drill', id, reason);
  };
  readonly planEvacuation: MultiRegionApi['planEvacuation'] = async request => {
    this.calls.push({ method: 'planEvacuation', args: [request] });
    return answer(this.evacuationPlan, 'evacuation plan', request);
  };
  readonly startEvacuation: MultiRegionApi['startEvacuation'] =
    async request => {
      this.calls.push({ method: 'startEvacuation', args: [request] });
      return answer(this.startedEvacuation, 'started evacuation', request);
    };
  readonly getEvacuation: MultiRegionApi['getEvacuation'] = async id => {
    this.calls.push({ method: 'getEvacuation', args: [id] });
    return answer(this.evacuation, 'evacuation', id);
  };
  readonly listEvacuations: MultiRegionApi['listEvacuations'] = async limit => {
    this.calls.push({ method: 'listEvacuations', args: [limit] });
    return answer(this.evacuations, 'evacuations', limit);
  };
  readonly stopEvacuation: MultiRegionApi['stopEvacuation'] = async (
    id,
    reason,
  ) => {
    this.calls.push({ method: 'stopEvacuation', args: [id, reason] });
    return answer(this.stoppedEvacuation, 'stopped evacuation', id, reason);
  };
  readonly downloadReport: MultiRegionApi['downloadReport'] = async (
    target,
    format,
  ) => {
    this.calls.push({ method: 'downloadReport', args: [target, format] });
    return answer(this.report, 'report', target, format);
  };
  readonly downloadRunbook: MultiRegionApi['downloadRunbook'] =
    async entityRef => {
      this.calls.push({ method: 'downloadRunbook', args: [entityRef] });
      return answer(this.runbook, 'runbook', entityRef);
    };
}

import {
  ListRoutingControlsCommand,
  Route53RecoveryClusterClient,
  RoutingControl,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ArcClusterConfig, ArcTimingConfig } from '../config/readConfig';
import { SdkCredentials } from '../config/credentials';
import {
  ArcAttemptFailure,
  ArcCallError,
  classifyArcError,
  describeAttempt,
  shouldRotate,
} from './errors';

/** A successful call and where it was answered. @public */
export interface ArcCallResult<T> {
  output: T;
  /** URL of the endpoint that answered. */
  endpoint: string;
  region: string;
  requestId?: string;
  /** Attempts that failed before (or beside) the one that answered. */
  attempts: ArcAttemptFailure[];
  elapsedMs: number;
}

interface EndpointClient {
  url: string;
  region: string;
  client: Route53RecoveryClusterClient;
}

type Send<T> = (
  client: Route53RecoveryClusterClient,
  signal: AbortSignal,
) => Promise<{ output: T; requestId?: string }>;

/** Fisher-Yates shuffle; the endpoints are tried in random order. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Pause before the second pass over the endpoints; doubles for each later one. */
const PASS_PAUSE_MS = 100;
/** No pass is started with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 50;

/**
 * Every endpoint in one line each: how its last attempt went (and how many
 * it had), or that it was still being waited on, or never tried.
 */
function summarise(
  endpoints: readonly EndpointClient[],
  attempts: readonly ArcAttemptFailure[],
  inFlight: ReadonlyMap<EndpointClient, { startedAt: number }>,
): string {
  const now = Date.now();
  return endpoints
    .map(ep => {
      const waiting = inFlight.get(ep);
      if (waiting) {
        return `${ep.region} (${ep.url}) had not answered after ${
          now - waiting.startedAt
        } ms`;
      }
      const mine = attempts.filter(a => a.endpoint === ep.url);
      if (mine.length === 0) return `${ep.region} (${ep.url}) was not tried`;
      const last = describeAttempt(mine[mine.length - 1]);
      return mine.length > 1 ? `${last} (${mine.length} attempts)` : last;
    })
    .join('; ');
}

/**
 * The ARC data plane of one cluster: one SDK client per regional endpoint
 * (`maxAttempts: 1`, connect and request timeouts that really throw), tried in
 * shuffled order under an overall deadline. A slow endpoint does not hold the
 * call: after `hedgeAfterMs` without an answer the next endpoint is started
 * too (routing-control updates are idempotent, so the first answer wins).
 * Unavailable / internal / throttled / timeout / connection errors rotate;
 * conflict, validation, access denied and not found stop at once. When every
 * endpoint of a pass has failed, a new shuffled pass starts after a short,
 * doubling pause, for as long as the deadline allows: endpoints that were down
 * a second ago may be back.
 *
 * @public
 */
export class ArcClusterClient {
  private readonly endpoints: EndpointClient[];

  constructor(
    readonly cluster: ArcClusterConfig,
    credentials: SdkCredentials,
    private readonly timing: ArcTimingConfig,
    private readonly order: <T>(items: readonly T[]) => T[] = shuffled,
  ) {
    this.endpoints = cluster.endpoints.map(ep => ({
      url: ep.url,
      region: ep.region,
      client: new Route53RecoveryClusterClient({
        region: ep.region,
        endpoint: ep.url,
        credentials,
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({
          connectionTimeout: timing.connectTimeoutMs,
          requestTimeout: timing.requestTimeoutMs,
          throwOnRequestTimeout: true,
        }),
      }),
    }));
  }

  /** Every routing control of a panel with its state: one paginated call. */
  listRoutingControls(
    controlPanelArn: string,
  ): Promise<ArcCallResult<RoutingControl[]>> {
    return this.call('ListRoutingControls', async (client, abortSignal) => {
      const controls: RoutingControl[] = [];
      let nextToken: string | undefined;
      let requestId: string | undefined;
      do {
        const page = await client.send(
          new ListRoutingControlsCommand({
            ControlPanelArn: controlPanelArn,
            NextToken: nextToken,
            MaxResults: 500,
          }),
          { abortSignal },
        );
        requestId = page.$metadata.requestId;
        controls.push(...(page.RoutingControls ?? []));
        nextToken = page.NextToken;
      } while (nextToken);
      return { output: controls, requestId };
    });
  }

  /** One transaction: every entry applied together, or none. */
  updateRoutingControlStates(
    entries: Array<{ arn: string; state: 'On' | 'Off' }>,
    safetyRulesToOverride: string[] = [],
  ): Promise<ArcCallResult<void>> {
    return this.call(
      'UpdateRoutingControlStates',
      async (client, abortSignal) => {
        const out = await client.send(
          new UpdateRoutingControlStatesCommand({
            UpdateRoutingControlStateEntries: entries.map(e => ({
              RoutingControlArn: e.arn,
              RoutingControlState: e.state,
            })),
            SafetyRulesToOverride:
              safetyRulesToOverride.length > 0
                ? safetyRulesToOverride
                : undefined,
          }),
          { abortSignal },
        );
        return { output: undefined, requestId: out.$metadata.requestId };
      },
    );
  }

  /** Closes the sockets of every endpoint client. */
  destroy(): void {
    this.endpoints.forEach(e => e.client.destroy());
  }

  private call<T>(operation: string, send: Send<T>): Promise<ArcCallResult<T>> {
    const {
      connectTimeoutMs,
      requestTimeoutMs,
      overallDeadlineMs,
      hedgeAfterMs,
    } = this.timing;
    const started = Date.now();
    const deadline = started + overallDeadlineMs;
    const attempts: ArcAttemptFailure[] = [];
    const inFlight = new Map<
      EndpointClient,
      { controller: AbortController; startedAt: number }
    >();
    const clusterName = this.cluster.name;
    const reorder = () => this.order(this.endpoints);
    let pass = 1;
    let order = reorder();
    let next = 0;
    let settled = false;
    let hedgeTimer: NodeJS.Timeout | undefined;
    let passTimer: NodeJS.Timeout | undefined;
    let deadlineTimer: NodeJS.Timeout | undefined;

    return new Promise<ArcCallResult<T>>((resolve, reject) => {
      const finish = (done: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(hedgeTimer);
        clearTimeout(passTimer);
        clearTimeout(deadlineTimer);
        for (const { controller } of inFlight.values()) controller.abort();
        done();
      };
      const exhausted = (why: string) =>
        new ArcCallError(
          `ARC cluster ${
            this.cluster.name
          }: ${operation} failed on every endpoint ${why}. ${summarise(
            this.endpoints,
            attempts,
            inFlight,
          )}`,
          inFlight.size > 0 || attempts.length === 0
            ? 'timeout'
            : attempts[attempts.length - 1].kind,
          attempts,
        );
      // Endpoints flap: after a pass in which every endpoint failed, another
      // pass (freshly shuffled, after a growing pause) may find one back up.
      function schedulePass() {
        if (passTimer) return;
        const pause = PASS_PAUSE_MS * 2 ** (pass - 1);
        if (deadline - Date.now() < pause + MIN_ATTEMPT_MS) {
          if (inFlight.size === 0) {
            finish(() =>
              reject(
                exhausted(
                  `(${attempts.length} attempts in ${pass} pass${
                    pass > 1 ? 'es' : ''
                  }, no time left for another)`,
                ),
              ),
            );
          }
          return;
        }
        passTimer = setTimeout(() => {
          passTimer = undefined;
          pass++;
          order = reorder();
          next = 0;
          launch();
        }, pause);
      }
      function launch() {
        if (settled) return;
        clearTimeout(hedgeTimer);
        // an endpoint still being waited on is not asked twice
        while (next < order.length && inFlight.has(order[next])) next++;
        if (next >= order.length) {
          schedulePass();
          return;
        }
        const ep = order[next++];
        const controller = new AbortController();
        const startedAt = Date.now();
        inFlight.set(ep, { controller, startedAt });
        const budget = Math.max(
          1,
          Math.min(connectTimeoutMs + requestTimeoutMs, deadline - startedAt),
        );
        const attemptTimer = setTimeout(() => controller.abort(), budget);
        send(ep.client, controller.signal).then(
          ({ output, requestId }) => {
            clearTimeout(attemptTimer);
            inFlight.delete(ep);
            finish(() =>
              resolve({
                output,
                requestId,
                endpoint: ep.url,
                region: ep.region,
                attempts,
                elapsedMs: Date.now() - started,
              }),
            );
          },
          error => {
            clearTimeout(attemptTimer);
            inFlight.delete(ep);
            if (settled) return;
            const kind = controller.signal.aborted
              ? 'timeout'
              : classifyArcError(error);
            const failure: ArcAttemptFailure = {
              endpoint: ep.url,
              region: ep.region,
              kind,
              message: controller.signal.aborted
                ? `no response within ${budget} ms`
                : `${(error as Error)?.name ?? 'Error'}: ${
                    (error as Error)?.message ?? String(error)
                  }`,
              elapsedMs: Date.now() - startedAt,
            };
            attempts.push(failure);
            if (!shouldRotate(kind)) {
              finish(() =>
                reject(
                  new ArcCallError(
                    `ARC cluster ${clusterName}: ${operation} was refused by ${describeAttempt(
                      failure,
                    )}`,
                    kind,
                    attempts,
                    error,
                  ),
                ),
              );
              return;
            }
            launch();
          },
        );
        if (next < order.length) {
          hedgeTimer = setTimeout(launch, hedgeAfterMs);
        }
      }
      deadlineTimer = setTimeout(
        () =>
          finish(() =>
            reject(exhausted(`within the ${overallDeadlineMs} ms deadline`)),
          ),
        overallDeadlineMs,
      );
      launch();
    });
  }
}

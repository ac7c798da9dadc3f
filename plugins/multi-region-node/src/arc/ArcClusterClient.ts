import {
  ListRoutingControlsCommand,
  paginateListRoutingControls,
  Route53RecoveryClusterClient,
  RoutingControl,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ArcClusterConfig,
  ArcTimingConfig,
  CONFIG_DEFAULTS,
} from '../config/readMultiRegionConfig';
import { SdkCredentials } from '../aws/credentials';
import { EndpointWriteBudget } from './EndpointWriteBudget';
import { bounded, withTimeout } from '../aws/deadline';
import { ArcAttemptFailure, classifyArcError } from './errors';
import { HedgedEndpoint, hedgedCall, shuffled } from './hedgedCall';
import { LatencyTracker } from './LatencyTracker';

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

/**
 * Whether one cluster endpoint answered a probe. `reachable` when it gave
 * any answer but an outage: success, or an AWS client error (access denied,
 * throttled, validation: the endpoint is up and would take a well-formed,
 * permitted request). Unreachable: connection errors, timeouts, 5xx and
 * `EndpointTemporarilyUnavailableException` (whatever its status). `error`
 * says what went wrong, on a reachable endpoint too.
 *
 * @public
 */
export interface EndpointProbeResult {
  url: string;
  region: string;
  reachable: boolean;
  error?: string;
  /** How long the probe took, answered or not. */
  latencyMs?: number;
}

interface EndpointClient extends HedgedEndpoint {
  client: Route53RecoveryClusterClient;
}

/**
 * The ARC data plane of one cluster: one SDK client per regional endpoint
 * (`maxAttempts: 1`, connect and request timeouts that really throw), called
 * through `hedgedCall` (shuffled, hedged, several passes under one
 * deadline). Both calls are safe to send twice: a read, and an update that
 * sets absolute states.
 *
 * The hedge delay adapts: every successful call (the portal's frequent
 * reads, so the rare failover benefits) teaches it each endpoint's latency
 * (`LatencyTracker`). Updates to one endpoint stay within ARC's 3 per second
 * (`EndpointWriteBudget`), whether from hedging or concurrent failovers.
 *
 * @public
 */
export class ArcClusterClient {
  private readonly endpoints: EndpointClient[];
  private readonly latency: LatencyTracker;
  private readonly writes = new EndpointWriteBudget();

  constructor(
    readonly cluster: ArcClusterConfig,
    credentials: SdkCredentials,
    private readonly timing: ArcTimingConfig,
    private readonly order: <T>(items: readonly T[]) => T[] = shuffled,
  ) {
    this.latency = new LatencyTracker({
      maxHedgeAfterMs: timing.hedgeAfterMs,
      // without a floor (timings made by hand, not by readMultiRegionConfig)
      // the delay stays fixed at hedgeAfterMs, as those callers asked
      minHedgeAfterMs: timing.minHedgeAfterMs ?? timing.hedgeAfterMs,
      factor: timing.hedgeLatencyFactor ?? CONFIG_DEFAULTS.hedgeLatencyFactor,
    });
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
    return this.call(
      'ListRoutingControls',
      'read',
      async (client, abortSignal) => {
        const controls: RoutingControl[] = [];
        let requestId: string | undefined;
        const pages = paginateListRoutingControls(
          { client, pageSize: 500 },
          { ControlPanelArn: controlPanelArn },
          { abortSignal },
        );
        for await (const page of pages) {
          requestId = page.$metadata.requestId;
          controls.push(...(page.RoutingControls ?? []));
        }
        return { output: controls, requestId };
      },
    );
  }

  /** One transaction: every entry applied together, or none. */
  updateRoutingControlStates(
    entries: Array<{ arn: string; state: 'On' | 'Off' }>,
    safetyRulesToOverride: string[] = [],
  ): Promise<ArcCallResult<void>> {
    return this.call(
      'UpdateRoutingControlStates',
      'write',
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

  /**
   * Probes every endpoint at once with the cheapest read (ListRoutingControls,
   * MaxResults 1), each bounded by the connect plus request timeout (as one
   * attempt of a call); never rejects. A successful probe teaches the hedge
   * delay the endpoint's latency, like any read.
   */
  probeEndpoints(
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<EndpointProbeResult[]> {
    const limitMs = this.timing.connectTimeoutMs + this.timing.requestTimeoutMs;
    return Promise.all(
      this.endpoints.map(async (endpoint): Promise<EndpointProbeResult> => {
        const started = Date.now();
        const signal = withTimeout(limitMs, options.abortSignal);
        try {
          await bounded(
            endpoint.client.send(
              new ListRoutingControlsCommand({ MaxResults: 1 }),
              { abortSignal: signal },
            ),
            signal,
            {
              timeout: `no answer within ${limitMs} ms`,
              aborted: 'the probe was aborted',
            },
          );
          const latencyMs = Date.now() - started;
          this.latency.record(endpoint.url, latencyMs);
          return {
            url: endpoint.url,
            region: endpoint.region,
            reachable: true,
            latencyMs,
          };
        } catch (error) {
          return {
            url: endpoint.url,
            region: endpoint.region,
            ...probeFailure(error, signal, limitMs),
            latencyMs: Date.now() - started,
          };
        }
      }),
    );
  }

  /** Closes the sockets of every endpoint client. */
  destroy(): void {
    this.endpoints.forEach(e => e.client.destroy());
  }

  private async call<T>(
    operation: string,
    kind: 'read' | 'write',
    send: (
      client: Route53RecoveryClusterClient,
      signal: AbortSignal,
    ) => Promise<{ output: T; requestId?: string }>,
  ): Promise<ArcCallResult<T>> {
    const { connectTimeoutMs, requestTimeoutMs, overallDeadlineMs } =
      this.timing;
    const result = await hedgedCall({
      what: `ARC cluster ${this.cluster.name}: ${operation}`,
      endpoints: this.endpoints,
      attempt: async (endpoint, signal) => {
        const started = Date.now();
        const answer = await send(endpoint.client, signal);
        this.latency.record(endpoint.url, Date.now() - started);
        return answer;
      },
      timing: {
        attemptTimeoutMs: connectTimeoutMs + requestTimeoutMs,
        overallDeadlineMs,
        hedgeAfterMs: this.timing.hedgeAfterMs,
      },
      order: this.order,
      hedgeAfter: endpoint => this.latency.hedgeAfterMs(endpoint.url),
      admit:
        kind === 'write'
          ? endpoint => this.writes.take(endpoint.url)
          : undefined,
    });
    return {
      output: result.value.output,
      requestId: result.value.requestId,
      endpoint: result.endpoint.url,
      region: result.endpoint.region,
      attempts: result.attempts,
      elapsedMs: result.elapsedMs,
    };
  }
}

/** What a failed probe says of its endpoint: an AWS client error still proves it up. */
function probeFailure(
  error: unknown,
  signal: AbortSignal,
  limitMs: number,
): { reachable: boolean; error: string } {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) {
    return {
      reachable: status < 500 && classifyArcError(error) !== 'unavailable',
      error: `${e.name ?? 'Error'} (HTTP ${status}): ${e.message ?? ''}`,
    };
  }
  if (signal.aborted) {
    const timedOut =
      (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
    return {
      reachable: false,
      error: timedOut
        ? `no answer within ${limitMs} ms`
        : 'the probe was aborted',
    };
  }
  const kind = classifyArcError(error);
  return {
    reachable: false,
    error: `${kind === 'timeout' ? 'timed out' : 'could not connect'}: ${
      e.message ?? String(error)
    }`,
  };
}

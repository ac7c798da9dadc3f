import { EndpointProbeResult } from '@multi-region-failover/plugin-multi-region-node';

/** What probes a cluster's endpoints (`ArcClusterClient.probeEndpoints`). */
export interface EndpointProber {
  probeEndpoints(options?: {
    abortSignal?: AbortSignal;
  }): Promise<EndpointProbeResult[]>;
}

/** How long a probe of a cluster's endpoints answers for it. */
export const ENDPOINT_PROBE_TTL_MS = 30_000;

/**
 * The reachability of each cluster's endpoints, probed at most once per
 * `ttlMs`: every entity of a cluster shares its endpoints, so a scheduled
 * run over a thousand entities, or a burst of dialogs, probes each cluster
 * once. Concurrent callers share the probe in flight; a probe is never
 * aborted on one caller's behalf (each read is bounded by the client's
 * request timeout), callers bound their own wait. Only a probe that reached
 * every endpoint is reused: after an outage the next caller probes again,
 * so an endpoint that came back is not reported down for a whole TTL.
 */
export class EndpointProbes {
  private readonly cache = new Map<
    string,
    { promise: Promise<EndpointProbeResult[]>; settledAt?: number }
  >();

  constructor(
    private readonly clusters: {
      get(name: string): EndpointProber | undefined;
    },
    private readonly ttlMs: number = ENDPOINT_PROBE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cluster's probe results, or undefined when it is not configured. */
  probe(clusterName: string): Promise<EndpointProbeResult[]> | undefined {
    const hit = this.cache.get(clusterName);
    if (
      hit &&
      (hit.settledAt === undefined || this.now() - hit.settledAt < this.ttlMs)
    ) {
      return hit.promise;
    }
    const client = this.clusters.get(clusterName);
    if (!client) return undefined;
    let promise: Promise<EndpointProbeResult[]>;
    try {
      promise = client.probeEndpoints();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const entry: {
      promise: Promise<EndpointProbeResult[]>;
      settledAt?: number;
    } = { promise };
    this.cache.set(clusterName, entry);
    entry.promise.then(
      results => {
        if (results.every(r => r.reachable)) {
          entry.settledAt = this.now();
        } else if (this.cache.get(clusterName) === entry) {
          this.cache.delete(clusterName);
        }
      },
      // probeEndpoints never rejects; should it, the next caller probes again
      () => {
        if (this.cache.get(clusterName) === entry) {
          this.cache.delete(clusterName);
        }
      },
    );
    return entry.promise;
  }
}

import { NotFoundError } from '@backstage/errors';
import { ArcClusters } from '@multi-region-failover/plugin-multi-region-node';

/** The state of every routing control of one control panel, read in one call. @public */
export interface PanelReading {
  controlPanelArn: string;
  controls: Map<string, { name?: string; state: 'On' | 'Off' }>;
  readAt: number;
  endpoint: string;
  region: string;
  requestId?: string;
}

interface CacheEntry {
  promise: Promise<PanelReading>;
  /** Set once the read succeeded. */
  readAt?: number;
}

/**
 * Reads routing-control states per CONTROL PANEL (one paginated
 * ListRoutingControls covers every control of it), keeps the reading for
 * `ttlMs`, and lets concurrent callers share one in-flight read.
 *
 * @public
 */
export class RoutingControlReader {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly clusters: ArcClusters,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The panel's states. `fresh` skips the cache (but still joins a read that
   * started after the caller asked, i.e. never returns older data).
   */
  read(
    clusterName: string,
    controlPanelArn: string,
    options: { fresh?: boolean } = {},
  ): Promise<PanelReading> {
    const key = `${clusterName}|${controlPanelArn}`;
    const existing = this.cache.get(key);
    if (existing) {
      const inFlight = existing.readAt === undefined;
      const young =
        existing.readAt !== undefined &&
        this.now() - existing.readAt < this.ttlMs;
      if ((inFlight && !options.fresh) || (young && !options.fresh)) {
        return existing.promise;
      }
    }
    const client = this.clusters.get(clusterName);
    if (!client) {
      return Promise.reject(
        new NotFoundError(
          `ARC cluster "${clusterName}" is not configured (multiRegion.clusters)`,
        ),
      );
    }
    const entry: CacheEntry = {
      promise: client.listRoutingControls(controlPanelArn).then(result => {
        const reading: PanelReading = {
          controlPanelArn,
          controls: new Map(
            result.output
              .filter(c => c.RoutingControlArn && c.RoutingControlState)
              .map(c => [
                c.RoutingControlArn!,
                {
                  name: c.RoutingControlName,
                  state: c.RoutingControlState as 'On' | 'Off',
                },
              ]),
          ),
          readAt: this.now(),
          endpoint: result.endpoint,
          region: result.region,
          requestId: result.requestId,
        };
        entry.readAt = reading.readAt;
        return reading;
      }),
    };
    entry.promise.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    this.cache.set(key, entry);
    return entry.promise;
  }

  /** Forgets a panel's reading (after a write). */
  invalidate(clusterName: string, controlPanelArn: string): void {
    this.cache.delete(`${clusterName}|${controlPanelArn}`);
  }
}

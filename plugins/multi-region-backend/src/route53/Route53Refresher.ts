import { stringifyError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Route53Store } from '../database/Route53Store';
import { sleep } from '../lib/sleep';
import { Route53Reader } from './Route53Reader';

/** What one entity needs refreshed. */
export interface RefreshTarget {
  accountId: string;
  hostedZoneId: string;
  dnsName: string;
  /** Health checks named in the annotations (those on the records are added). */
  healthCheckIds: string[];
}

type WorkItem =
  | { kind: 'zone'; accountId: string; hostedZoneId: string }
  | { kind: 'name'; accountId: string; hostedZoneId: string; dnsName: string }
  | { kind: 'health'; accountId: string; id: string };

/**
 * Reads Route 53 health-check status and failover records into the database,
 * within the one request budget (the limiter inside the reader). Run it only
 * from the scheduled task: the scheduler's lock makes one replica at a time
 * the only Route 53 caller, so the in-process budget is the global one.
 *
 * Each run starts with a quiet second (see `handoverQuietMs`). A pass
 * refreshes every zone, then health checks oldest first, for as long as
 * the run lasts. Refresh requests (an operation in progress asking for its own
 * records) are served before the next pass item.
 *
 * @public
 */
export class Route53Refresher {
  private served = 0;

  constructor(
    private readonly options: {
      store: Route53Store;
      reader: Route53Reader;
      targets: () => Promise<RefreshTarget[]>;
      logger: LoggerService;
      pollIntervalMs?: number;
      /**
       * Silence at the start of each run (default 1,000 ms). The previous run
       * may have been on another replica, with its own limiter: waiting a
       * full second keeps the two replicas' requests out of each other's
       * seconds, so the hand-over cannot exceed the account's budget.
       */
      handoverQuietMs?: number;
      now?: () => number;
    },
  ) {}

  /** Requests sent so far by this refresher (items, not pages). */
  get itemsServed(): number {
    return this.served;
  }

  /**
   * Works until `untilMs` (epoch) or the signal: one pass over every target,
   * then waits for refresh requests. Returns early when `drain` is set and
   * nothing is left to do.
   */
  async serve(options: {
    untilMs: number;
    signal?: AbortSignal;
    drain?: boolean;
  }): Promise<void> {
    const now = this.options.now ?? Date.now;
    const { signal } = options;
    const pollMs = this.options.pollIntervalMs ?? 250;
    await sleep(this.options.handoverQuietMs ?? 1000, signal);
    const targets = await this.options.targets();
    const pass = this.pass(targets);
    let passDone = false;
    while (!signal?.aborted && now() < options.untilMs) {
      const requests = await this.options.store.pendingRefreshRequests();
      if (requests.length > 0) {
        for (const request of requests) {
          if (request.hostedZoneId && request.dnsName) {
            await this.run({
              kind: 'name',
              accountId: request.accountId,
              hostedZoneId: request.hostedZoneId,
              dnsName: request.dnsName,
            });
          } else if (request.hostedZoneId) {
            await this.run({
              kind: 'zone',
              accountId: request.accountId,
              hostedZoneId: request.hostedZoneId,
            });
          }
          for (const id of request.healthCheckIds) {
            await this.run({
              kind: 'health',
              accountId: request.accountId,
              id,
            });
          }
        }
        await this.options.store.markServed(requests.map(r => r.id));
        continue;
      }
      if (!passDone) {
        const item = await pass.next();
        if (!item.done) {
          await this.run(item.value);
          continue;
        }
        passDone = true;
      }
      if (options.drain) return;
      await sleep(pollMs, signal);
    }
  }

  private async *pass(targets: RefreshTarget[]): AsyncGenerator<WorkItem> {
    const zones = new Map<string, string>();
    for (const t of targets) zones.set(t.hostedZoneId, t.accountId);
    for (const [hostedZoneId, accountId] of zones) {
      yield { kind: 'zone', accountId, hostedZoneId };
    }
    // health checks: from the annotations and from the records just stored
    const records = await this.options.store.records(
      targets.map(t => ({ hostedZoneId: t.hostedZoneId, name: t.dnsName })),
    );
    const checks = new Map<string, string>();
    for (const t of targets) {
      for (const id of t.healthCheckIds) checks.set(id, t.accountId);
      for (const r of records.get(`${t.hostedZoneId}|${t.dnsName}`) ?? []) {
        if (r.failover && r.healthCheckId)
          checks.set(r.healthCheckId, t.accountId);
      }
    }
    const observed = await this.options.store.healthObservedAt();
    const ordered = [...checks.keys()].sort(
      (a, b) => (observed.get(a) ?? 0) - (observed.get(b) ?? 0),
    );
    for (const id of ordered) {
      yield { kind: 'health', accountId: checks.get(id)!, id };
    }
  }

  private async run(item: WorkItem): Promise<void> {
    const { store, reader, logger } = this.options;
    this.served++;
    try {
      if (item.kind === 'health') {
        const r = await reader.healthCheckStatus(item.accountId, item.id);
        await store.putHealth(item.accountId, item.id, r);
      } else if (item.kind === 'zone') {
        const records = await reader.zoneRecords(
          item.accountId,
          item.hostedZoneId,
        );
        await store.replaceZone(item.hostedZoneId, records);
      } else {
        const records = await reader.nameRecords(
          item.accountId,
          item.hostedZoneId,
          item.dnsName,
        );
        await store.replaceName(item.hostedZoneId, item.dnsName, records);
      }
    } catch (error) {
      const message = stringifyError(error);
      logger.warn(
        `Route 53 refresh of ${item.kind} ${
          'id' in item ? item.id : item.hostedZoneId
        } failed: ${message}`,
      );
      if (item.kind === 'health') {
        await store.putHealth(item.accountId, item.id, {
          status: 'Unknown',
          error: message,
        });
      } else {
        await store.zoneError(item.hostedZoneId, message);
      }
    }
  }
}

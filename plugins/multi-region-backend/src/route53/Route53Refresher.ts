import { stringifyError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseArcArn } from '@multi-region-failover/plugin-multi-region-common';
import { PanelReading } from '../arc/RoutingControlReader';
import {
  HealthCheckSettings,
  HealthReading,
  Route53Store,
} from '../database/Route53Store';
import { sleep } from '../lib/sleep';
import { HealthCheckConfiguration, Route53Reader } from './Route53Reader';
import { recoveryControlStatus } from './recoveryControlHealth';

/** What one entity needs refreshed. */
export interface RefreshTarget {
  accountId: string;
  hostedZoneId: string;
  dnsName: string;
  /** Health checks named in the annotations (those on the records are added). */
  healthCheckIds: string[];
  /**
   * The entity's control panel: a RECOVERY_CONTROL check bound to a routing
   * control of it gets its status from the panel's ARC reading.
   */
  arc?: { clusterName: string; controlPanelArn: string };
}

/** Reads every routing-control state of a control panel (`RoutingControlReader`). */
export interface PanelStates {
  read(clusterName: string, controlPanelArn: string): Promise<PanelReading>;
}

/** A RECOVERY_CONTROL check of a known panel, with the configuration listed. */
interface DerivableCheck {
  accountId: string;
  config: HealthCheckConfiguration;
}

type WorkItem =
  | { kind: 'zone'; accountId: string; hostedZoneId: string }
  | { kind: 'name'; accountId: string; hostedZoneId: string; dnsName: string }
  | {
      kind: 'health';
      accountId: string;
      id: string;
      /** As listed this pass, stored with the status. */
      config?: HealthCheckSettings;
    }
  | {
      kind: 'configurations';
      accountId: string;
      /** Filled by the run: the account's health checks by id. */
      found: Map<string, HealthCheckConfiguration>;
    }
  | {
      kind: 'panel';
      clusterName: string;
      controlPanelArn: string;
      checks: DerivableCheck[];
      /** Filled by the run: checks whose control the panel does not have. */
      askRoute53: string[];
    };

/**
 * How long a Route 53 answer (a refresh request's GetHealthCheckStatus)
 * stands against statuses derived from routing controls.
 */
const ROUTE53_PRECEDENCE_MS = 60_000;

/** What is stored of a listed configuration (readiness reads it). */
function settingsOf(config: HealthCheckConfiguration): HealthCheckSettings {
  const { id: _id, ...settings } = config;
  return settings;
}

/** The control panel of a RECOVERY_CONTROL check's routing control. */
function panelOf(config: HealthCheckConfiguration): string | undefined {
  if (config.type !== 'RECOVERY_CONTROL' || !config.routingControlArn) {
    return undefined;
  }
  const parsed = parseArcArn(config.routingControlArn);
  return parsed.ok && parsed.value.resourceType === 'routingcontrol'
    ? parsed.value.controlPanelArn
    : undefined;
}

/**
 * Reads Route 53 health-check status and failover records into the database,
 * within the one request budget (the limiter inside the reader). Run it only
 * from the scheduled task: the scheduler's lock makes one replica at a time
 * the only Route 53 caller, so the in-process budget is the global one.
 *
 * Each run starts with a quiet second (see `handoverQuietMs`). A pass
 * refreshes every zone (one paginated listing each), then, given
 * `routingControls`, lists each account's health-check configurations
 * (ListHealthChecks, 1,000 a page) and derives the status of every
 * RECOVERY_CONTROL check of a known panel from one ARC reading of that panel,
 * at no Route 53 cost. The other checks get GetHealthCheckStatus, one request
 * each, oldest first, for as long as the run lasts. Refresh requests (an
 * operation in progress asking for its own records and checks) are served
 * before the next pass item, always from Route 53 itself: the operation
 * follows what Route 53 sees, which lags the routing controls.
 *
 * @public
 */
export class Route53Refresher {
  private served = 0;

  constructor(
    private readonly options: {
      store: Route53Store;
      reader: Route53Reader;
      /**
       * Routing-control states, to derive RECOVERY_CONTROL checks' status.
       * Without it every check takes a GetHealthCheckStatus.
       */
      routingControls?: PanelStates;
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

  /** Work items done so far by this refresher (a zone, a listing, a panel, a check; not pages). */
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
    let askRoute53 = [...checks.keys()];
    const listed = new Map<string, HealthCheckConfiguration>();
    if (this.options.routingControls) {
      askRoute53 = [];
      yield* this.panelItems(targets, checks, askRoute53, listed);
    }
    const observed = await this.options.store.healthObservedAt();
    const ordered = askRoute53.sort(
      (a, b) => (observed.get(a) ?? 0) - (observed.get(b) ?? 0),
    );
    for (const id of ordered) {
      const config = listed.get(id);
      yield {
        kind: 'health',
        accountId: checks.get(id)!,
        id,
        ...(config ? { config: settingsOf(config) } : {}),
      };
    }
  }

  /**
   * The configuration listings, then one item per control panel with the
   * RECOVERY_CONTROL checks it decides. Pushes onto `askRoute53` every check
   * that is not one of those (another type, a panel no entity names, not
   * listed, or a control the panel lacks), and into `configs` the listed
   * configuration of every check of `checks`.
   */
  private async *panelItems(
    targets: RefreshTarget[],
    checks: Map<string, string>,
    askRoute53: string[],
    configs: Map<string, HealthCheckConfiguration>,
  ): AsyncGenerator<WorkItem> {
    const clusterOf = new Map<string, string>();
    for (const t of targets) {
      if (t.arc) clusterOf.set(t.arc.controlPanelArn, t.arc.clusterName);
    }
    if (clusterOf.size === 0) {
      // no panel to read: a listing would only add requests
      askRoute53.push(...checks.keys());
      return;
    }
    const listed = new Map<string, Map<string, HealthCheckConfiguration>>();
    for (const accountId of new Set(checks.values())) {
      const found = new Map<string, HealthCheckConfiguration>();
      listed.set(accountId, found);
      yield { kind: 'configurations', accountId, found };
    }
    const panels = new Map<string, Extract<WorkItem, { kind: 'panel' }>>();
    for (const [id, accountId] of checks) {
      const config = listed.get(accountId)!.get(id);
      if (config) configs.set(id, config);
      const controlPanelArn = config && panelOf(config);
      const clusterName = controlPanelArn && clusterOf.get(controlPanelArn);
      if (!config || !controlPanelArn || !clusterName) {
        askRoute53.push(id);
        continue;
      }
      const key = `${clusterName}|${controlPanelArn}`;
      const item = panels.get(key) ?? {
        kind: 'panel',
        clusterName,
        controlPanelArn,
        checks: [],
        askRoute53: [],
      };
      item.checks.push({ accountId, config });
      panels.set(key, item);
    }
    for (const item of panels.values()) {
      yield item;
      askRoute53.push(...item.askRoute53);
    }
  }

  /** Derives the status of a panel's RECOVERY_CONTROL checks from one ARC reading. */
  private async derive(
    item: Extract<WorkItem, { kind: 'panel' }>,
  ): Promise<void> {
    const { store, logger, routingControls } = this.options;
    let reading: PanelReading | undefined;
    let failure: string | undefined;
    try {
      reading = await routingControls!.read(
        item.clusterName,
        item.controlPanelArn,
      );
    } catch (error) {
      failure = stringifyError(error);
      logger.warn(
        `Reading the routing controls of ${item.controlPanelArn} for their health checks failed: ${failure}`,
      );
    }
    const readings: HealthReading[] = [];
    for (const { accountId, config } of item.checks) {
      const state = reading?.controls.get(config.routingControlArn!)?.state;
      if (config.disabled || state) {
        readings.push({
          accountId,
          id: config.id,
          status: recoveryControlStatus(config, state),
          observedAt: reading?.readAt,
          config: settingsOf(config),
        });
      } else if (failure !== undefined) {
        // never stale-healthy: the status is unknown until ARC answers
        readings.push({
          accountId,
          id: config.id,
          status: 'Unknown',
          error: `The state of routing control ${config.routingControlArn} could not be read: ${failure}`,
          config: settingsOf(config),
        });
      } else {
        // the panel has no such control: what Route 53 makes of it, it says
        item.askRoute53.push(config.id);
      }
    }
    await store.putDerivedHealth(readings, ROUTE53_PRECEDENCE_MS);
  }

  private async run(item: WorkItem): Promise<void> {
    const { store, reader, logger } = this.options;
    this.served++;
    try {
      if (item.kind === 'health') {
        const r = await reader.healthCheckStatus(item.accountId, item.id);
        await store.putHealth(item.accountId, item.id, {
          ...r,
          config: item.config,
        });
      } else if (item.kind === 'configurations') {
        const found = await reader.healthCheckConfigurations(item.accountId);
        for (const [id, config] of found) item.found.set(id, config);
      } else if (item.kind === 'panel') {
        await this.derive(item);
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
        `Route 53 refresh of ${labelOf(item)} failed: ${message}${
          item.kind === 'configurations'
            ? '; its health checks are read one by one instead'
            : ''
        }`,
      );
      if (item.kind === 'health') {
        await store.putHealth(item.accountId, item.id, {
          status: 'Unknown',
          error: message,
        });
      } else if (item.kind === 'zone' || item.kind === 'name') {
        await store.zoneError(item.hostedZoneId, message);
      }
      // a failed listing leaves `found` empty: those checks take
      // GetHealthCheckStatus
    }
  }
}

/** What a work item is, for the log. */
function labelOf(item: WorkItem): string {
  switch (item.kind) {
    case 'health':
      return `health ${item.id}`;
    case 'configurations':
      return `the health-check configurations of account ${item.accountId}`;
    case 'panel':
      return `the health checks of ${item.controlPanelArn}`;
    default:
      return `${item.kind} ${item.hostedZoneId}`;
  }
}

/*
 * In-process benchmark of the multi-region backend against the in-repo AWS
 * emulator (real SDK clients over HTTP on loopback): the plugin's services
 * without HTTP in front. `npm run bench` (scripts/bench.js) runs it beside
 * the failover, health-refresh and HTTP benches and prints one table.
 *
 * Longer than our other files on purpose: one script that reads top to
 * bottom as the table it prints (a fleet builder, a harness, then one
 * function per measurement, each starting its own emulator).
 */
import {
  Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Emulator, startEmulator } from '@multi-region-failover/aws-emulator';
import knexFactory from 'knex';
import os from 'os';
import path from 'path';
import {
  ArcClusters,
  ArcControlPlaneClient,
  CONFIG_DEFAULTS,
  createRoute53Clients,
  RateLimiter,
} from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache } from '../src/arc/ControlPlaneCache';
import { RoutingControlReader } from '../src/arc/RoutingControlReader';
import { DrillsStore } from '../src/database/DrillsStore';
import { EvacuationsStore } from '../src/database/EvacuationsStore';
import { OperationsStore } from '../src/database/OperationsStore';
import { ReadinessStore } from '../src/database/ReadinessStore';
import { Route53Store } from '../src/database/Route53Store';
import { ExternalChangeDetector } from '../src/operations/ExternalChangeDetector';
import { FailoverExecutor } from '../src/operations/FailoverExecutor';
import { ReadinessEvaluator } from '../src/readiness/ReadinessEvaluator';
import { Route53Reader } from '../src/route53/Route53Reader';
import { Route53Refresher } from '../src/route53/Route53Refresher';
import { EntityResolver } from '../src/service/EntityResolver';
import { createServices } from '../src/service/createServices';
import { clusterConfig } from '../src/__testUtils__/clusterConfig';
import { RegionSnapshots } from '../src/service/RegionSnapshots';
import {
  ACCOUNT,
  credentials,
  credentialsFor,
  hex,
  peakPerSecond,
  SETTLED,
  silentLogger,
  timed,
} from './measure';
import { fleet, ZONE } from './fleet';
import { BenchRow } from './table';

const TIMING = {
  connectTimeoutMs: CONFIG_DEFAULTS.connectTimeoutMs,
  requestTimeoutMs: CONFIG_DEFAULTS.requestTimeoutMs,
  overallDeadlineMs: CONFIG_DEFAULTS.overallDeadlineMs,
  hedgeAfterMs: CONFIG_DEFAULTS.hedgeAfterMs,
  minHedgeAfterMs: CONFIG_DEFAULTS.minHedgeAfterMs,
  hedgeLatencyFactor: CONFIG_DEFAULTS.hedgeLatencyFactor,
  cacheTtlMs: CONFIG_DEFAULTS.cacheTtlMs,
  configCacheTtlMs: CONFIG_DEFAULTS.configCacheTtlMs,
};

async function harness(emu: Emulator, entities: any[]) {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await db.migrate.latest({
    directory: path.resolve(__dirname, '../migrations'),
  });
  const cluster = clusterConfig(emu);
  const clusters = new ArcClusters([cluster], credentialsFor, TIMING);
  const reader = new RoutingControlReader(clusters, TIMING.cacheTtlMs);
  const byRef = new Map(
    entities.map(e => [`component:default/${e.metadata.name}`, e]),
  );
  const catalog = {
    getEntityByRef: async (ref: string) => byRef.get(ref),
    getEntities: async () => ({ items: entities }),
  } as any;
  const auth = {
    isPrincipal: (c: any, type: string) => c.principal.type === type,
    getOwnServiceCredentials: async () => ({
      principal: { type: 'service', subject: 'plugin:multi-region' },
    }),
  } as any;
  const permissions = {
    authorize: async (reqs: any[]) =>
      reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (reqs: any[]) =>
      reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
  } as any;
  const operations = new OperationsStore(db);
  const route53 = new Route53Store(db);
  const snapshots = new RegionSnapshots(reader, route53);
  const entityResolver = new EntityResolver(catalog, auth, () => [
    'shared-arc',
  ]);
  const controlPlane = new ControlPlaneCache(
    new ArcControlPlaneClient({
      endpoint: emu.controlPlaneEndpoint,
      region: 'us-west-2',
      credentialsFor,
      timeoutMs: 5000,
    }),
    60000,
  );
  const service = createServices({
    entities: entityResolver,
    snapshots,
    controlPlane,
    operations,
    // the fleet names no CloudWatch alarms
    readiness: new ReadinessEvaluator({
      clusters,
      alarms: { states: async () => new Map() },
      controlPlane,
      operations,
      logger: silentLogger,
      deadlineMs: 3000,
    }),
    readinessStore: new ReadinessStore(db),
    executor: new FailoverExecutor({
      clusters,
      reader,
      operations,
      route53,
      logger: silentLogger,
      dnsTimeoutMs: 10000,
    }),
    detector: new ExternalChangeDetector(operations, silentLogger),
    permissions,
    auth,
    logger: silentLogger,
    readOnly: false,
    access: {
      permissionFrameworkEnabled: true,
      allowFailoverWithoutPermissionFramework: false,
      platformAdminGroups: [],
      planRequestsPerMinute: 0,
      executeRequestsPerMinute: 0,
    },
    drills: new DrillsStore(db),
    drillSettings: {
      allowedWindows: [],
      blockedWindows: [],
      overdueAfterDays: 90,
      soak: { minSeconds: 60, maxSeconds: 14400, defaultSeconds: 900 },
      watchIntervalMs: 10_000,
    },
    route53,
    alarms: { states: async () => new Map() },
    evacuations: new EvacuationsStore(db),
    evacuationConcurrency: 4,
    clusters: [],
    staleAfterMs: 60_000,
  });
  const user = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/alice' },
  } as any;
  return { db, service, user, clusters, reader, route53, entityResolver };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

const arcReads = (emu: Emulator) =>
  emu
    .requestLog()
    .filter(
      e => e.service === 'arc-cluster' && e.operation === 'ListRoutingControls',
    ).length;

/** What the in-process bench measured: goal rows and context rows. */
export interface InProcessBench {
  goals: BenchRow[];
  details: string[][];
}

async function statusOfOne(rows: string[][]) {
  const { fixture, entities } = fleet(1, 1);
  const emu = await startEmulator({ fixture, ...SETTLED });
  const h = await harness(emu, entities);
  const ref = 'component:default/svc-0';
  const [cold] = await timed(() => h.service.status.status(ref, h.user));
  const warm: number[] = [];
  for (let i = 0; i < 50; i++)
    warm.push((await timed(() => h.service.status.status(ref, h.user)))[0]);
  warm.sort((a, b) => a - b);
  rows.push([
    'status of one entity, cold (first ARC read, new sockets)',
    ms(cold),
    `${arcReads(emu)} ARC read in total`,
  ]);
  rows.push([
    'status of one entity, warm (cached panel, median of 50)',
    ms(warm[25]),
    `p95 ${ms(warm[47])}`,
  ]);
  h.clusters.destroy();
  await h.db.destroy();
  await emu.stop();
}

async function manyServices(rows: string[][], goals: BenchRow[]) {
  const { fixture, entities } = fleet(50, 20);
  const emu = await startEmulator({ fixture, ...SETTLED });
  const h = await harness(emu, entities);
  emu.clearLog();
  const [cold, res] = await timed(() => h.service.status.services(h.user));
  const coldReads = arcReads(emu);
  emu.clearLog();
  const [warm] = await timed(() => h.service.status.services(h.user));
  const warmReads = arcReads(emu);
  emu.clearLog();
  const [concurrent] = await timed(() =>
    Promise.all(
      Array.from({ length: 20 }, () => h.service.status.services(h.user)),
    ),
  );
  goals.push({
    figure: `ARC reads for one status pass over ${res.items.length} services in 50 panels`,
    goal: '<= 50 (one per panel)',
    result: `${coldReads} cold, ${warmReads} warm`,
    met: coldReads <= 50 && warmReads === 0,
  });
  rows.push([
    `GET /services: ${res.items.length} services in 50 panels, cold`,
    ms(cold),
    `${coldReads} ARC reads (goal <= 50 panels)`,
  ]);
  rows.push([
    'GET /services, warm (within arc.cacheTtlMs)',
    ms(warm),
    `${warmReads} ARC reads`,
  ]);
  rows.push([
    'GET /services x 20 concurrent callers',
    ms(concurrent),
    `${arcReads(emu)} ARC reads (coalesced)`,
  ]);

  // Route 53 under a burst of portal users: users read stored results only
  emu.clearLog();
  const limiter = new RateLimiter(5);
  const r53Clients = createRoute53Clients({
    credentialsFor,
    limiter,
    endpoint: emu.route53Endpoint,
  });
  const r53 = new Route53Reader({ clients: r53Clients, timeoutMs: 5000 });
  const refresher = new Route53Refresher({
    store: h.route53,
    reader: r53,
    routingControls: h.reader,
    logger: silentLogger,
    pollIntervalMs: 20,
    targets: async () =>
      (await h.entityResolver.list()).flatMap(e =>
        e.config
          ? [
              {
                accountId: ACCOUNT,
                hostedZoneId: ZONE,
                dnsName: e.config.dnsName,
                healthCheckIds: [],
                arc: {
                  clusterName: e.config.clusterName,
                  controlPanelArn: e.config.controlPanelArn,
                },
              },
            ]
          : [],
      ),
  });
  const windowMs = 10_000;
  const started = Date.now();
  const refresh = refresher.serve({ untilMs: started + windowMs });
  let userCalls = 0;
  const users = Array.from({ length: 100 }, async (_, u) => {
    while (Date.now() - started < windowMs) {
      await h.service.status.status(
        `component:default/svc-${(u * 7) % 1000}`,
        h.user,
      );
      userCalls++;
      await new Promise(r => setTimeout(r, 100)); // a busy person's pace
      if (u % 10 === 0) {
        // an operation in progress asks for its own records
        await h.route53.requestRefresh({
          accountId: ACCOUNT,
          hostedZoneId: ZONE,
          dnsName: `svc-${u}.example.com`,
          healthCheckIds: [`1e0f7a10-0000-4000-8000-${hex(u * 2 + 1, 12)}`],
        });
      }
    }
  });
  await Promise.all([refresh, ...users]);
  const times = emu
    .requestLog()
    .filter(e => e.service === 'route53')
    .map(e => e.at)
    .sort((a, b) => a - b);
  const peak = peakPerSecond(times);
  const sentPeak = peakPerSecond(limiter.recentGrants);
  const span = Math.max(1, (times[times.length - 1] - times[0]) / 1000);
  goals.push({
    figure: `Route 53 requests in any 1 s window, ${
      windowMs / 1000
    } s of 100 portal users and the refresher`,
    goal: '<= 5 (the account budget)',
    result: `${sentPeak} as sent, ${peak} as the emulator logged them`,
    met: sentPeak <= 5,
  });
  rows.push([
    `Route 53 during ${
      windowMs / 1000
    } s of 100 portal users (${userCalls} status reads; 10 users also asking for refreshes)`,
    `${times.length} requests, ${(times.length / span).toFixed(
      1,
    )} req/s average`,
    `peak ${sentPeak} in any 1 s window as sent (goal <= 5); ${peak} as the in-process emulator logged their arrival (its event loop is shared with the 100 users); ${
      emu.requestLog().filter(e => e.errorCode === 'Throttling').length
    } throttled by the emulator's 5/s per account (retried within the budget); portal users caused 0 Route 53 calls`,
  ]);
  r53Clients.destroy();
  h.clusters.destroy();
  await h.db.destroy();
  await emu.stop();
}

/** Why the ARC client sets timeouts: a plain SDK client against one hanging endpoint. */
async function plainClientWithHanging(rows: string[][]) {
  const { fixture } = fleet(1, 1);
  const emu = await startEmulator({
    fixture,
    mutatingCallsPerSecond: 0,
    ...SETTLED,
  });
  const cluster = clusterConfig(emu);
  const rc = fixture.controlPanels![0].routingControls!.map(c => c.arn!);
  // a plain SDK client with default settings, pointed at one hanging endpoint
  await emu.setFault(0, 'hang');
  const plain = new Route53RecoveryClusterClient({
    region: 'us-east-1',
    endpoint: cluster.endpoints[0].url,
    credentials,
  });
  const cap = 10_000;
  const started = Date.now();
  const outcome = await Promise.race([
    plain
      .send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            { RoutingControlArn: rc[0], RoutingControlState: 'On' },
          ],
        }),
      )
      .then(
        () => 'answered',
        e => `failed: ${e.name}`,
      ),
    new Promise<string>(r => setTimeout(() => r('still waiting'), cap)),
  ]);
  rows.push([
    'plain SDK client (default config), 1 hanging endpoint',
    outcome === 'still waiting'
      ? `> ${cap / 1000} s`
      : ms(Date.now() - started),
    outcome === 'still waiting'
      ? `still waiting when the bench gave up (no timeout by default)`
      : outcome,
  ]);
  plain.destroy();
  await emu.stop();
}

/** Runs every in-process measurement, one emulator each. */
export async function benchInProcess(
  progress: (line: string) => void = () => {},
): Promise<InProcessBench> {
  const details: string[][] = [];
  const goals: BenchRow[] = [];
  progress('status of one entity');
  await statusOfOne(details);
  progress('1,000 services in 50 panels and the Route 53 budget (10 s)');
  await manyServices(details, goals);
  progress('a plain SDK client against a hanging endpoint');
  await plainClientWithHanging(details);
  return { goals, details };
}

/** The machine and settings a bench ran with, for the table's caption. */
export function benchCaption(): string {
  const cpu = os.cpus();
  return `Machine: ${cpu[0]?.model ?? 'unknown CPU'} x ${
    cpu.length
  }, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, ${os.type()} ${os.release()}, Node ${
    process.version
  }; emulator on loopback; default ARC timeouts (connect ${
    TIMING.connectTimeoutMs
  } ms, request ${TIMING.requestTimeoutMs} ms, hedge ceiling ${
    TIMING.hedgeAfterMs
  } ms, deadline ${TIMING.overallDeadlineMs} ms).`;
}

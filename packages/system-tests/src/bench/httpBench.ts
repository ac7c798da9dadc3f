/*
 * The HTTP bench (issue 14): one real dev-backend replica (packages/backend
 * as `npm start` runs it: SQLite files, the Backstage CLI's Node transform),
 * the AWS emulator holding 1,000 services in 50 control panels, and a real
 * signed-in user. It measures the multi-region routes against the catalog's
 * own GET /entities/by-name in the same run, so the goals are ratios and the
 * machine's speed does not decide them.
 */
import {
  Emulator,
  EMULATOR_CREDENTIALS,
  EmulatorFixture,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createDatabase, dropDatabase } from '../harness/database';
import { repoRoot } from '../harness/paths';
import { freePort, Replica } from '../harness/replica';
import { CLUSTER_ARN, guestToken, replicaConfig } from '../harness/system';
import { waitFor } from '../harness/waitFor';

/**
 * One row of the bench's table: the shape of BenchRow in
 * plugins/multi-region-backend/bench/table.ts, which this package cannot
 * import (another package's bench file, not part of its API).
 */
export interface BenchRow {
  figure: string;
  goal: string;
  result: string;
  /** undefined: the figure has no pass/fail goal (context only). */
  met: boolean | undefined;
  detail?: string;
}

/** The services a bench runs with: `panels` x `perPanel`, svc-0, svc-1, ... */
export interface BenchFleet {
  panels: number;
  fixture: EmulatorFixture;
  entities: object[];
}

/** Options of {@link benchHttp}; the defaults are the documented run. */
export interface HttpBenchOptions {
  /**
   * The estate: the emulator's fixture and the catalog's Components, as
   * `fleet()` of plugins/multi-region-backend/bench builds it (scripts/bench.js
   * passes it in, so every bench measures the same estate). Its cluster is
   * renamed to the system tests' cluster ARN.
   */
  fleet: BenchFleet;
  /** Where the replica keeps its data: SQLite files (as `npm start`) or a fresh PostgreSQL database. */
  database?: 'sqlite' | 'pg';
  /** Concurrent callers of the throughput figures. */
  callers?: number;
  /** Requests each concurrent caller sends per round. */
  requestsPerCaller?: number;
  /** Requests of the one-caller figures per round. */
  singleRequests?: number;
  /** Rounds, each measuring the catalog and the status route back to back. */
  rounds?: number;
  /** GET /services calls of the warm figure. */
  servicesRequests?: number;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
  /** Keep the replica's directory (config, log, SQLite files) instead of removing it. */
  keepDir?: boolean;
}

/** The user the bench signs in as: a member of team-orders, owner of half the fleet, no admin. */
const USER = {
  user: 'user:default/guest',
  ownership: ['user:default/guest', 'group:default/team-orders'],
};
/** The entity of the one-entity figures (owned by the user's team). */
const ENTITY = { kind: 'component', namespace: 'default', name: 'svc-0' };

/** What one batch of requests took. */
export interface Sample {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  /** CPU time of the replica process during the batch (user + system). */
  cpuMs: number;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** User + system CPU time of a process in ms (Linux /proc), or NaN. */
function cpuTimeMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the name)
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * `callers` concurrent callers, each sending `perCaller` GETs of `paths(i)`
 * back to back (keep-alive, as a browser does). Any answer but 200 fails the
 * bench: a figure of error pages would be meaningless.
 */
export async function hammer(
  replica: Replica,
  token: string,
  callers: number,
  perCaller: number,
  pathOf: (caller: number, i: number) => string,
): Promise<Sample> {
  const latenciesMs: number[] = [];
  const cpuBefore = cpuTimeMs(replica.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = 0; i < perCaller; i++) {
        const target = pathOf(c, i);
        const t = performance.now();
        const res = await fetch(`${replica.url}${target}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const text = await res.text();
        latenciesMs.push(performance.now() - t);
        if (res.status !== 200) {
          throw new Error(
            `GET ${target} answered ${res.status}: ${text.slice(0, 300)}`,
          );
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: callers * perCaller,
    seconds,
    latenciesMs,
    cpuMs: cpuTimeMs(replica.pid) - cpuBefore,
  };
}

/** Samples of one kind added up over rounds. */
class Tally {
  private samples: Sample[] = [];
  add(s: Sample) {
    this.samples.push(s);
  }
  get perSecond() {
    const n = this.samples.reduce((a, s) => a + s.requests, 0);
    return n / this.samples.reduce((a, s) => a + s.seconds, 0);
  }
  get p50() {
    return percentile(
      this.samples.flatMap(s => s.latenciesMs),
      50,
    );
  }
  get p95() {
    return percentile(
      this.samples.flatMap(s => s.latenciesMs),
      95,
    );
  }
  get cpuMsPerRequest() {
    const n = this.samples.reduce((a, s) => a + s.requests, 0);
    return this.samples.reduce((a, s) => a + s.cpuMs, 0) / n;
  }
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const pct = (n: number) => `${Math.round(n * 100)} %`;

/** The app-config of the bench's replica: the system tests' config, one user, the fleet, defaults elsewhere. */
function benchConfig(opts: {
  port: number;
  emulator: Emulator;
  dir: string;
  fleetFile: string;
  database: { kind: 'sqlite' } | { kind: 'pg'; name: string };
}) {
  const base = replicaConfig({
    port: opts.port,
    database: opts.database.kind === 'pg' ? opts.database.name : '',
    emulator: opts.emulator,
    accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
    guestUser: USER.user,
    guestOwnership: USER.ownership,
    dir: opts.dir,
  });
  return {
    ...base,
    backend: {
      ...base.backend,
      database:
        opts.database.kind === 'pg'
          ? base.backend.database
          : {
              client: 'better-sqlite3',
              connection: { directory: path.join(opts.dir, 'data') },
            },
    },
    catalog: {
      ...base.catalog,
      locations: [
        { type: 'file', target: path.join(repoRoot, 'examples/org.yaml') },
        { type: 'file', target: opts.fleetFile },
      ],
    },
    multiRegion: {
      ...base.multiRegion,
      // the dev portal's defaults: no test timings
      route53: { endpoint: opts.emulator.route53Endpoint },
      cloudWatch: { endpoint: opts.emulator.cloudWatchEndpoint },
      arc: {},
      operations: {},
    },
  };
}

/** Why GET /services failed, in the error body's words. */
async function servicesError(replica: Replica, token: string) {
  const res = await fetch(`${replica.url}/api/multi-region/services`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  try {
    return `${res.status}: ${JSON.parse(text).error.message}`;
  } catch {
    return `${res.status}: ${text.slice(0, 200)}`;
  }
}

/** A running bench backend: one replica with the fleet, and a signed-in user's token. */
export interface BenchBackend {
  replica: Replica;
  token: string;
  dir: string;
  /** Kills the replica (SIGKILL unless given) and removes everything started (never throws). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the emulator with 1,000 services and one dev-backend replica, signs
 * in as {@link USER} and waits until the catalog holds every service.
 */
export async function startBenchBackend(options: {
  fleet: BenchFleet;
  database: 'sqlite' | 'pg';
  keepDir: boolean;
  log: (line: string) => void;
}): Promise<BenchBackend> {
  const { fleet, database, keepDir, log } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-http-bench-'));
  const fleetFile = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(
    fleetFile,
    fleet.entities.map(e => YAML.stringify(e)).join('---\n'),
  );
  const emulator = await startEmulator({
    fixture: {
      ...fleet.fixture,
      cluster: { ...fleet.fixture.cluster, arn: CLUSTER_ARN },
    },
    deploymentDelayMs: 0,
    route53ChangeDelayMs: 0,
  });
  let pgName: string | undefined;
  let replica: Replica | undefined;
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    await replica?.kill(signal).catch(() => {});
    await emulator.stop().catch(() => {});
    if (pgName) await dropDatabase(pgName).catch(() => {});
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (database === 'pg') pgName = await createDatabase();
    const port = await freePort();
    const configFile = path.join(dir, 'app-config.bench.yaml');
    fs.writeFileSync(
      configFile,
      YAML.stringify(
        benchConfig({
          port,
          emulator,
          dir,
          fleetFile,
          database: pgName ? { kind: 'pg', name: pgName } : { kind: 'sqlite' },
        }),
      ),
    );
    replica = new Replica('bench', port, [configFile], path.join(dir, 'log'));
    log(`http bench: starting the dev backend (${database}, log ${dir}/log)`);
    await replica.start();
    const token = await guestToken(replica);
    const total = fleet.entities.length;
    log(`http bench: waiting for the catalog to hold ${total} services`);
    await waitFor(
      `the catalog to hold ${total} services`,
      async () => {
        const res = await fetch(
          `${
            replica!.url
          }/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return res.ok && ((await res.json()) as any).totalItems >= total;
      },
      { timeoutMs: 600_000, intervalMs: 2000 },
    );
    return { replica, token, dir, stop };
  } catch (error) {
    const tail = replica ? `\nreplica log tail:\n${replica.logTail(60)}` : '';
    await stop();
    throw new Error(`${(error as Error).message}${tail}`);
  }
}

/** The bench's paths: the catalog's by-name and the status route, of one entity or spread over the fleet. */
export const BENCH_PATHS = {
  catalog: () =>
    `/api/catalog/entities/by-name/${ENTITY.kind}/${ENTITY.namespace}/${ENTITY.name}`,
  status: () =>
    `/api/multi-region/status?entityRef=${encodeURIComponent(
      `${ENTITY.kind}:${ENTITY.namespace}/${ENTITY.name}`,
    )}`,
  catalogSpread: () =>
    `/api/catalog/entities/by-name/component/default/svc-${next('catalog')}`,
  statusSpread: () =>
    `/api/multi-region/status?entityRef=${encodeURIComponent(
      `component:default/svc-${next('status')}`,
    )}`,
  services: () => '/api/multi-region/services',
};

const spreadCounters = { catalog: 0, status: 0 };
/** How many services the running bench's fleet has (set by benchHttp). */
let fleetSize = 1;
/**
 * The next entity of a route's tour of the fleet: a different entity on each
 * request, an entity again only after the whole fleet (far longer ago than any
 * per-caller reuse lasts).
 */
function next(route: keyof typeof spreadCounters) {
  return spreadCounters[route]++ % fleetSize;
}

/**
 * Starts the emulator and one replica with 1,000 services, signs in, runs
 * the figures and tears everything down (also on failure).
 */
export async function benchHttp(
  options: HttpBenchOptions,
): Promise<BenchRow[]> {
  const {
    fleet,
    database = 'sqlite',
    callers = 10,
    requestsPerCaller = 50,
    singleRequests = 100,
    rounds = 3,
    servicesRequests = 10,
    log = (line: string) => process.stderr.write(`${line}\n`),
    keepDir = false,
  } = options;
  const SERVICES = fleet.entities.length;
  const PANELS = fleet.panels;
  fleetSize = SERVICES;
  const { replica, token, stop } = await startBenchBackend({
    fleet,
    database,
    keepDir,
    log,
  });
  try {
    const {
      catalog: catalogPath,
      status: statusPath,
      catalogSpread,
      statusSpread,
    } = BENCH_PATHS;

    log('http bench: warming up');
    await hammer(replica, token, callers, 10, catalogPath);
    await hammer(replica, token, callers, 10, statusPath);
    await hammer(replica, token, callers, 10, catalogSpread);
    await hammer(replica, token, callers, 10, statusSpread);

    const t = {
      catalogN: new Tally(),
      statusN: new Tally(),
      catalog1: new Tally(),
      status1: new Tally(),
      catalogSpread: new Tally(),
      statusSpread: new Tally(),
      catalogSpread1: new Tally(),
      statusSpread1: new Tally(),
    };
    for (let r = 0; r < rounds; r++) {
      log(`http bench: round ${r + 1} of ${rounds}`);
      // alternate which goes first, so that drift favours neither
      const pairs: Array<[Tally, () => Promise<Sample>]> = [
        [
          t.catalogN,
          () =>
            hammer(replica!, token, callers, requestsPerCaller, catalogPath),
        ],
        [
          t.statusN,
          () => hammer(replica!, token, callers, requestsPerCaller, statusPath),
        ],
        [
          t.catalog1,
          () => hammer(replica!, token, 1, singleRequests, catalogPath),
        ],
        [
          t.status1,
          () => hammer(replica!, token, 1, singleRequests, statusPath),
        ],
        [
          t.catalogSpread,
          () =>
            hammer(replica!, token, callers, requestsPerCaller, catalogSpread),
        ],
        [
          t.statusSpread,
          () =>
            hammer(replica!, token, callers, requestsPerCaller, statusSpread),
        ],
        [
          t.catalogSpread1,
          () => hammer(replica!, token, 1, singleRequests, catalogSpread),
        ],
        [
          t.statusSpread1,
          () => hammer(replica!, token, 1, singleRequests, statusSpread),
        ],
      ];
      for (let i = 0; i < pairs.length; i += 2) {
        const pair =
          r % 2 === 0 ? [pairs[i], pairs[i + 1]] : [pairs[i + 1], pairs[i]];
        for (const [tally, run] of pair) tally.add(await run());
      }
    }

    log('http bench: GET /services');
    const servicesPath = () => '/api/multi-region/services';
    const services = new Tally();
    // a failing route is a result too (before issue 14: 413 from the
    // permission backend, whose body limit a per-entity batch exceeded)
    const first = await fetch(`${replica.url}${servicesPath()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const listed = first.ok
      ? ((await first.json()) as any).items.length
      : `HTTP ${first.status}`;
    if (first.ok) {
      await hammer(replica, token, 1, 1, servicesPath);
      services.add(
        await hammer(replica, token, 1, servicesRequests, servicesPath),
      );
    }

    const throughputRatio = t.statusN.perSecond / t.catalogN.perSecond;
    const singleRatio = t.status1.p50 / t.catalog1.p50;
    const spreadRatio = t.statusSpread.perSecond / t.catalogSpread.perSecond;
    const cpu = (x: Tally) => `${x.cpuMsPerRequest.toFixed(1)} ms CPU/request`;
    return [
      {
        figure: `GET /status (one entity), ${callers} concurrent callers: throughput vs the catalog's GET /entities/by-name`,
        goal: ">= 70 % of the catalog's",
        result: `${pct(throughputRatio)} (${t.statusN.perSecond.toFixed(
          0,
        )} vs ${t.catalogN.perSecond.toFixed(0)} req/s)`,
        met: throughputRatio >= 0.7,
        detail: `p50 ${ms(t.statusN.p50)} vs ${ms(t.catalogN.p50)}, p95 ${ms(
          t.statusN.p95,
        )} vs ${ms(t.catalogN.p95)}; replica ${cpu(t.statusN)} vs ${cpu(
          t.catalogN,
        )}`,
      },
      {
        figure:
          "GET /status (one entity), one caller: p50 vs the catalog's by-name",
        goal: "<= 2x the catalog's",
        result: `${singleRatio.toFixed(2)}x (${ms(t.status1.p50)} vs ${ms(
          t.catalog1.p50,
        )})`,
        met: singleRatio <= 2,
        detail: `p95 ${ms(t.status1.p95)} vs ${ms(t.catalog1.p95)}`,
      },
      {
        figure: `GET /status, a different entity on every request, ${callers} concurrent callers (nothing reused per entity)`,
        goal: '(for comparison)',
        result: `${pct(spreadRatio)} (${t.statusSpread.perSecond.toFixed(
          0,
        )} vs ${t.catalogSpread.perSecond.toFixed(0)} req/s)`,
        met: undefined,
        detail: `p50 ${ms(t.statusSpread.p50)} vs ${ms(
          t.catalogSpread.p50,
        )}; replica ${cpu(t.statusSpread)} vs ${cpu(t.catalogSpread)}`,
      },
      {
        figure:
          'GET /status, a different entity on every request, one caller: p50 vs the catalog',
        goal: '(for comparison)',
        result: `${(t.statusSpread1.p50 / t.catalogSpread1.p50).toFixed(
          2,
        )}x (${ms(t.statusSpread1.p50)} vs ${ms(t.catalogSpread1.p50)})`,
        met: undefined,
        detail: `p95 ${ms(t.statusSpread1.p95)} vs ${ms(t.catalogSpread1.p95)}`,
      },
      typeof listed === 'number'
        ? {
            figure: `GET /services, ${listed} services in ${PANELS} panels, signed-in user, warm (p50 of ${servicesRequests})`,
            goal: '< 300 ms',
            result: ms(services.p50),
            met: listed >= SERVICES && services.p50 < 300,
            detail: `p95 ${ms(services.p95)}; replica ${cpu(services)}`,
          }
        : {
            figure: `GET /services, ${SERVICES} services in ${PANELS} panels, signed-in user, warm`,
            goal: '< 300 ms',
            result: `fails: ${listed}`,
            met: false,
            detail: await servicesError(replica, token),
          },
    ];
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nreplica log tail:\n${replica.logTail(60)}`,
    );
  } finally {
    await stop();
  }
}

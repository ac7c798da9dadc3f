import {
  Emulator,
  EMULATOR_CREDENTIALS,
  loadFixture,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ApiClient } from './api';
import { createDatabase, dropDatabase, PG } from './database';
import {
  HOSTILE_ENTITIES,
  hostileEntitiesYaml,
} from '../corpus/hostileEntities';
import { fixturePath, repoRoot } from './paths';
import { freePort, Replica } from './replica';
import { waitFor } from './waitFor';

export { Replica };

/** The example organisation's cluster (team brief). */
export const CLUSTER_ARN =
  'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10';

/** The access key each replica of startSystem signs its AWS requests with. */
export const REPLICA_ACCESS_KEYS = { A: 'AKIDREPLICAA', B: 'AKIDREPLICAB' };

/**
 * Route 53 requests per second of each replica: AWS's 5 per second are the
 * account's, shared by every replica (and each replica's backend plugin and
 * scaffolder module share its own), so the replicas' budgets sum to 5.
 */
export const REPLICA_ROUTE53_REQUESTS_PER_SECOND = 2.5;

/**
 * The emulator of these tests (random ports): the example fixture, whose
 * account also accepts the replicas' access keys (it verifies signatures);
 * ARC deployments and Route 53 changes settle at once, as no scenario here
 * is about them; Route 53 throttles at 5 requests/s per account, like AWS.
 */
export function startSystemEmulator(): Promise<Emulator> {
  const fixture = loadFixture(fixturePath);
  const account = '111122223333';
  fixture.accounts = [
    EMULATOR_CREDENTIALS.accessKeyId,
    ...Object.values(REPLICA_ACCESS_KEYS),
  ].map(accessKeyId => ({
    accountId: account,
    accessKeyId,
    secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
  }));
  return startEmulator({
    fixture,
    deploymentDelayMs: 0,
    route53ChangeDelayMs: 0,
  });
}

/** Timings of the replicas' multi-region plugin in these tests. */
export const TEST_TIMINGS = {
  refreshIntervalSeconds: 5,
  staleAfterSeconds: 3,
  // a guard, not a speed check: after a replica is killed its refresher
  // lease lapses first (2 intervals), and a busy CI machine adds more
  dnsTimeoutSeconds: 40,
  overallDeadlineMs: 5000,
};

/** Two replicas, one database, one emulator. */
export interface System {
  emulator: Emulator;
  database: string;
  replicas: [Replica, Replica];
  dir: string;
  /** Access key each replica signs with: attributes every AWS request in the emulator's log to a replica. */
  accessKeyOf: Record<string, string>;
  /** API clients as user:default/guest (team-orders, owns orders), one per replica. */
  guest: [ApiClient, ApiClient];
  /** API clients as user:default/bob (team-payments), one per replica. */
  bob: [ApiClient, ApiClient];
  guestToken: string;
  bobToken: string;
  stop(): Promise<void>;
}

/** The app-config of one dev-backend replica of these tests. */
export function replicaConfig(opts: {
  port: number;
  database: string;
  emulator: Emulator;
  accessKeyId: string;
  guestUser: string;
  guestOwnership: string[];
  dir: string;
}) {
  const url = `http://127.0.0.1:${opts.port}`;
  return {
    app: { title: 'system tests', baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { port: opts.port, host: '127.0.0.1' },
      database: {
        client: 'pg',
        connection: { ...PG, database: opts.database },
        pluginDivisionMode: 'schema',
      },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: opts.guestUser,
          ownershipEntityRefs: opts.guestOwnership,
        },
        // the dev portal's sign-in as any example user (a platform admin, say)
        'example-users': {},
      },
    },
    permission: { enabled: true },
    multiRegionScaffolder: {
      localPublishDir: path.join(opts.dir, 'published'),
      // the emulator has no API Gateway domains for the template's records
      route53: { placeholderAliasTargets: true },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Group',
            'User',
          ],
        },
      ],
      locations: [
        { type: 'file', target: path.join(repoRoot, 'examples/org.yaml') },
        { type: 'file', target: path.join(repoRoot, 'examples/entities.yaml') },
        { type: 'file', target: path.join(opts.dir, 'hostile-entities.yaml') },
      ],
    },
    aws: {
      // static keys for the example account: no STS call to learn whose they are
      accounts: [
        {
          accountId: '111122223333',
          accessKeyId: opts.accessKeyId,
          secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
        },
      ],
    },
    multiRegion: {
      readOnly: false,
      // the hostile corpus sends dozens of requests per person and expects
      // each one's own 4xx; the limits have their own backend tests
      rateLimits: { planPerMinute: 0, executePerMinute: 0 },
      clusters: [
        {
          name: 'shared-arc',
          arn: CLUSTER_ARN,
          accountId: '111122223333',
          endpoints: opts.emulator.clusterEndpoints.map(e => ({
            url: e.Endpoint,
            region: e.Region,
          })),
        },
      ],
      controlPlane: {
        endpoint: opts.emulator.controlPlaneEndpoint,
        region: 'us-west-2',
      },
      cloudWatch: { endpoint: opts.emulator.cloudWatchEndpoint },
      route53: {
        endpoint: opts.emulator.route53Endpoint,
        requestsPerSecond: REPLICA_ROUTE53_REQUESTS_PER_SECOND,
        refreshIntervalSeconds: TEST_TIMINGS.refreshIntervalSeconds,
      },
      arc: {
        connectTimeoutMs: 500,
        requestTimeoutMs: 800,
        overallDeadlineMs: TEST_TIMINGS.overallDeadlineMs,
        cacheTtlMs: 2000,
        // every plan and execute reads tags and safety rules from the control
        // plane: no cached answer hides a change the scenarios make
        configCacheTtlMs: 1,
      },
      operations: {
        dnsTimeoutSeconds: TEST_TIMINGS.dnsTimeoutSeconds,
        staleAfterSeconds: TEST_TIMINGS.staleAfterSeconds,
      },
      // short soaks, watched every second: a drill scenario soaks only
      // until a replica is killed
      drills: { minSoakSeconds: 1, watchIntervalSeconds: 1 },
    },
  };
}

/** Whom one replica signs its guest in as, and the access key it signs AWS requests with. */
export interface ReplicaPerson {
  name: string;
  user: string;
  ownership: string[];
  accessKeyId?: string;
}

/**
 * Writes each person's replica config (adjusted by `configure`) and starts
 * the replicas one after the other, pushing each onto `replicas` (the
 * caller's, so that it can show their logs if a start fails): the first runs
 * the migrations, the others start on a migrated database.
 */
export async function startReplicas(opts: {
  dir: string;
  database: string;
  emulator: Emulator;
  people: ReplicaPerson[];
  replicas: Replica[];
  configure?: (config: ReturnType<typeof replicaConfig>) => object;
}): Promise<void> {
  for (const p of opts.people) {
    const port = await freePort();
    const config = replicaConfig({
      port,
      database: opts.database,
      emulator: opts.emulator,
      accessKeyId: p.accessKeyId ?? EMULATOR_CREDENTIALS.accessKeyId,
      guestUser: p.user,
      guestOwnership: p.ownership,
      dir: opts.dir,
    });
    const file = path.join(opts.dir, `app-config.${p.name}.yaml`);
    fs.writeFileSync(
      file,
      YAML.stringify(opts.configure ? opts.configure(config) : config),
    );
    const replica = new Replica(
      p.name,
      port,
      [file],
      path.join(opts.dir, `${p.name}.log`),
    );
    opts.replicas.push(replica);
    await replica.start();
  }
}

/** A Backstage token for the guest sign-in of `replica`. */
export async function guestToken(replica: Replica): Promise<string> {
  const res = await fetch(`${replica.url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(
      `guest refresh on ${replica.name}: ${res.status} ${await res.text()}`,
    );
  const body = (await res.json()) as any;
  return body.backstageIdentity.token;
}

/** A Backstage token for an example user (examples/org.yaml) of `replica`, e.g. `pat`. */
export async function exampleUserToken(
  replica: Replica,
  name: string,
): Promise<string> {
  const res = await fetch(`${replica.url}/api/auth/example-users/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest', 'x-example-user': name },
  });
  if (!res.ok)
    throw new Error(
      `example-users refresh of ${name} on ${replica.name}: ${
        res.status
      } ${await res.text()}`,
    );
  const body = (await res.json()) as any;
  return body.backstageIdentity.token;
}

/**
 * Starts the emulator (random ports), a fresh PostgreSQL database and two
 * dev-backend replicas (A: guest = user:default/guest, B: guest =
 * user:default/bob), and waits until both serve the example catalog.
 * Everything is torn down by stop(), which never throws.
 */
export async function startSystem(): Promise<System> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-system-'));
  const emulator = await startSystemEmulator();
  let database: string | undefined;
  const replicas: Replica[] = [];
  const stop = async () => {
    await Promise.all(replicas.map(r => r.kill('SIGKILL').catch(() => {})));
    await emulator.stop().catch(() => {});
    if (database) await dropDatabase(database).catch(() => {});
  };
  try {
    database = await createDatabase();
    fs.writeFileSync(
      path.join(dir, 'hostile-entities.yaml'),
      hostileEntitiesYaml(),
    );
    const accessKeyOf = REPLICA_ACCESS_KEYS;
    await startReplicas({
      dir,
      database,
      emulator,
      replicas,
      people: [
        {
          name: 'A',
          user: 'user:default/guest',
          ownership: ['user:default/guest', 'group:default/team-orders'],
          accessKeyId: accessKeyOf.A,
        },
        {
          name: 'B',
          user: 'user:default/bob',
          ownership: ['user:default/bob', 'group:default/team-payments'],
          accessKeyId: accessKeyOf.B,
        },
      ],
    });
    const [gt, bt] = await Promise.all([
      guestToken(replicas[0]),
      guestToken(replicas[1]),
    ]);
    const guest = replicas.map(r => new ApiClient(r.url, gt)) as [
      ApiClient,
      ApiClient,
    ];
    const bob = replicas.map(r => new ApiClient(r.url, bt)) as [
      ApiClient,
      ApiClient,
    ];
    await Promise.all(
      guest.map(c =>
        waitFor(
          `the catalog of ${c.baseUrl} to hold the example and hostile entities`,
          async () => {
            const items =
              (await c.json('GET', '/api/multi-region/services')).body?.items ??
              [];
            return items.length >= 3 + HOSTILE_ENTITIES.length;
          },
          { timeoutMs: 120_000, intervalMs: 500 },
        ),
      ),
    );
    return {
      emulator,
      database,
      replicas: replicas as [Replica, Replica],
      dir,
      accessKeyOf,
      guest,
      bob,
      guestToken: gt,
      bobToken: bt,
      stop,
    };
  } catch (error) {
    const tails = replicas
      .map(r => `--- ${r.name} ---\n${r.logTail(60)}`)
      .join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n${tails}`);
  }
}

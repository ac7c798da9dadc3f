/**
 * The executor against a scripted cluster client (every way an ARC write can
 * fail, and what the read-back then shows) over a real database. The
 * emulator-backed tests in operations.test.ts cover the same ground end to
 * end where the emulator can produce the failure.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  MultiRegionConfig,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  ArcAttemptFailure,
  ArcCallError,
  ArcClusters,
  ArcFailureKind,
} from '@multi-region-failover/plugin-multi-region-node';
import { Knex } from 'knex';
import path from 'path';
import { RoutingControlReader } from '../arc/RoutingControlReader';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { Route53Store } from '../database/Route53Store';
import { appEntity, controlArn, panelArn } from '../__testUtils__/harness';
import { FailoverExecutor } from './FailoverExecutor';
import { initialSteps, withStep } from './steps';

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders';
const PRIMARY = controlArn('orders', 0);
const SECONDARY = controlArn('orders', 1);
const parsed = parseMultiRegionAnnotations(appEntity('orders'));
if (!parsed.ok) throw new Error('the orders entity must parse');
const config: MultiRegionConfig = parsed.config;

type State = 'On' | 'Off';

/** A ListRoutingControls answer with the two controls of orders. */
const panel = (primary: State, secondary: State) => ({
  output: [
    {
      RoutingControlArn: PRIMARY,
      RoutingControlName: 'orders-primary-rc',
      RoutingControlState: primary,
    },
    {
      RoutingControlArn: SECONDARY,
      RoutingControlName: 'orders-secondary-rc',
      RoutingControlState: secondary,
    },
  ],
  endpoint: 'http://eu-west-1.arc.test/v1',
  region: 'eu-west-1',
  requestId: 'read-back-1',
  attempts: [],
  elapsedMs: 4,
});

const attempt = (
  kind: ArcFailureKind,
  message = `${kind} from the endpoint`,
  region = 'us-east-1',
): ArcAttemptFailure => ({
  endpoint: `http://${region}.arc.test/v1`,
  region,
  kind,
  message,
  elapsedMs: 800,
});

/** A failed UpdateRoutingControlStates as the cluster client raises it. */
const writeError = (kind: ArcFailureKind, attempts: ArcAttemptFailure[]) =>
  new ArcCallError(
    `ARC cluster shared-arc: UpdateRoutingControlStates failed: ${attempts
      .map(a => `${a.region} ${a.kind}`)
      .join('; ')}`,
    kind,
    attempts,
  );

const accepted = {
  output: undefined,
  endpoint: 'http://us-west-2.arc.test/v1',
  region: 'us-west-2',
  requestId: 'write-1',
  attempts: [],
  elapsedMs: 12,
};

/** A cluster client whose writes and reads follow a script. */
function scriptedClusters(script: {
  write: () => Promise<unknown>;
  reads: Array<() => Promise<unknown>>;
}) {
  const client = {
    updateRoutingControlStates: jest.fn(script.write),
    listRoutingControls: jest.fn(() => {
      const next = script.reads.shift();
      if (!next) throw new Error('no more reads scripted');
      return next();
    }),
  };
  const clusters = {
    get: (name: string) => (name === 'shared-arc' ? client : undefined),
    names: () => ['shared-arc'],
  } as unknown as ArcClusters;
  return { clusters, client };
}

function operation(
  id: string,
  to: 'us-west-2' | 'us-east-1' = 'us-west-2',
): StoredOperation {
  const failover = to === 'us-west-2';
  const now = new Date().toISOString();
  return {
    id,
    entityRef: ORDERS,
    controlPanelArn: panelArn('orders'),
    action: failover ? 'failover' : 'failback',
    fromRegion: failover ? 'us-east-1' : 'us-west-2',
    toRegion: to,
    reason: 'executor test',
    actor: 'user:default/alice',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'in-progress',
    steps: withStep(initialSteps(), 'authorised', 'done'),
    intent: {
      clusterName: 'shared-arc',
      entries: failover
        ? [
            { arn: SECONDARY, state: 'On' },
            { arn: PRIMARY, state: 'Off' },
          ]
        : [
            { arn: PRIMARY, state: 'On' },
            { arn: SECONDARY, state: 'Off' },
          ],
      safetyRulesToOverride: [],
    },
    createdAt: now,
    updatedAt: now,
  };
}

/** Waits for a condition of the database (polling, bounded). */
async function until(what: string, condition: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 10));
  }
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('FailoverExecutor on %p', id => {
  let knex: Knex;
  let operations: OperationsStore;
  let route53: Route53Store;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    operations = new OperationsStore(knex);
    route53 = new Route53Store(knex);
  });

  const locks = async () =>
    Number((await knex('multi_region_locks').count('* as n').first())!.n);
  const known = () =>
    knex('multi_region_known_states').where({ entity_ref: ORDERS }).first();

  function executor(
    clusters: ArcClusters,
    options: { dnsTimeoutMs?: number; pollIntervalMs?: number } = {},
  ) {
    // a long cache: the read-back must not be served from it
    const reader = new RoutingControlReader(clusters, 60_000);
    return {
      reader,
      executor: new FailoverExecutor({
        clusters,
        reader,
        operations,
        route53,
        logger: mockServices.logger.mock(),
        dnsTimeoutMs: options.dnsTimeoutMs ?? 0,
        pollIntervalMs: options.pollIntervalMs ?? 10,
      }),
    };
  }

  /** Runs one failover us-east-1 -> us-west-2 whose write fails as scripted. */
  async function runFailedWrite(
    error: Error,
    readBack: () => Promise<unknown>,
  ) {
    const { clusters, client } = scriptedClusters({
      write: () => Promise.reject(error),
      // the first read fills the cache with the state before the write
      reads: [async () => panel('On', 'Off'), readBack],
    });
    const { executor: ex, reader } = executor(clusters);
    await reader.read('shared-arc', panelArn('orders'));
    const op = operation('00000000-0000-4000-8000-000000000001');
    await operations.createWithLock(op);
    ex.start({ op, config, targetRole: 'secondary' });
    await ex.idle();
    expect(client.listRoutingControls).toHaveBeenCalledTimes(2);
    return (await operations.get(op.id))!;
  }

  const write = (op: StoredOperation) =>
    op.steps.find(s => s.name === 'routing-controls-updated')!;

  describe('a write that got no answer is read back before anything is recorded', () => {
    it.each([
      [
        'timed out on every endpoint',
        writeError('timeout', [
          attempt('timeout'),
          attempt('timeout', 'no response within 800 ms', 'us-west-2'),
        ]),
      ],
      [
        'reset after sending',
        writeError('connection', [attempt('connection', 'socket hang up')]),
      ],
      [
        'refused by a conflict after another endpoint timed out',
        writeError('conflict', [
          attempt('timeout'),
          attempt('conflict', 'ConflictException', 'eu-west-1'),
        ]),
      ],
    ])(
      '%s, and the read-back shows it applied: succeeded, confirmed by read-back, known state set',
      async (_, error) => {
        const op = await runFailedWrite(error, async () => panel('Off', 'On'));
        expect(op.status).toBe('succeeded');
        expect(op.error).toBeUndefined();
        expect(write(op)).toMatchObject({
          status: 'done',
          detail: expect.stringContaining('Confirmed by read-back'),
        });
        expect(write(op).detail).toContain('orders-secondary-rc=On');
        expect(await locks()).toBe(0);
        // the portal's own change: not taken for an external one later
        expect(await known()).toMatchObject({ active_region: 'us-west-2' });
        expect(JSON.parse((await known()).states)).toEqual({
          [SECONDARY]: 'On',
          [PRIMARY]: 'Off',
        });
      },
    );

    it.each([
      [
        'timed out, the read-back shows the old states',
        writeError('timeout', [attempt('timeout')]),
        async () => panel('On', 'Off'),
        'orders-secondary-rc=Off, orders-primary-rc=On (requested: orders-secondary-rc=On, orders-primary-rc=Off)',
      ],
      [
        'reset after sending, the read-back shows another state',
        writeError('connection', [attempt('connection', 'read ECONNRESET')]),
        async () => panel('On', 'On'),
        'orders-secondary-rc=On, orders-primary-rc=On',
      ],
      [
        'timed out, the read-back fails too',
        writeError('timeout', []),
        () =>
          Promise.reject(writeError('unavailable', [attempt('unavailable')])),
        'could not be read back',
      ],
      [
        'a conflict after a timeout, the read-back shows the old states',
        writeError('conflict', [attempt('timeout'), attempt('conflict')]),
        async () => panel('On', 'Off'),
        'orders-secondary-rc=Off, orders-primary-rc=On',
      ],
      [
        'an internal error everywhere, the read-back fails',
        writeError('internal', [
          attempt('internal'),
          attempt('internal', 'InternalServerException', 'us-west-2'),
        ]),
        () => Promise.reject(new Error('read failed')),
        'could not be read back',
      ],
      [
        'an unexpected error',
        new Error('the SDK broke after sending'),
        async () => panel('On', 'Off'),
        'orders-primary-rc=On',
      ],
    ])(
      '%s: unknown — check ARC, with the last state read, never "not updated"',
      async (_, error, readBack, lastRead) => {
        const op = await runFailedWrite(error, readBack);
        expect(op.status).toBe('unknown');
        expect(op.error?.name).toBe('ArcWriteUnconfirmed');
        expect(op.error?.message).toMatch(/^Unknown — check ARC/);
        expect(op.error?.message).toContain(lastRead);
        expect(op.error?.message).not.toMatch(/not updated/);
        expect(write(op)).toMatchObject({
          status: 'unknown',
          detail: op.error?.message,
        });
        expect(op.steps.slice(2).map(s => s.status)).toEqual([
          'skipped',
          'skipped',
        ]);
        // the lock covers the write and its read-back only
        expect(await locks()).toBe(0);
        // never the target: at most what the read-back showed, as a baseline
        expect([undefined, 'us-east-1']).toContain(
          (await known())?.active_region,
        );
      },
    );
  });

  it.each([
    [
      'a validation error',
      writeError('validation', [attempt('validation')]),
      async () => panel('On', 'Off'),
      'ArcValidation',
    ],
    [
      'a conflict from the only endpoint asked',
      writeError('conflict', [attempt('conflict')]),
      async () => panel('On', 'Off'),
      'ArcConflict',
    ],
    [
      '503 on every endpoint, unreadable afterwards',
      writeError('unavailable', [attempt('unavailable'), attempt('throttled')]),
      () => Promise.reject(new Error('read failed')),
      'ArcUnavailable',
    ],
    [
      'connection refused everywhere (never sent), unreadable afterwards',
      writeError('connection', [
        attempt('connection', 'connect ECONNREFUSED 127.0.0.1:1'),
      ]),
      () => Promise.reject(new Error('read failed')),
      'ArcConnection',
    ],
    [
      '500 on every endpoint, the read-back shows the old states',
      writeError('internal', [attempt('internal')]),
      async () => panel('On', 'Off'),
      'ArcInternal',
    ],
  ])(
    'a definite failure (%s) is failed, not updated',
    async (_, error, readBack, name) => {
      const op = await runFailedWrite(error, readBack);
      expect(op.status).toBe('failed');
      expect(op.error?.name).toBe(name);
      expect(op.error?.message).toContain(
        'The routing controls were not updated.',
      );
      expect(write(op).status).toBe('failed');
      expect(await locks()).toBe(0);
    },
  );

  it('the lock is held while the write is under way and released when it settles; DNS is followed without it', async () => {
    let answer: (value: unknown) => void = () => {};
    const { clusters } = scriptedClusters({
      write: () => new Promise(resolve => (answer = resolve)),
      reads: [],
    });
    const { executor: ex } = executor(clusters, { dnsTimeoutMs: 60_000 });
    const op = operation('00000000-0000-4000-8000-000000000002');
    await operations.createWithLock(op);
    ex.start({ op, config, targetRole: 'secondary' });
    await until('the write to start', async () =>
      Boolean(write((await operations.get(op.id))!).status === 'running'),
    );
    expect(await locks()).toBe(1);
    expect((await operations.pendingFor([ORDERS])).get(ORDERS)?.id).toBe(op.id);
    answer(accepted);
    await until('the lock to be released', async () => (await locks()) === 0);
    const observing = (await operations.get(op.id))!;
    expect(observing.status).toBe('in-progress');
    expect(write(observing).status).toBe('done');
    // only an operation that writes stands in the way of another one
    expect((await operations.pendingFor([ORDERS])).size).toBe(0);
    expect(await known()).toMatchObject({ active_region: 'us-west-2' });

    // a view from before this write is stale: refused under the lock
    await expect(
      operations.createWithLock(
        operation('00000000-0000-4000-8000-000000000003'),
      ),
    ).rejects.toThrow(ConflictError);
    await expect(
      operations.createWithLock(
        operation('00000000-0000-4000-8000-000000000003'),
      ),
    ).rejects.toThrow(/now us-west-2: operation .* still in progress/);
    expect(await locks()).toBe(0);

    // a failback on another replica supersedes the observation
    const back = operation('00000000-0000-4000-8000-000000000004', 'us-east-1');
    await operations.createWithLock(back);
    const other = executor(
      scriptedClusters({ write: async () => accepted, reads: [] }).clusters,
    ).executor;
    other.start({ op: back, config, targetRole: 'primary' });
    await other.idle();
    await ex.idle(); // its heartbeat saw the supersession
    const first = (await operations.get(op.id))!;
    expect(first).toMatchObject({
      status: 'succeeded',
      supersededBy: back.id,
    });
    expect(first.error).toBeUndefined();
    expect(first.dnsFollowedAfterMs).toBeUndefined();
    expect(write(first).status).toBe('done');
    for (const step of first.steps.slice(2)) {
      expect(step).toMatchObject({
        status: 'skipped',
        detail: expect.stringContaining(`Superseded by operation ${back.id}`),
      });
    }
    expect((await operations.get(back.id))!.status).toBe('succeeded');
    expect(await known()).toMatchObject({ active_region: 'us-east-1' });
    expect(await locks()).toBe(0);
  });
});

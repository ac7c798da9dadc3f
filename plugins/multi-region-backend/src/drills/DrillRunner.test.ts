import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { Knex } from 'knex';
import path from 'path';
import { DrillsStore, StoredDrill } from '../database/DrillsStore';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { StartedOperation } from '../service/FailoverRequests';
import { DrillRunner } from './DrillRunner';
import { DrillWatcher } from './DrillWatcher';

/*
 * The DrillRunner's ends that the emulator cannot easily produce: a failback
 * that never happens (needs attention), and takeovers of a stopped replica's
 * drill in each phase. Real stores on SQLite; the failback and the watcher
 * are stand-ins.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ORDERS = 'component:default/orders';

function drill(id: string, extra: Partial<StoredDrill> = {}): StoredDrill {
  const at = new Date(Date.now() - 600_000).toISOString();
  return {
    id,
    entityRef: ORDERS,
    controlPanelArn: `panel-${id}`,
    config: {} as any,
    actor: 'user:default/alice',
    reason: 'Quarterly drill',
    soakSeconds: 600,
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    state: 'soaking',
    outcomeAlarms: [],
    blockingAlarms: [],
    events: [],
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

function operation(
  id: string,
  extra: Partial<StoredOperation>,
): StoredOperation {
  const at = new Date().toISOString();
  return {
    id,
    entityRef: ORDERS,
    controlPanelArn: 'panel',
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    reason: 'Quarterly drill',
    actor: 'user:default/alice',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'succeeded',
    steps: [
      { name: 'authorised', status: 'done' },
      { name: 'routing-controls-updated', status: 'done' },
      { name: 'health-checks-observed', status: 'done', at },
      { name: 'dns-answering', status: 'done', at },
    ],
    createdAt: at,
    updatedAt: at,
    completedAt: at,
    ...extra,
  };
}

describe('DrillRunner', () => {
  let knex: Knex;
  let drills: DrillsStore;
  let operations: OperationsStore;
  const auditor = mockServices.auditor.mock();
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    drills = new DrillsStore(knex);
    operations = new OperationsStore(knex);
  });

  function runner(failBack: (d: StoredDrill) => Promise<StartedOperation>) {
    return new DrillRunner({
      drills,
      operations,
      watcher: new DrillWatcher({
        route53: {} as any,
        alarms: { states: async () => new Map() },
      }),
      failBack,
      logger: mockServices.logger.mock(),
      auditor,
      watchIntervalMs: 20,
      staleAfterMs: 60_000,
      failbackDeadlineMs: 200,
    });
  }

  /** A failback that happened: its operation, recorded as succeeded. */
  async function failedBack(d: StoredDrill): Promise<StartedOperation> {
    const op = operation(`${d.id}-back`, {
      drillId: d.id,
      fromRegion: 'us-west-2',
      toRegion: 'us-east-1',
    });
    await operations.insert(op);
    return { operation: op, run: Promise.resolve() };
  }

  it('takes over a soaking drill whose replica stopped and fails back at once', async () => {
    await drills.create(drill('soak-1'));
    const r = runner(failedBack);
    expect((await r.adoptStale()).map(d => d.id)).toEqual(['soak-1']);
    await r.idle();
    const done = await drills.get('soak-1');
    expect(done).toMatchObject({
      state: 'completed',
      outcome: 'interrupted',
      failbackOperationId: 'soak-1-back',
    });
    expect(done?.outcomeDetail).toMatch(
      /stopped during the soak \(last heartbeat .*\); another replica took it over/,
    );
  });

  it('ends a takeover as failed when ARC shows the failover was never applied', async () => {
    await operations.insert(
      operation('never-applied', {
        status: 'reconciled',
        error: { name: 'Interrupted', message: 'not applied' },
      }),
    );
    await drills.create(
      drill('over-1', {
        state: 'failing-over',
        failoverOperationId: 'never-applied',
      }),
    );
    const failBack = jest.fn(failedBack);
    const r = runner(failBack);
    await r.adoptStale();
    await r.idle();
    expect(failBack).not.toHaveBeenCalled();
    expect(await drills.get('over-1')).toMatchObject({
      state: 'failed',
      outcome: 'failover-failed',
      outcomeDetail: expect.stringMatching(/traffic stayed in us-east-1/),
    });
  });

  it('needs attention, loudly, when the failback cannot be made', async () => {
    await drills.create(drill('stuck-1'));
    const r = runner(async () => {
      throw new ServiceUnavailableError('ARC unreachable from every endpoint');
    });
    await r.adoptStale();
    await r.idle();
    const done = await drills.get('stuck-1');
    expect(done).toMatchObject({
      state: 'needs-attention',
      outcome: 'failback-failed',
    });
    expect(done?.outcomeDetail).toMatch(
      /traffic may still be in us-west-2: look now\. Last: .*ARC unreachable/,
    );
    // the retries are one event, not one per attempt
    expect(
      done?.events.filter(e => /has to wait/.test(e.message)),
    ).toHaveLength(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'drill-ended',
        severityLevel: 'high',
        meta: expect.objectContaining({ drillId: 'stuck-1' }),
      }),
    );
    // the drill lock is released: the service can be drilled again
    await expect(
      drills.create(drill('stuck-2', { controlPanelArn: 'panel-stuck-1' })),
    ).resolves.toBeUndefined();
  });
});

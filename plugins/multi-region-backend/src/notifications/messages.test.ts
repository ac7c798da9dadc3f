import { StoredDrill } from '../database/DrillsStore';
import { StoredOperation } from '../database/OperationsStore';
import {
  drillNotification,
  multiRegionTab,
  operationNotification,
} from './messages';

const op = (extra: Partial<StoredOperation> = {}): StoredOperation => ({
  id: 'op-1',
  entityRef: 'component:default/orders',
  controlPanelArn: 'panel',
  action: 'failover',
  fromRegion: 'us-east-1',
  toRegion: 'us-west-2',
  reason: 'us-east-1 API Gateway 5xx (INC-4242)',
  actor: 'user:default/alice',
  source: 'portal',
  overrideSafetyRules: false,
  status: 'succeeded',
  steps: [],
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  ...extra,
});

describe('notification messages', () => {
  it('links to the Multi-region tab of the entity', () => {
    expect(multiRegionTab('component:default/orders')).toBe(
      '/catalog/default/component/orders/multi-region',
    );
    expect(multiRegionTab('Component:team a/x#y')).toBe(
      '/catalog/team%20a/component/x%23y/multi-region',
    );
  });

  it('severity follows what happened', () => {
    const severity = (kind: 'started' | 'finished', o: StoredOperation) =>
      operationNotification(kind, o).severity;
    expect(severity('started', op({ status: 'in-progress' }))).toBe('normal');
    expect(severity('finished', op())).toBe('normal');
    expect(severity('finished', op({ status: 'failed' }))).toBe('high');
    expect(severity('finished', op({ status: 'unknown' }))).toBe('high');
    expect(
      severity(
        'finished',
        op({
          status: 'reconciled',
          error: { name: 'Interrupted', message: 'x' },
        }),
      ),
    ).toBe('high');
    expect(
      severity('finished', op({ source: 'external', actor: 'external' })),
    ).toBe('high');
  });

  it('says who and why, bounded, with the same scope from start to end', () => {
    const long = 'x'.repeat(600);
    const started = operationNotification(
      'started',
      op({ status: 'in-progress', reason: long }),
    );
    const ended = operationNotification(
      'finished',
      op({
        status: 'failed',
        error: { name: 'ArcCallError', message: 'every endpoint refused' },
      }),
    );
    expect(started.title).toBe('Failover of orders to us-west-2 started');
    expect(started.description!.length).toBeLessThan(300);
    expect(started.scope).toBe(ended.scope);
    expect(ended.title).toBe('Failover of orders to us-west-2 failed');
    expect(ended.description).toMatch(
      /^every endpoint refused By user:default\/alice/,
    );
  });

  it('a drill that could not fail back is critical', () => {
    const drill = {
      id: 'd-1',
      entityRef: 'component:default/orders',
      actor: 'user:default/guest',
      reason: 'Quarterly drill',
      soakSeconds: 60,
      primaryRegion: 'us-east-1',
      secondaryRegion: 'us-west-2',
      state: 'needs-attention',
      outcome: 'failback-failed',
      outcomeDetail: 'The failback did not happen.',
      completedAt: '2026-11-30T10:00:00.000Z',
    } as StoredDrill;
    expect(drillNotification(drill)).toMatchObject({
      title:
        'Drill of orders needs attention: traffic may still be in us-west-2',
      severity: 'critical',
      scope: 'drill:d-1',
    });
    expect(
      drillNotification({ ...drill, completedAt: undefined, state: 'soaking' }),
    ).toMatchObject({ title: 'Drill of orders started', severity: 'normal' });
  });
});

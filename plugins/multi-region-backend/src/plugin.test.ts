import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { multiRegionPlugin } from './plugin';
import {
  controlArn,
  Harness,
  mockAuth,
  startHarness,
  testEvents,
  waitForOperation,
} from './__testUtils__/harness';

const ORDERS = 'component:default/orders';

describe('multi-region backend: status and failover against the emulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reports the status of one entity from ARC with the caller permissions', async () => {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ORDERS })
      .set(mockAuth('user:default/alice'));
    expect(res.status).toBe(200);
    expect(res.body.active).toMatchObject({
      certainty: 'known',
      activeRole: 'primary',
      activeRegion: 'us-east-1',
    });
    expect(res.body.regions.primary.routingControl).toMatchObject({
      arn: controlArn('orders', 0),
      name: 'orders-primary-rc',
      state: 'On',
    });
    expect(res.body.regions.secondary.routingControl.state).toBe('Off');
    expect(res.body.permissions).toEqual({
      canFailover: true,
      canOverrideSafetyRules: false,
    });
    const arcCalls = h.emu
      .requestLog()
      .filter(e => e.service === 'arc-cluster');
    // status only reads: one ListRoutingControls, or two when a slow
    // answer on a loaded machine made the client hedge
    expect(arcCalls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(arcCalls.map(e => e.operation))).toEqual(
      new Set(['ListRoutingControls']),
    );
  });

  it('fails over, reports progress to DNS, then fails back', async () => {
    h.startRefresher();
    const res = await request(h.server)
      .post('/api/multi-region/operations')
      .set(mockAuth('user:default/alice'))
      .send({
        entityRef: ORDERS,
        targetRegion: 'us-west-2',
        reason: 'Regional drill',
        expectedActiveRegion: 'us-east-1',
      });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      entityRef: ORDERS,
      action: 'failover',
      fromRegion: 'us-east-1',
      toRegion: 'us-west-2',
      actor: 'user:default/alice',
      source: 'portal',
    });
    const done = await waitForOperation(h.server, res.body.id);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['authorised', 'done'],
      ['routing-controls-updated', 'done'],
      ['health-checks-observed', 'done'],
      ['dns-answering', 'done'],
    ]);
    expect(done.steps[1].detail).toMatch(/Accepted by .* request id/);
    expect(done.steps[3].detail).toMatch(/SECONDARY record \(us-west-2/);
    expect(h.emu.getRoutingControlState(controlArn('orders', 1))).toBe('On');
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('Off');
    const writes = h.emu
      .requestLog()
      .filter(
        e => e.operation === 'UpdateRoutingControlStates' && e.status === 200,
      );
    expect(writes).toHaveLength(1);

    const status = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ORDERS })
      .set(mockAuth('user:default/alice'));
    expect(status.body.active.activeRegion).toBe('us-west-2');
    expect(status.body.lastChange).toMatchObject({
      id: res.body.id,
      reason: 'Regional drill',
    });
    expect(status.body.regions.secondary.healthCheck.status).toBe('Healthy');

    const back = await request(h.server)
      .post('/api/multi-region/operations')
      .set(mockAuth('user:default/alice'))
      .send({
        entityRef: ORDERS,
        targetRegion: 'us-east-1',
        reason: 'Drill over',
        expectedActiveRegion: 'us-west-2',
      });
    expect(back.status).toBe(202);
    expect(back.body.action).toBe('failback');
    const backDone = await waitForOperation(h.server, back.body.id);
    expect(backDone.status).toBe('succeeded');
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('On');

    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS, limit: 1 })
      .set(mockAuth('user:default/alice'));
    expect(history.body.items.map((o: any) => o.id)).toEqual([back.body.id]);
    const older = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS, limit: 1, cursor: history.body.nextCursor })
      .set(mockAuth('user:default/alice'));
    expect(older.body.items.map((o: any) => o.id)).toEqual([res.body.id]);
  });
});

describe('configuration', () => {
  // the emulator is the dev portal's (packages/backend); the plugin knows
  // only ordinary config and has no fallback of its own
  it.each([
    [{}, 'Invalid config at multiRegion: the section is missing'],
    [
      { multiRegion: { emulator: { enabled: true } } },
      'Invalid config at multiRegion.clusters',
    ],
  ])('refuses to start on %j, naming the key', async (data, message) => {
    await expect(
      startTestBackend({
        features: [
          multiRegionPlugin,
          mockServices.rootConfig.factory({ data }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalogServiceMock({ entities: [] }),
          }),
          testEvents().factory,
        ],
      }),
    ).rejects.toThrow(message);
  });
});

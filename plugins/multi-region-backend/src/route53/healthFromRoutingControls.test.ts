import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  Emulator,
  EmulatorFixture,
  loadFixture,
} from '@multi-region-failover/aws-emulator';
import {
  ArcClusters,
  CONFIG_DEFAULTS,
  RateLimiter,
} from '@multi-region-failover/plugin-multi-region-node';
import { Knex } from 'knex';
import path from 'path';
import { RoutingControlReader } from '../arc/RoutingControlReader';
import { Route53Store } from '../database/Route53Store';
import request from 'supertest';
import {
  ACCOUNT,
  APPS,
  clusterConfig,
  EXAMPLE_FIXTURE,
  mockAuth,
  PANEL_PREFIX,
  startHarness,
  startTestEmulator,
} from '../__testUtils__/harness';
import { Route53Refresher, RefreshTarget } from './Route53Refresher';
import {
  credentialsFor,
  peakPerSecond,
  readerFor,
  route53Calls,
  throttled,
} from './__testUtils__/refresher';

jest.setTimeout(30_000);

/**
 * An estate in the pattern: `services` apps, `perPanel` to a control panel,
 * each with PRIMARY/SECONDARY records guarded by RECOVERY_CONTROL checks of
 * its two routing controls (primary On, secondary Off).
 */
function estate(services: number, perPanel: number) {
  const fixture: EmulatorFixture = {
    ...loadFixture(EXAMPLE_FIXTURE),
    controlPanels: [],
    hostedZones: [{ id: 'Z0ESTATE', name: 'estate.example.com.', records: [] }],
    healthChecks: [],
  };
  const targets: RefreshTarget[] = [];
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  for (let app = 0; app < services; app++) {
    const p = Math.floor(app / perPanel);
    const controlPanelArn = `${PANEL_PREFIX}${hex(p + 1, 32)}`;
    if (app % perPanel === 0) {
      fixture.controlPanels!.push({
        name: `panel-${p}`,
        arn: controlPanelArn,
        routingControls: [],
      });
    }
    const name = `svc-${app}.estate.example.com`;
    [0, 1].forEach(role => {
      const n = app * 2 + role + 1;
      const rc = `${controlPanelArn}/routingcontrol/${hex(n, 16)}`;
      const hc = `3e0f7a10-0000-4000-8000-${hex(n, 12)}`;
      fixture.controlPanels![p].routingControls!.push({
        name: `svc-${app}-${role ? 'secondary' : 'primary'}-rc`,
        arn: rc,
        state: role ? 'Off' : 'On',
      });
      fixture.healthChecks!.push({
        id: hc,
        type: 'RECOVERY_CONTROL',
        routingControlArn: rc,
      });
      fixture.hostedZones![0].records!.push({
        name: `${name}.`,
        type: 'A',
        setIdentifier: String(role + 1),
        failover: role ? 'SECONDARY' : 'PRIMARY',
        aliasTarget: {
          hostedZoneId: 'Z1UJRXOUMOOFQ8',
          dnsName: `d-${role}${app}.execute-api.us-east-1.amazonaws.com.`,
        },
        healthCheckId: hc,
      });
    });
    targets.push({
      accountId: ACCOUNT,
      hostedZoneId: 'Z0ESTATE',
      dnsName: name,
      healthCheckIds: [],
      arc: { clusterName: 'shared-arc', controlPanelArn },
    });
  }
  const hcOf = (app: number, role: 0 | 1) =>
    `3e0f7a10-0000-4000-8000-${hex(app * 2 + role + 1, 12)}`;
  const rcOf = (app: number, role: 0 | 1) =>
    `${PANEL_PREFIX}${hex(
      Math.floor(app / perPanel) + 1,
      32,
    )}/routingcontrol/${hex(app * 2 + role + 1, 16)}`;
  return { fixture, targets, hcOf, rcOf };
}

const estateDatabases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
});

describe.each(estateDatabases.eachSupportedId())(
  'Route 53 refresher, RECOVERY_CONTROL checks from routing controls (%s)',
  databaseId => {
    // 1,040 checks: two ListHealthChecks pages; 40 controls a panel
    const SERVICES = 520;
    const { fixture, targets, hcOf, rcOf } = estate(SERVICES, 20);
    // checks of other kinds in the same account, named by annotations
    const HTTP_CHECK = '4e0f7a10-0000-4000-8000-000000000001';
    const INVERTED = '4e0f7a10-0000-4000-8000-000000000002';
    const DISABLED = '4e0f7a10-0000-4000-8000-000000000003';
    const DISABLED_INVERTED = '4e0f7a10-0000-4000-8000-000000000004';
    fixture.healthChecks!.push(
      { id: HTTP_CHECK, type: 'HTTP', fqdn: 'api.example.com', healthy: false },
      {
        id: INVERTED,
        type: 'RECOVERY_CONTROL',
        routingControlArn: rcOf(0, 0),
        inverted: true,
      },
      {
        id: DISABLED,
        type: 'RECOVERY_CONTROL',
        routingControlArn: rcOf(0, 1),
        disabled: true,
      },
      {
        id: DISABLED_INVERTED,
        type: 'RECOVERY_CONTROL',
        routingControlArn: rcOf(0, 1),
        disabled: true,
        inverted: true,
      },
    );
    const app0 = targets[0];
    let emu: Emulator;
    let knex: Knex;
    let store: Route53Store;
    let own: ReturnType<typeof readerFor>;
    let clusters: ArcClusters;
    let panels: RoutingControlReader;

    /** One full pass of a new refresher (as each scheduled run makes one). */
    async function pass(
      of: RefreshTarget[],
      options: { store?: Route53Store } = {},
    ) {
      const refresher = new Route53Refresher({
        store: options.store ?? store,
        reader: own.reader,
        routingControls: panels,
        targets: async () => of,
        logger: mockServices.logger.mock(),
        pollIntervalMs: 20,
        handoverQuietMs: 0,
      });
      await refresher.serve({ untilMs: Date.now() + 60_000, drain: true });
    }
    const healthOf = async (id: string) => (await store.health([id])).get(id);

    beforeAll(async () => {
      emu = await startTestEmulator({ fixture });
      knex = await estateDatabases.init(databaseId);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      store = new Route53Store(knex);
      own = readerFor(emu, new RateLimiter(5));
      clusters = new ArcClusters([clusterConfig(emu)], credentialsFor, {
        ...CONFIG_DEFAULTS,
        overallDeadlineMs: 3000,
      });
      // no cache: each pass reads the panels anew
      panels = new RoutingControlReader(clusters, 0);
    });
    afterAll(async () => {
      own.destroy();
      clusters.destroy();
      await emu.stop();
    });
    beforeEach(async () => {
      emu.clearLog();
      await emu.clearFaults();
    });

    it(`reads ${SERVICES} services with zone pages and ListHealthChecks pages only: no GetHealthCheckStatus, one ARC read per panel`, async () => {
      const reads = jest.spyOn(panels, 'read');
      await pass(targets);
      const records = Number(
        (
          await knex('multi_region_dns_records')
            .where({ hosted_zone_id: 'Z0ESTATE' })
            .count({ n: '*' })
        )[0].n,
      );
      const checks = fixture.healthChecks!.length;
      expect(records).toBeGreaterThanOrEqual(SERVICES * 2);
      expect(route53Calls(emu, 'ListResourceRecordSets')).toBe(
        Math.ceil(records / 300),
      );
      expect(route53Calls(emu, 'ListHealthChecks')).toBe(
        Math.ceil(checks / 1000),
      );
      expect(route53Calls(emu, 'GetHealthCheckStatus')).toBe(0);
      expect(
        emu.requestLog().filter(e => e.service === 'route53'),
      ).toHaveLength(Math.ceil(records / 300) + Math.ceil(checks / 1000));
      expect(reads).toHaveBeenCalledTimes(fixture.controlPanels!.length);
      reads.mockRestore();

      const ids = Array.from({ length: SERVICES }, (_, app) => [
        hcOf(app, 0),
        hcOf(app, 1),
      ]).flat();
      const health = await store.health(ids);
      expect(health.size).toBe(ids.length);
      for (let app = 0; app < SERVICES; app++) {
        expect(health.get(hcOf(app, 0))).toMatchObject({
          status: 'Healthy',
          source: 'routing-control',
        });
        expect(health.get(hcOf(app, 1))).toMatchObject({
          status: 'Unhealthy',
          source: 'routing-control',
        });
      }
      expect(peakPerSecond(emu)).toBeLessThanOrEqual(5);
      expect(throttled(emu)).toEqual([]);
    });

    it('follows routing-control flips, Inverted and Disabled; a check of another type still gets GetHealthCheckStatus', async () => {
      const mixed = [
        {
          ...app0,
          healthCheckIds: [HTTP_CHECK, INVERTED, DISABLED, DISABLED_INVERTED],
        },
      ];
      const statuses = async () =>
        Object.fromEntries(
          [
            ...(await store.health([
              hcOf(0, 0),
              hcOf(0, 1),
              HTTP_CHECK,
              INVERTED,
              DISABLED,
              DISABLED_INVERTED,
            ])),
          ].map(([id, h]) => [id, [h.status, h.source]]),
        );
      await pass(mixed);
      // app 0: primary On, secondary Off
      expect(await statuses()).toEqual({
        [hcOf(0, 0)]: ['Healthy', 'routing-control'],
        [hcOf(0, 1)]: ['Unhealthy', 'routing-control'],
        [INVERTED]: ['Unhealthy', 'routing-control'],
        [DISABLED]: ['Healthy', 'routing-control'],
        [DISABLED_INVERTED]: ['Unhealthy', 'routing-control'],
        [HTTP_CHECK]: ['Unhealthy', 'route53'],
      });
      expect(route53Calls(emu, 'GetHealthCheckStatus')).toBe(1);
      expect(await healthOf(HTTP_CHECK)).toMatchObject({
        healthyObservations: 0,
        totalObservations: 3,
      });
      // the configuration listed is stored with each status (readiness reads it)
      const configs = Object.fromEntries(
        [
          ...(await store.health([
            hcOf(0, 1),
            HTTP_CHECK,
            INVERTED,
            DISABLED_INVERTED,
          ])),
        ].map(([id, h]) => [id, h.config]),
      );
      expect(configs).toEqual({
        [hcOf(0, 1)]: {
          type: 'RECOVERY_CONTROL',
          routingControlArn: rcOf(0, 1),
          inverted: false,
          disabled: false,
        },
        [HTTP_CHECK]: { type: 'HTTP', inverted: false, disabled: false },
        [INVERTED]: {
          type: 'RECOVERY_CONTROL',
          routingControlArn: rcOf(0, 0),
          inverted: true,
          disabled: false,
        },
        [DISABLED_INVERTED]: {
          type: 'RECOVERY_CONTROL',
          routingControlArn: rcOf(0, 1),
          inverted: true,
          disabled: true,
        },
      });

      // a failover, made outside the portal
      emu.setRoutingControlState(rcOf(0, 0), 'Off');
      emu.setRoutingControlState(rcOf(0, 1), 'On');
      try {
        await pass(mixed);
        expect(await statuses()).toEqual({
          [hcOf(0, 0)]: ['Unhealthy', 'routing-control'],
          [hcOf(0, 1)]: ['Healthy', 'routing-control'],
          [INVERTED]: ['Healthy', 'routing-control'],
          [DISABLED]: ['Healthy', 'routing-control'],
          [DISABLED_INVERTED]: ['Unhealthy', 'routing-control'],
          [HTTP_CHECK]: ['Unhealthy', 'route53'],
        });
        // Route 53 agrees on every one of them
        const direct = own.reader;
        for (const [id, [status]] of Object.entries(await statuses())) {
          expect((await direct.healthCheckStatus(ACCOUNT, id)).status).toBe(
            status,
          );
        }
      } finally {
        emu.setRoutingControlState(rcOf(0, 0), 'On');
        emu.setRoutingControlState(rcOf(0, 1), 'Off');
      }
    });

    it('makes the derived checks Unknown, with the error, when the routing controls cannot be read', async () => {
      await pass([app0]);
      expect(await healthOf(hcOf(0, 0))).toMatchObject({ status: 'Healthy' });
      for (let endpoint = 0; endpoint < 5; endpoint++) {
        await emu.setFault(endpoint, 'internal', {
          operations: ['ListRoutingControls'],
        });
      }
      await pass([{ ...app0, healthCheckIds: [DISABLED] }]);
      for (const role of [0, 1] as const) {
        expect(await healthOf(hcOf(0, role))).toMatchObject({
          status: 'Unknown',
          source: 'routing-control',
          error: expect.stringContaining(
            `routing control ${rcOf(0, role)} could not be read`,
          ),
        });
      }
      // a disabled check's status does not depend on the control
      expect(await healthOf(DISABLED)).toMatchObject({ status: 'Healthy' });
      // and Route 53 was not asked instead: ARC is the source
      expect(route53Calls(emu, 'GetHealthCheckStatus')).toBe(0);
    });

    it("keeps Route 53's own answer to an operation's refresh request for a minute, over the derived status", async () => {
      // Route 53 lags the routing control, as it does in AWS
      emu.updateSettings({ route53PropagationDelayMs: 600_000 });
      emu.setRoutingControlState(rcOf(0, 0), 'Off');
      try {
        // an operation following DNS asks for its checks
        await store.requestRefresh({
          accountId: ACCOUNT,
          healthCheckIds: [hcOf(0, 0)],
        });
        await pass([app0]);
        expect(await healthOf(hcOf(0, 0))).toMatchObject({
          status: 'Healthy',
          source: 'route53',
        });
        expect(await healthOf(hcOf(0, 1))).toMatchObject({
          status: 'Unhealthy',
          source: 'routing-control',
        });
        // a minute later, the derived status takes over
        const later = new Route53Store(knex, () => Date.now() + 61_000);
        await pass([app0], { store: later });
        expect(await healthOf(hcOf(0, 0))).toMatchObject({
          status: 'Unhealthy',
          source: 'routing-control',
        });
      } finally {
        emu.setRoutingControlState(rcOf(0, 0), 'On');
        emu.updateSettings({ route53PropagationDelayMs: 0 });
      }
    });

    it('reads the checks one by one when the listing of their configurations fails', async () => {
      await emu.setFault('route53', 'internal', {
        operations: ['ListHealthChecks'],
      });
      await pass([app0]);
      expect(route53Calls(emu, 'GetHealthCheckStatus')).toBe(2);
      expect(await healthOf(hcOf(0, 0))).toMatchObject({
        status: 'Healthy',
        source: 'route53',
      });
      expect(await healthOf(hcOf(0, 1))).toMatchObject({
        status: 'Unhealthy',
        source: 'route53',
      });
    });
  },
);

describe('the plugin wires the refresher to the routing controls', () => {
  it("shows the example apps' RECOVERY_CONTROL checks derived from ARC, without a GetHealthCheckStatus", async () => {
    const h = await startHarness();
    try {
      h.startRefresher();
      const status = async () =>
        (
          await request(h.server)
            .get('/api/multi-region/status')
            .query({ entityRef: 'component:default/orders' })
            .set(mockAuth('user:default/alice'))
        ).body;
      // wait on the condition: the pass has stored the orders checks
      const deadline = Date.now() + 20_000;
      let body = await status();
      while (
        body.regions?.secondary?.healthCheck?.source !== 'routing-control' &&
        Date.now() < deadline
      ) {
        await new Promise(r => setTimeout(r, 50));
        body = await status();
      }
      expect(body.regions.primary.healthCheck).toMatchObject({
        id: APPS.orders.hcs[0],
        status: 'Healthy',
        source: 'routing-control',
      });
      expect(body.regions.secondary.healthCheck).toMatchObject({
        id: APPS.orders.hcs[1],
        status: 'Unhealthy',
        source: 'routing-control',
      });
      expect(route53Calls(h.emu, 'ListHealthChecks')).toBeGreaterThan(0);
      expect(route53Calls(h.emu, 'GetHealthCheckStatus')).toBe(0);
    } finally {
      await h.stop();
    }
  });
});

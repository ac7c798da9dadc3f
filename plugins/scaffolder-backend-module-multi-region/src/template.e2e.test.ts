import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  completeChangesOnceRead,
  Emulator,
  startTestEmulator,
  SteerableClock,
  trace,
} from './__testUtils__/emulator';
import { startPortalBackend } from './__testUtils__/portalBackend';
import { defaultValues, until } from './__testUtils__/templateDryRun';

jest.setTimeout(120_000);

/**
 * The dev-portal flow for real: catalog + scaffolder + this module + the URL
 * reader, against the emulator. The template comes from the catalog, runs
 * every step, publishes locally and registers the new entity, although the
 * person running it may not register catalog locations.
 */
describe('the multi-region-service template, run for real against the emulator', () => {
  let emu: Emulator;
  const dir = createMockDirectory();
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu?.stop());

  it('creates the ARC resources and DNS, publishes, and registers an entity with the real ARNs', async () => {
    const portal = await startPortalBackend(emu, dir);
    try {
      const created = await portal.createTask(defaultValues);
      expect(created.status).toBe(201);
      const { task, log } = await portal.finished(created.body.id);
      if (task.status !== 'completed') throw new Error(log);

      // ARC and Route 53 in the emulator; the panel names its entity and its owner
      const snapshot = emu.snapshot();
      const panel = snapshot.controlPanels.find(
        p => p.Name === 'inventory-panel',
      )!;
      expect(panel.Tags).toMatchObject({
        [ENTITY_REF_TAG]: 'component:default/inventory',
        [OWNER_TAG]: 'group:default/team-orders',
      });

      // The published catalog-info.yaml carries exactly those ARNs and parses cleanly
      const published = dir.resolve('published/inventory');
      const entity = yaml.parse(
        fs.readFileSync(path.join(published, 'catalog-info.yaml'), 'utf8'),
      );
      const parsed = parseMultiRegionAnnotations(entity);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(parsed.config.controlPanelArn).toBe(panel.ControlPanelArn);
      const controls = snapshot.routingControls.filter(
        c => c.ControlPanelArn === panel.ControlPanelArn,
      );
      expect(parsed.config.primary.routingControlArn).toBe(
        controls.find(c => c.Name === 'inventory-primary-rc')!
          .RoutingControlArn,
      );
      expect(parsed.config.secondary.routingControlArn).toBe(
        controls.find(c => c.Name === 'inventory-secondary-rc')!
          .RoutingControlArn,
      );
      const healthCheck = snapshot.healthChecks.find(
        h => h.Id === parsed.config.primary.healthCheckId,
      )!;
      expect(healthCheck.HealthCheckConfig.RoutingControlArn).toBe(
        parsed.config.primary.routingControlArn,
      );
      expect(
        fs.existsSync(path.join(published, 'external-api/route.openapi.yaml')),
      ).toBe(true);

      // the register step put the entity in the catalog (as the scaffolder:
      // the guest may not register locations in this portal)
      expect(task.spec.steps.map((s: any) => s.action)).toContain(
        'multi-region:catalog:register-published',
      );
      const registered = await until('the new entity in the catalog', () =>
        portal.entity('component/default/inventory'),
      );
      expect(
        registered.metadata.annotations[
          'multi-region-failover.io/control-panel-arn'
        ],
      ).toBe(panel.ControlPanelArn);
      expect(registered.spec.owner).toBe('group:default/team-orders');
    } finally {
      await portal.backend.stop();
    }
  });
});

describe('the multi-region-service template, with changes that take time to deploy', () => {
  // Long enough that nothing deploys unless the test moves the clock.
  const DELAY = 20_000;
  const clock = new SteerableClock();
  let emu: Emulator;
  const dir = createMockDirectory();
  beforeAll(async () => {
    emu = await startTestEmulator({
      deploymentDelayMs: DELAY,
      route53ChangeDelayMs: DELAY,
      clock: clock.now,
    });
  });
  afterAll(() => emu?.stop());

  it('waits for each ARC resource to be DEPLOYED and for the DNS change to be INSYNC, and shows it in the task log', async () => {
    const portal = await startPortalBackend(emu, dir);
    // every change completes once the template has read it PENDING
    const stop = completeChangesOnceRead(emu, clock, DELAY);
    try {
      const created = await portal.createTask(defaultValues);
      expect(created.status).toBe(201);
      const { task, log } = await portal.finished(created.body.id);
      if (task.status !== 'completed') throw new Error(log);

      expect(trace(emu.requestLog(), 'arc-control', DELAY)).toEqual([
        'ListControlPanels',
        'CreateControlPanel',
        'DescribeControlPanel PENDING',
        'DescribeControlPanel DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
        'DescribeRoutingControl PENDING',
        'DescribeRoutingControl DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
        'DescribeRoutingControl PENDING',
        'DescribeRoutingControl DEPLOYED',
        'ListSafetyRules',
        'CreateSafetyRule',
        'DescribeSafetyRule PENDING',
        'DescribeSafetyRule DEPLOYED',
      ]);
      expect(trace(emu.requestLog(), 'route53', DELAY).slice(-3)).toEqual([
        'ChangeResourceRecordSets',
        'GetChange PENDING',
        'GetChange INSYNC',
      ]);
      const statuses = log
        .split('\n')
        .filter(line =>
          /(control panel|routing control|safety rule|Route 53 change) \S+.*: (PENDING|DEPLOYED|INSYNC)$/.test(
            line,
          ),
        )
        .map(line =>
          line.replace(
            /^.*?(control panel|routing control|safety rule|Route 53 change)/,
            '$1',
          ),
        );
      expect(statuses).toEqual([
        'control panel inventory-panel: PENDING',
        'control panel inventory-panel: DEPLOYED',
        'routing control inventory-primary-rc: PENDING',
        'routing control inventory-primary-rc: DEPLOYED',
        'routing control inventory-secondary-rc: PENDING',
        'routing control inventory-secondary-rc: DEPLOYED',
        'safety rule inventory-at-least-one-on: PENDING',
        'safety rule inventory-at-least-one-on: DEPLOYED',
        expect.stringMatching(
          /^Route 53 change \S+ \(failover records of inventory\.example\.com\): PENDING$/,
        ),
        expect.stringMatching(/^Route 53 change \S+ \(.*\): INSYNC$/),
      ]);
    } finally {
      stop();
      await portal.backend.stop();
    }
  });
});

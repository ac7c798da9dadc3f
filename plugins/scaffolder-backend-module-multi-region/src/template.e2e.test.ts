import {
  mockCredentials,
  mockServices,
  startTestBackend,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { parseMultiRegionAnnotations } from '@multi-region-failover/plugin-multi-region-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import scaffolderModuleMultiRegion, { localPublishUrlReader } from '.';
import {
  appConfigFor,
  Emulator,
  startTestEmulator,
} from './__testUtils__/emulator';
import { defaultValues, TEMPLATE_DIR } from './__testUtils__/templateDryRun';

jest.setTimeout(120_000);

/** Polls a condition (an HTTP resource becoming ready), failing after `timeoutMs`. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * The dev-portal flow for real: catalog + scaffolder + this module + the URL
 * reader, against the emulator. The template comes from the catalog, runs
 * every step, publishes locally and registers the new entity.
 */
describe('the multi-region-service template, run for real against the emulator', () => {
  let emu: Emulator;
  const dir = createMockDirectory();
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu?.stop());

  it('creates the ARC resources and DNS, publishes, and registers an entity with the real ARNs', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleMultiRegion,
        scaffolderModuleGithub,
        localPublishUrlReader,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(TEMPLATE_DIR, 'template.yaml'),
                },
              ],
            },
            ...appConfigFor(emu),
            multiRegionScaffolder: {
              localPublishDir: dir.resolve('published'),
              // the dev portal's setting: the emulator has no API Gateway domains
              route53: { placeholderAliasTargets: true },
            },
          },
        }),
      ],
    });
    const auth = mockCredentials.user.header('user:default/guest');
    try {
      await until('the template in the catalog', async () => {
        const res = await request(backend.server)
          .get(
            '/api/catalog/entities/by-name/template/default/multi-region-service',
          )
          .set('Authorization', auth);
        return res.status === 200 ? res.body : undefined;
      });

      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', auth)
        .send({
          templateRef: 'template:default/multi-region-service',
          values: defaultValues,
        });
      expect(created.status).toBe(201);

      const task = await until('the task to finish', async () => {
        const res = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', auth);
        return ['completed', 'failed'].includes(res.body.status)
          ? res.body
          : undefined;
      });
      if (task.status !== 'completed') {
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', auth);
        throw new Error(events.body.map((e: any) => e.body.message).join('\n'));
      }

      // ARC and Route 53 in the emulator
      const snapshot = emu.snapshot();
      const panel = snapshot.controlPanels.find(
        p => p.Name === 'inventory-panel',
      )!;
      expect(panel.Tags['backstage.io/entity-ref']).toBe(
        'component:default/inventory',
      );

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

      // catalog:register put the entity in the catalog
      const registered = await until(
        'the new entity in the catalog',
        async () => {
          const res = await request(backend.server)
            .get('/api/catalog/entities/by-name/component/default/inventory')
            .set('Authorization', auth);
          return res.status === 200 ? res.body : undefined;
        },
      );
      expect(
        registered.metadata.annotations[
          'multi-region-failover.io/control-panel-arn'
        ],
      ).toBe(panel.ControlPanelArn);
    } finally {
      await backend.stop();
    }
  });
});

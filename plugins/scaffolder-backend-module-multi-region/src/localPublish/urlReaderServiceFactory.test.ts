import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { localPublishUrlReader } from './urlReaderServiceFactory';

jest.setTimeout(60_000);

/**
 * What catalog:register does with the catalogInfoUrl of
 * multi-region:publish:local: add a `url` location, dry run first.
 */
describe('localPublishUrlReader with the real catalog backend', () => {
  const dir = createMockDirectory({
    content: {
      published: {
        inventory: {
          'catalog-info.yaml':
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: inventory\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-orders\n',
        },
      },
      'elsewhere.yaml': 'kind: Component\n',
    },
  });

  async function addLocation(features: any[], target: string) {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            multiRegionScaffolder: {
              localPublishDir: dir.resolve('published'),
            },
            catalog: { rules: [{ allow: ['Component', 'Location'] }] },
          },
        }),
        ...features,
      ],
    });
    try {
      return await request(backend.server)
        .post('/api/catalog/locations?dryRun=true')
        .set('Authorization', mockCredentials.user.header())
        .send({ type: 'url', target });
    } finally {
      await backend.stop();
    }
  }
  const catalogInfoUrl = () =>
    pathToFileURL(dir.resolve('published/inventory/catalog-info.yaml')).href;

  it('lets the catalog read the published catalog-info.yaml through its file: URL', async () => {
    const res = await addLocation([localPublishUrlReader], catalogInfoUrl());
    expect(res.status).toBe(201);
    expect(
      res.body.entities.map((e: any) => `${e.kind}:${e.metadata.name}`),
    ).toContain('Component:inventory');
  });

  it('is needed: without it the catalog cannot read file: URLs', async () => {
    const res = await addLocation([], catalogInfoUrl());
    expect(res.status).not.toBe(201);
    expect(JSON.stringify(res.body)).toMatch(/not allowed/i);
  });

  it('reads nothing outside the publish directory', async () => {
    const res = await addLocation(
      [localPublishUrlReader],
      pathToFileURL(dir.resolve('elsewhere.yaml')).href,
    );
    expect(res.status).not.toBe(201);
  });
});

import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { actionContext, outputsOf } from '../../__testUtils__/emulator';
import { HOSTILE_VALUES } from '../../__testUtils__/hostileInputs';
import {
  OWNER_REF_RULE,
  SERVICE_NAME_RULE,
  SYSTEM_REF_RULE,
} from '../../lib/inputs';
import { PUBLISH_MARKER } from '../../localPublish/localPublishDir';
import { createRegisterPublishedAction } from './createRegisterPublishedAction';

/** A stand-in for the catalog's POST /locations: records each request, answers `status`. */
async function startFakeCatalog() {
  const received: Array<{ authorization?: string; body: any }> = [];
  let status = 201;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => {
      text += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/catalog/locations') {
        received.push({
          authorization: req.headers.authorization,
          body: JSON.parse(text),
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status === 201
              ? { location: { id: '1' }, entities: [] }
              : { error: { name: 'ConflictError', message: 'exists' } },
          ),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/catalog`,
    received,
    answer(next: number) {
      status = next;
    },
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

const component = (overrides: Record<string, unknown> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'inventory', description: 'Stock levels' },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/team-orders',
    system: 'system:default/public-api',
  },
  ...overrides,
});

describe('multi-region:catalog:register-published', () => {
  const dir = createMockDirectory();
  let catalog: Awaited<ReturnType<typeof startFakeCatalog>>;
  beforeAll(async () => {
    catalog = await startFakeCatalog();
  });
  afterAll(() => catalog.stop());

  /** A service published by `taskId` whose catalog-info.yaml is `text`. */
  const publish = (text: string, taskId = 'mock-task-id') =>
    dir.setContent({
      published: {
        inventory: {
          'catalog-info.yaml': text,
          [PUBLISH_MARKER]: JSON.stringify({
            taskId,
            publishedAt: '2025-01-01T00:00:00.000Z',
          }),
        },
      },
    });
  beforeEach(() => {
    catalog.received.length = 0;
    catalog.answer(201);
    publish(yaml.stringify(component()));
  });

  const input = {
    name: 'inventory',
    owner: 'group:default/team-orders',
    system: 'system:default/public-api',
  };
  const action = () =>
    createRegisterPublishedAction({
      config: new ConfigReader({
        multiRegionScaffolder: { localPublishDir: dir.resolve('published') },
      }),
      discovery: {
        getBaseUrl: async () => catalog.baseUrl,
        getExternalBaseUrl: async () => catalog.baseUrl,
      },
      auth: mockServices.auth(),
    });
  const fileUrl = () =>
    pathToFileURL(dir.resolve('published/inventory/catalog-info.yaml')).href;

  it('registers the file this task published, as the scaffolder plugin', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(catalog.received).toEqual([
      {
        // a service token of the scaffolder, not the user's
        authorization: expect.stringMatching(/^Bearer .*plugin:test/),
        body: { type: 'url', target: fileUrl() },
      },
    ]);
    expect(outputsOf(ctx)).toEqual({
      catalogInfoUrl: fileUrl(),
      entityRef: 'component:default/inventory',
    });
  });

  it('accepts an already registered location (the same task retrying)', async () => {
    catalog.answer(409);
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(outputsOf(ctx).entityRef).toBe('component:default/inventory');
  });

  it('registers nothing in a dry run', async () => {
    const ctx = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(catalog.received).toEqual([]);
    expect(outputsOf(ctx).entityRef).toBe('component:default/inventory');
  });

  it('refuses what another task published', async () => {
    publish(yaml.stringify(component()), 'another-task');
    const refused = action().handler(actionContext(input));
    await expect(refused).rejects.toThrow(NotAllowedError);
    await expect(refused).rejects.toThrow(
      /was not published by this task \(task another-task\)/,
    );
    expect(catalog.received).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    [
      'a second document (the injected Group)',
      `${yaml.stringify(component())}---\n${yaml.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'attackers' },
        spec: { type: 'team', children: [], members: ['guest'] },
      })}`,
      /it holds 2 documents/,
    ],
    [
      'a Group instead of the Component',
      yaml.stringify(component({ kind: 'Group' })),
      /its entity is a "Group"/,
    ],
    [
      'another name',
      yaml.stringify(
        component({ metadata: { name: 'payments', description: 'x' } }),
      ),
      /its Component is "default"\/"payments"/,
    ],
    [
      'another owner',
      yaml.stringify(
        component({
          spec: { ...component().spec, owner: 'group:default/platform-admins' },
        }),
      ),
      /its spec.owner is "group:default\/platform-admins"/,
    ],
    [
      'another system',
      yaml.stringify(
        component({ spec: { ...component().spec, system: 'billing' } }),
      ),
      /its spec.system is "billing"/,
    ],
    [
      'a description of several lines',
      yaml.stringify(
        component({ metadata: { name: 'inventory', description: 'a\nb' } }),
      ),
      /metadata.description "a\\nb" is not valid/,
    ],
    ['invalid YAML', 'kind: [Component', /is not valid YAML/],
  ])('refuses a catalog-info.yaml with %s', async (_, text, message) => {
    publish(text);
    const refused = action().handler(actionContext(input));
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(message);
    expect(catalog.received).toEqual([]);
  });

  it.each([
    ['name', SERVICE_NAME_RULE],
    ['owner', OWNER_REF_RULE],
    ['system', SYSTEM_REF_RULE],
  ])(
    'refuses a hostile %s itself, before reading or registering anything',
    async (field, rule) => {
      const hostile = Object.entries(HOSTILE_VALUES).filter(
        ([, value]) => !rule.pattern.test(value),
      );
      expect(hostile.length).toBeGreaterThan(35);
      for (const [what, value] of hostile) {
        const ctx = actionContext({ ...input, [field]: value });
        await expect({
          what,
          error: await action()
            .handler(ctx)
            .then(
              () => undefined,
              e => e.name,
            ),
        }).toEqual({ what, error: 'InputError' });
      }
      expect(catalog.received).toEqual([]);
    },
  );
});

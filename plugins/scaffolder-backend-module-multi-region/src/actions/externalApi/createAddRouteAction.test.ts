import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { actionContext, outputsOf } from '../../__testUtils__/emulator';
import { createAddRouteAction } from './createAddRouteAction';

const EXTERNAL_API = `# The external API (team-edge)
openapi: 3.0.1
info: { title: External API, version: '1.0' }
paths:
  # orders is failed over on its own; we follow its DNS
  /orders/{proxy+}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: https://orders.example.com/{proxy}
`;

describe('multi-region:external-api:add-route', () => {
  const dir = createMockDirectory();
  beforeEach(() =>
    dir.setContent({ workspace: {}, 'external-api.yaml': EXTERNAL_API }),
  );
  const input = {
    name: 'inventory',
    path: '/inventory',
    dnsName: 'inventory.example.com',
    owner: 'group:default/team-orders',
  };
  const action = () =>
    createAddRouteAction({
      config: new ConfigReader({
        multiRegionScaffolder: {
          externalApi: { openApiFile: dir.resolve('external-api.yaml') },
        },
      }),
    });

  it('writes an HTTP proxy route to the custom domain into the workspace by default', async () => {
    const ctx = actionContext(input, {
      workspacePath: dir.resolve('workspace'),
    });
    await action().handler(ctx);
    const out = outputsOf(ctx);
    expect(out.file).toBe(
      dir.resolve('workspace/external-api/route.openapi.yaml'),
    );
    const doc = yaml.parse(await fs.readFile(out.file as string, 'utf8'));
    const proxy =
      doc.paths['/inventory/{proxy+}']['x-amazon-apigateway-any-method'];
    expect(proxy['x-amazon-apigateway-integration']).toMatchObject({
      type: 'http_proxy',
      httpMethod: 'ANY',
      uri: 'https://inventory.example.com/{proxy}',
      requestParameters: {
        'integration.request.path.proxy': 'method.request.path.proxy',
      },
    });
    expect(
      doc.paths['/inventory']['x-amazon-apigateway-any-method'][
        'x-amazon-apigateway-integration'
      ].uri,
    ).toBe('https://inventory.example.com/');
    expect(doc.paths['/inventory']['x-multi-region-failover']).toEqual({
      service: 'inventory',
      owner: 'group:default/team-orders',
    });
  });

  it('merges into the configured external API document, keeping its comments, once', async () => {
    const ctx = actionContext(
      { ...input, destination: 'config' as const },
      { workspacePath: dir.resolve('workspace') },
    );
    await action().handler(ctx);
    const text = await fs.readFile(dir.resolve('external-api.yaml'), 'utf8');
    expect(text).toContain('# orders is failed over on its own');
    expect(Object.keys(yaml.parse(text).paths)).toEqual([
      '/orders/{proxy+}',
      '/inventory',
      '/inventory/{proxy+}',
    ]);

    const again = actionContext(
      { ...input, destination: 'config' as const },
      { workspacePath: dir.resolve('workspace') },
    );
    await action().handler(again);
    expect(outputsOf(again).changed).toBe(false);
    expect(await fs.readFile(dir.resolve('external-api.yaml'), 'utf8')).toBe(
      text,
    );
  });

  it('refuses a path that already routes to another service', async () => {
    await expect(
      action().handler(
        actionContext(
          { ...input, path: '/orders', destination: 'config' as const },
          { workspacePath: dir.resolve('workspace') },
        ),
      ),
    ).rejects.toThrow(
      /already routes \/orders\/\{proxy\+\} to https:\/\/orders\.example\.com/,
    );
    expect(await fs.readFile(dir.resolve('external-api.yaml'), 'utf8')).toBe(
      EXTERNAL_API,
    );
  });

  it('leaves the configured document alone in a dry run', async () => {
    const ctx = actionContext(
      { ...input, destination: 'config' as const },
      { workspacePath: dir.resolve('workspace'), isDryRun: true },
    );
    await action().handler(ctx);
    expect(outputsOf(ctx).changed).toBe(true);
    expect(await fs.readFile(dir.resolve('external-api.yaml'), 'utf8')).toBe(
      EXTERNAL_API,
    );
  });

  it('keeps workspace files inside the workspace', async () => {
    await expect(
      action().handler(
        actionContext(
          { ...input, file: '../escape.yaml' },
          { workspacePath: dir.resolve('workspace') },
        ),
      ),
    ).rejects.toThrow(/outside/i);
  });
});

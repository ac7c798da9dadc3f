/**
 * @jest-environment node
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ResponseError } from '@backstage/errors';
import { MultiRegionClient } from './MultiRegionClient';

type Seen = { method?: string; url?: string; body: string; auth?: string };

describe('MultiRegionClient against a real HTTP server', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  let reply: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          body,
          auth: req.headers.authorization,
        });
        reply(req, res);
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/multi-region`;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
    reply = (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    };
  });

  const client = () =>
    new MultiRegionClient({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) => {
          expect(pluginId).toBe('multi-region');
          return baseUrl;
        },
      },
      fetchApi: {
        // What the app's fetch API does: attach the caller's token.
        fetch: (input, init) =>
          fetch(input as string, {
            ...init,
            headers: {
              ...(init?.headers as object),
              Authorization: 'Bearer user-token',
            },
          }),
      },
    });

  it('calls every route with the right method, path, query and body', async () => {
    const c = client();
    await c.getStatus('component:default/orders');
    await c.getServices();
    await c.planFailover({
      entityRef: 'component:default/orders',
      targetRegion: 'us-west-2',
    });
    await c.executeFailover({
      entityRef: 'component:default/orders',
      targetRegion: 'us-west-2',
      reason: 'us-east-1 degraded',
      expectedActiveRegion: 'us-east-1',
      acknowledgeFailingChecks: ['target-health', 'alarms'],
    });
    await c.getReadiness({ entityRef: 'component:default/orders' });
    await c.getReadiness({
      entityRef: 'component:default/orders',
      targetRegion: 'us-east-1',
    });
    await c.getOperation('op/1');
    await c.getHistory({
      entityRef: 'component:default/orders',
      cursor: 'abc',
      limit: 20,
    });
    await c.getHistory();

    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/multi-region/status?entityRef=component%3Adefault%2Forders',
      'GET /api/multi-region/services',
      'POST /api/multi-region/plan',
      'POST /api/multi-region/operations',
      'GET /api/multi-region/readiness?entityRef=component%3Adefault%2Forders',
      'GET /api/multi-region/readiness?entityRef=component%3Adefault%2Forders&targetRegion=us-east-1',
      'GET /api/multi-region/operations/op%2F1',
      'GET /api/multi-region/history?entityRef=component%3Adefault%2Forders&cursor=abc&limit=20',
      'GET /api/multi-region/history',
    ]);
    expect(JSON.parse(seen[2].body)).toEqual({
      entityRef: 'component:default/orders',
      targetRegion: 'us-west-2',
    });
    expect(JSON.parse(seen[3].body)).toMatchObject({
      reason: 'us-east-1 degraded',
      expectedActiveRegion: 'us-east-1',
      acknowledgeFailingChecks: ['target-health', 'alarms'],
    });
    expect(seen[4].body).toBe('');
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
  });

  it('returns the parsed JSON body', async () => {
    reply = (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          items: [{ entityRef: 'component:default/orders' }],
          fetchedAt: 't',
        }),
      );
    };
    await expect(client().getServices()).resolves.toEqual({
      items: [{ entityRef: 'component:default/orders' }],
      fetchedAt: 't',
    });
  });

  it('throws a ResponseError carrying the status and the server message', async () => {
    reply = (_req, res) => {
      res.statusCode = 409;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'The active region is now us-west-2, not us-east-1',
          },
          request: { method: 'POST', url: '/operations' },
          response: { statusCode: 409 },
        }),
      );
    };
    const error = await client()
      .executeFailover({
        entityRef: 'component:default/orders',
        targetRegion: 'us-west-2',
        reason: 'drill',
        expectedActiveRegion: 'us-east-1',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.name).toBe('ConflictError');
    expect(error.body.error.message).toBe(
      'The active region is now us-west-2, not us-east-1',
    );
  });

  it('still throws a ResponseError when the body is not JSON', async () => {
    reply = (_req, res) => {
      res.statusCode = 502;
      res.end('Bad gateway');
    };
    const error = await client()
      .getServices()
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });
});

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

  it('calls the drill routes with the right method, path, query and body', async () => {
    const c = client();
    await c.planDrill('component:default/orders');
    await c.startDrill({
      entityRef: 'component:default/orders',
      reason: 'Quarterly drill',
      soakSeconds: 900,
      expectedActiveRegion: 'us-east-1',
      acknowledgeFailingChecks: ['alarms'],
    });
    await c.getDrill('drill/1');
    await c.listDrills('component:default/orders');
    await c.listDrills('component:default/orders', 5);
    await c.stopDrill('drill/1', 'Customer traffic spike');

    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /api/multi-region/drills/plan',
      'POST /api/multi-region/drills',
      'GET /api/multi-region/drills/drill%2F1',
      'GET /api/multi-region/drills?entityRef=component%3Adefault%2Forders',
      'GET /api/multi-region/drills?entityRef=component%3Adefault%2Forders&limit=5',
      'POST /api/multi-region/drills/drill%2F1/stop',
    ]);
    expect(JSON.parse(seen[0].body)).toEqual({
      entityRef: 'component:default/orders',
    });
    expect(JSON.parse(seen[1].body)).toEqual({
      entityRef: 'component:default/orders',
      reason: 'Quarterly drill',
      soakSeconds: 900,
      expectedActiveRegion: 'us-east-1',
      acknowledgeFailingChecks: ['alarms'],
    });
    expect(JSON.parse(seen[5].body)).toEqual({
      reason: 'Customer traffic spike',
    });
    expect(seen[0].auth).toBe('Bearer user-token');
  });

  it('calls the evacuation routes with the right method, path, query and body', async () => {
    const c = client();
    await c.planEvacuation({
      region: 'us-east-1',
      selection: { owner: 'group:default/team-orders' },
    });
    await c.startEvacuation({
      region: 'us-east-1',
      selection: { owner: 'group:default/team-orders' },
      reason: 'us-east-1 degraded, INC-42',
      confirmation: 'evacuate us-east-1',
      services: ['component:default/orders', 'component:default/checkout'],
      stopOnFailure: true,
    });
    await c.getEvacuation('evac/1');
    await c.listEvacuations();
    await c.listEvacuations(10);
    await c.stopEvacuation('evac/1', 'Region recovered');

    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /api/multi-region/evacuations/plan',
      'POST /api/multi-region/evacuations',
      'GET /api/multi-region/evacuations/evac%2F1',
      'GET /api/multi-region/evacuations',
      'GET /api/multi-region/evacuations?limit=10',
      'POST /api/multi-region/evacuations/evac%2F1/stop',
    ]);
    expect(JSON.parse(seen[0].body)).toEqual({
      region: 'us-east-1',
      selection: { owner: 'group:default/team-orders' },
    });
    expect(JSON.parse(seen[1].body)).toEqual({
      region: 'us-east-1',
      selection: { owner: 'group:default/team-orders' },
      reason: 'us-east-1 degraded, INC-42',
      confirmation: 'evacuate us-east-1',
      services: ['component:default/orders', 'component:default/checkout'],
      stopOnFailure: true,
    });
    expect(seen[2].body).toBe('');
    expect(JSON.parse(seen[5].body)).toEqual({ reason: 'Region recovered' });
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
  });

  it("surfaces an evacuation's refusal message from the 409 body", async () => {
    reply = (_req, res) => {
      res.statusCode = 409;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'An evacuation of us-east-1 is already running.',
          },
          request: { method: 'POST', url: '/evacuations' },
          response: { statusCode: 409 },
        }),
      );
    };
    const error = await client()
      .startEvacuation({
        region: 'us-east-1',
        reason: 'us-east-1 degraded',
        confirmation: 'evacuate us-east-1',
        services: ['component:default/orders'],
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'An evacuation of us-east-1 is already running.',
    );
  });

  it('downloads each report through the fetch API, as a blob named by Content-Disposition', async () => {
    reply = (req, res) => {
      const markdown = req.url?.includes('format=markdown');
      res.setHeader(
        'Content-Type',
        markdown ? 'text/markdown; charset=utf-8' : 'application/json',
      );
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="drill-report-orders-2030-01-12-1a2b3c4d.${
          markdown ? 'md' : 'json'
        }"`,
      );
      res.end(markdown ? '# Drill report\n' : '{"kind":"drill-report"}');
    };
    const c = client();
    const drillMd = await c.downloadReport(
      { kind: 'drill', id: 'drill/1' },
      'markdown',
    );
    await c.downloadReport({ kind: 'operation', id: 'op-1' }, 'json');
    await c.downloadReport({ kind: 'organisation' }, 'csv');

    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/multi-region/drills/drill%2F1/report?format=markdown',
      'GET /api/multi-region/operations/op-1/report?format=json',
      'GET /api/multi-region/reports/organisation?format=csv',
    ]);
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
    expect(drillMd.filename).toBe('drill-report-orders-2030-01-12-1a2b3c4d.md');
    expect(drillMd.blob.type).toMatch(/^text\/markdown/);
    expect(await drillMd.blob.text()).toBe('# Drill report\n');
  });

  it('names a report itself when Content-Disposition is missing or unsafe', async () => {
    reply = (req, res) => {
      if (req.url?.startsWith('/api/multi-region/drills')) {
        res.setHeader('Content-Disposition', 'attachment; filename="../x.md"');
      }
      res.end('body');
    };
    const c = client();
    const drill = await c.downloadReport(
      { kind: 'drill', id: '1a2b3c4d-0000-4000-8000-000000000000' },
      'markdown',
    );
    const org = await c.downloadReport({ kind: 'organisation' }, 'json');
    expect(drill.filename).toBe('drill-report-1a2b3c4d.md');
    expect(org.filename).toMatch(
      /^multi-region-organisation-report-\d{4}-\d{2}-\d{2}\.json$/,
    );
  });

  it('throws a ResponseError when a report cannot be had', async () => {
    reply = (_req, res) => {
      res.statusCode = 429;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Retry-After', '30');
      res.end(
        JSON.stringify({
          error: { name: 'TooManyRequests', message: 'Rate limit exceeded' },
          request: { method: 'GET', url: '/reports/organisation' },
          response: { statusCode: 429 },
        }),
      );
    };
    const error = await client()
      .downloadReport({ kind: 'organisation' }, 'csv')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(429);
    expect(error.body.error.message).toBe('Rate limit exceeded');
  });

  it("downloads an entity's break-glass runbook, named by Content-Disposition", async () => {
    const script = '#!/usr/bin/env bash\nset -euo pipefail\n';
    reply = (_req, res) => {
      res.setHeader('Content-Type', 'text/x-shellscript; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        'attachment; filename="orders-break-glass-runbook.sh"',
      );
      res.end(script);
    };
    const runbook = await client().downloadRunbook('component:default/orders');
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/multi-region/runbook?entityRef=component%3Adefault%2Forders',
    ]);
    expect(seen[0].auth).toBe('Bearer user-token');
    expect(runbook.filename).toBe('orders-break-glass-runbook.sh');
    expect(runbook.blob.type).toMatch(/^text\/x-shellscript/);
    expect(await runbook.blob.text()).toBe(script);
  });

  it('names a runbook itself when Content-Disposition is missing, and throws on an error body', async () => {
    reply = (_req, res) => res.end('#!/usr/bin/env bash\n');
    expect(
      (await client().downloadRunbook('component:default/orders')).filename,
    ).toBe('orders-break-glass-runbook.sh');

    reply = (_req, res) => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No such entity' },
          request: { method: 'GET', url: '/runbook' },
          response: { statusCode: 404 },
        }),
      );
    };
    const error = await client()
      .downloadRunbook('component:default/nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No such entity');
  });

  it("surfaces a drill refusal's message and kind from the 409 body", async () => {
    reply = (_req, res) => {
      res.statusCode = 409;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'Refused: outside Mon-Fri 09:00-17:00 UTC (service).',
            refusal: 'drill-window',
          },
          request: { method: 'POST', url: '/drills' },
          response: { statusCode: 409 },
        }),
      );
    };
    const error = await client()
      .startDrill({
        entityRef: 'component:default/orders',
        reason: 'Quarterly drill',
        soakSeconds: 900,
        expectedActiveRegion: 'us-east-1',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.refusal).toBe('drill-window');
    expect(error.body.error.message).toBe(
      'Refused: outside Mon-Fri 09:00-17:00 UTC (service).',
    );
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

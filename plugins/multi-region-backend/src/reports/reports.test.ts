import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';
import request from 'supertest';
import {
  appEntity,
  Harness,
  HIDDEN_FROM,
  mockAuth,
  startHarness,
  waitForOperation,
} from '../__testUtils__/harness';
import { ORGANISATION_CSV_COLUMNS } from './csv';
import {
  expectIntactMarkdown,
  tableCells,
} from './__fixtures__/markdownChecks';
import { parseCsv } from './__fixtures__/parseCsv';

/*
 * Evidence reports through the real plugin and the emulator over HTTP: a
 * drill of orders and its two operations, a real failover and failback,
 * then each report in each format, as the owner and as a person who may not
 * see everything: content, headers, the 404s, and a hostile reason that
 * cannot break the Markdown.
 */

jest.setTimeout(180_000);

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const EXTERNAL = 'component:default/external-api';
const ERIN = 'user:default/erin';
const alice = mockAuth('user:default/alice');
const guest = mockAuth('user:default/guest');
const erin = mockAuth(ERIN);
const API = '/api/multi-region';
const HOSTILE = 'x | y <script>alert(1)</script> `z`\n# heading';
const ESCAPED =
  'x \\| y &lt;script&gt;alert(1)&lt;/script&gt; \\`z\\` ↵ \\# heading';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let current: Harness | undefined;
const h = () => current!;

/** supertest reads text/markdown and text/csv bodies as text. */
const get = (path: string, who: Record<string, string>) =>
  request(h().server)
    .get(`${API}${path}`)
    .set(who)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
const json = (res: { body: unknown }) => JSON.parse(res.body as string);

async function waitForDrill(id: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(h().server).get(`${API}/drills/${id}`).set(alice);
    if (res.status !== 200) {
      throw new Error(`GET drill ${id}: ${res.status} ${res.text}`);
    }
    if (['completed', 'failed', 'needs-attention'].includes(res.body.state)) {
      return res.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`drill ${id} never finished: ${res.text}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Only orders and external-api for erin's list (team-edge, and a grant to team-orders). */
function withoutPayments<T>(fn: () => Promise<T>): Promise<T> {
  const permissions = h().permissions;
  const original = permissions.authorizeConditional;
  permissions.authorizeConditional = (async (queries: any[], opts: any) =>
    queries.map(() =>
      opts.credentials.principal.userEntityRef === ERIN
        ? {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: {
                claims: [
                  'group:default/team-edge',
                  'group:default/team-orders',
                ],
              },
            },
          }
        : { result: AuthorizeResult.ALLOW },
    )) as any;
  return fn().finally(() => {
    permissions.authorizeConditional = original;
  });
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'evidence reports on %p',
  databaseId => {
    let drill: any;
    let realFailback: any;

    beforeAll(async () => {
      current = await startHarness({
        knex: await databases.init(databaseId),
        entities: [
          appEntity('external-api'),
          appEntity('orders', { annotations: { [A.rtoMinutes]: '15' } }),
          appEntity('payments'),
        ],
        config: { drills: { minSoakSeconds: 1, watchIntervalSeconds: 1 } },
      });
      h().startRefresher();
      const started = await request(h().server)
        .post(`${API}/drills`)
        .set(guest)
        .send({
          entityRef: ORDERS,
          reason: HOSTILE,
          soakSeconds: 1,
          expectedActiveRegion: 'us-east-1',
        });
      if (started.status !== 202) {
        throw new Error(`drill not started: ${started.status} ${started.text}`);
      }
      drill = await waitForDrill(started.body.id);
      if (drill.outcome !== 'passed') {
        throw new Error(`the drill did not pass: ${JSON.stringify(drill)}`);
      }
    });
    afterAll(async () => {
      delete HIDDEN_FROM[ERIN];
      await current?.stop();
    });

    it("serves a drill's report as JSON and as a Markdown document", async () => {
      const res = await get(`/drills/${drill.id}/report`, alice);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="drill-report-orders-${drill.createdAt.slice(
          0,
          10,
        )}-${drill.id.slice(0, 8)}.json"`,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      const report = json(res);
      expect(report).toMatchObject({
        kind: 'drill-report',
        generatedBy: 'user:default/alice',
        drill: { id: drill.id, reason: HOSTILE, outcome: 'passed' },
        entity: {
          entityRef: ORDERS,
          owner: 'group:default/team-orders',
          rtoMinutes: 15,
          primaryRegion: 'us-east-1',
          secondaryRegion: 'us-west-2',
        },
        failover: {
          id: drill.failoverOperationId,
          drillId: drill.id,
          toRegion: 'us-west-2',
        },
        failback: {
          id: drill.failbackOperationId,
          drillId: drill.id,
          toRegion: 'us-east-1',
        },
        verdict: {
          result: 'passed',
          outcome: 'passed',
          rtoMinutes: 15,
          rtoMet: true,
          failover: { switchMs: expect.any(Number), rtoMet: true },
          failback: { switchMs: expect.any(Number) },
        },
      });
      expect(report.failover.controlPanelArn).toBeUndefined();
      expect(report.drill.config).toBeUndefined();

      const md = await get(`/drills/${drill.id}/report?format=markdown`, alice);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(md.headers['content-disposition']).toMatch(
        /^attachment; filename="drill-report-orders-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md"$/,
      );
      const doc = md.body as string;
      expect(doc.split('\n')[0]).toBe(
        '# Drill report: orders us-east-1 → us-west-2 → us-east-1',
      );
      expect(doc).toContain('**Verdict: passed.**');
      expect(doc).toContain('| Started by | user:default/guest |');
      const why = doc.split('\n').find(l => l.startsWith('| Why |'))!;
      expect(tableCells(why)).toEqual(['Why', ESCAPED]);
      expect(doc).toMatch(
        /\| Failover: time to switch \| [\d.]+ (ms|s) against an RTO of 15 min: met \|/,
      );
      expect(doc).toContain('## Failover');
      expect(doc).toContain('## Failback');
      expect(doc).not.toContain('<script');
      expectIntactMarkdown(doc, /^#{1,3} [A-Z]/);
    });

    it("serves the drill's failover report, naming the drill", async () => {
      const id = drill.failoverOperationId;
      const res = await get(`/operations/${id}/report?format=json`, alice);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="failover-report-orders-${drill.createdAt.slice(
          0,
          10,
        )}-${id.slice(0, 8)}.json"`,
      );
      const report = json(res);
      expect(report).toMatchObject({
        kind: 'failover-report',
        generatedBy: 'user:default/alice',
        operation: {
          id,
          drillId: drill.id,
          actor: 'user:default/guest',
          status: 'succeeded',
          timings: { rtoMinutes: 15, rtoMet: true },
        },
        entity: { entityRef: ORDERS, rtoMinutes: 15 },
        drill: { id: drill.id },
        verdict: { rtoMinutes: 15, rtoMet: true, switchMs: expect.any(Number) },
      });
      expect(report.operation.steps.map((s: any) => s.name)).toEqual([
        'authorised',
        'routing-controls-updated',
        'health-checks-observed',
        'dns-answering',
      ]);

      const md = await get(`/operations/${id}/report?format=markdown`, guest);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(md.headers['content-disposition']).toMatch(
        /^attachment; filename="failover-report-orders-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md"$/,
      );
      const doc = md.body as string;
      expect(doc.split('\n')[0]).toBe(
        '# Failover report: orders us-east-1 → us-west-2',
      );
      expect(doc).toContain('Generated ');
      expect(doc).toContain(' for user:default/guest.');
      expect(doc).toContain('| Who | user:default/guest |');
      expect(doc).toContain('| Status | succeeded |');
      expect(doc).toContain('| RTO met | met |');
      expect(doc).toContain('## Readiness at confirm');
      expect(doc).toContain('| DNS answering | done |');
      expect(doc).toContain('This operation is the failover of a drill.');
      const why = doc
        .split('\n')
        .filter(l => l.startsWith('| Why |'))
        .map(tableCells);
      expect(why.length).toBeGreaterThanOrEqual(2);
      for (const cells of why) {
        expect(cells).toHaveLength(2);
        expect(cells[1]).toContain(ESCAPED);
      }
      expectIntactMarkdown(doc, /^#{1,2} [A-Z]/);
    });

    it('answers 404 for an unknown id or one the caller may not read, as GET /operations/:id does', async () => {
      for (const path of [
        `/operations/${UNKNOWN}/report`,
        `/drills/${UNKNOWN}/report?format=markdown`,
      ]) {
        const res = await get(path, alice);
        expect(res.status).toBe(404);
        expect(json(res).error.name).toBe('NotFoundError');
      }
      HIDDEN_FROM[ERIN] = [ORDERS];
      try {
        const opId = drill.failoverOperationId;
        const plain = await request(h().server)
          .get(`${API}/operations/${opId}`)
          .set(erin);
        const report = await get(`/operations/${opId}/report`, erin);
        expect(plain.status).toBe(404);
        expect(report.status).toBe(404);
        expect(json(report).error.message).toBe(plain.body.error.message);
        const md = await get(
          `/operations/${opId}/report?format=markdown`,
          erin,
        );
        expect(md.status).toBe(404);
        const plainDrill = await request(h().server)
          .get(`${API}/drills/${drill.id}`)
          .set(erin);
        const drillReport = await get(`/drills/${drill.id}/report`, erin);
        expect(plainDrill.status).toBe(404);
        expect(drillReport.status).toBe(404);
        expect(json(drillReport).error.message).toBe(
          plainDrill.body.error.message,
        );
      } finally {
        delete HIDDEN_FROM[ERIN];
      }
    });

    it('answers 400 for a bad id or format', async () => {
      expect((await get('/operations/nope/report', alice)).status).toBe(400);
      expect((await get('/drills/nope/report', alice)).status).toBe(400);
      const csv = await get(`/drills/${drill.id}/report?format=csv`, alice);
      expect(csv.status).toBe(400);
      expect(json(csv).error.name).toBe('InputError');
      expect(
        (await get('/reports/organisation?format=pdf', alice)).status,
      ).toBe(400);
      expect(
        (await get('/reports/organisation?entityRef=x', alice)).status,
      ).toBe(400);
    });

    it('lists every service the caller may read in the organisation report, in three formats', async () => {
      // the drill's failover and failback are no real failover
      const before = json(await get('/reports/organisation', alice));
      const ordersBefore = before.services.find(
        (r: any) => r.entityRef === ORDERS,
      );
      expect(ordersBefore.lastDrill.id).toBe(drill.id);
      expect(ordersBefore.lastRealFailover).toBeUndefined();

      // a real failover and failback of orders: the last real failover
      for (const [from, to] of [
        ['us-east-1', 'us-west-2'],
        ['us-west-2', 'us-east-1'],
      ]) {
        const res = await request(h().server)
          .post(`${API}/operations`)
          .set(alice)
          .send({
            entityRef: ORDERS,
            targetRegion: to,
            reason: 'Latency in the region',
            expectedActiveRegion: from,
          });
        expect(res.status).toBe(202);
        realFailback = await waitForOperation(h().server, res.body.id);
        expect(realFailback.status).toBe('succeeded');
      }

      const res = await get('/reports/organisation', alice);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      const report = json(res);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="multi-region-organisation-report-${report.generatedAt.slice(
          0,
          10,
        )}.json"`,
      );
      expect(report).toMatchObject({
        kind: 'organisation-report',
        generatedBy: 'user:default/alice',
        overdueAfterDays: 90,
        totals: {
          services: 3,
          drilledWithinPeriod: 1,
          overdue: 2,
          rtoMetLastDrill: 1,
        },
      });
      expect(report.services.map((r: any) => r.entityRef)).toEqual([
        EXTERNAL,
        ORDERS,
        PAYMENTS,
      ]);
      const orders = report.services[1];
      expect(orders).toMatchObject({
        entityRef: ORDERS,
        title: 'orders',
        owner: 'group:default/team-orders',
        primaryRegion: 'us-east-1',
        secondaryRegion: 'us-west-2',
        activeRegion: 'us-east-1',
        rtoMinutes: 15,
        drillRunning: false,
        drillOverdue: false,
        lastDrill: {
          id: drill.id,
          outcome: 'passed',
          rtoMet: true,
          completedAt: drill.completedAt,
          switchMs: drill.failoverTimings.switchMs,
        },
        lastRealFailover: {
          operationId: realFailback.id,
          action: 'failback',
          fromRegion: 'us-west-2',
          toRegion: 'us-east-1',
          actor: 'user:default/alice',
          completedAt: realFailback.completedAt,
          switchMs: expect.any(Number),
          rtoMet: true,
        },
      });
      const payments = report.services[2];
      expect(payments).toMatchObject({ drillOverdue: true });
      expect(payments.lastDrill).toBeUndefined();
      expect(payments.lastRealFailover).toBeUndefined();

      const csv = await get('/reports/organisation?format=csv', alice);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe(
        'text/csv; charset=utf-8; header=present',
      );
      expect(csv.headers['content-disposition']).toMatch(
        /^attachment; filename="multi-region-organisation-report-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const records = parseCsv(csv.body as string);
      expect(records[0]).toEqual(ORGANISATION_CSV_COLUMNS);
      expect(records.slice(1).map(r => r[0])).toEqual([
        EXTERNAL,
        ORDERS,
        PAYMENTS,
      ]);
      const field = (record: string[], name: string) =>
        record[ORGANISATION_CSV_COLUMNS.indexOf(name)];
      expect(field(records[2], 'last_drill_outcome')).toBe('passed');
      expect(field(records[2], 'last_real_failover_id')).toBe(realFailback.id);
      expect(field(records[2], 'drill_overdue')).toBe('false');
      expect(field(records[3], 'drill_overdue')).toBe('true');

      const md = await get('/reports/organisation?format=markdown', alice);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(md.headers['content-disposition']).toMatch(
        /^attachment; filename="multi-region-organisation-report-\d{4}-\d{2}-\d{2}\.md"$/,
      );
      const doc = md.body as string;
      expect(doc).toContain('# Multi-region organisation report');
      expect(doc).toContain('- Services: 3');
      expect(doc).toContain('- Drill overdue: 2');
      const rows = doc
        .split('\n')
        .filter(l => l.startsWith('| component:'))
        .map(tableCells);
      expect(rows.map(r => r[0])).toEqual([EXTERNAL, ORDERS, PAYMENTS]);
      expect(rows[1][6]).toMatch(/ passed$/);
      expectIntactMarkdown(doc, /^#{1,2} [A-Z]/);
    });

    it('leaves out of the organisation report what the caller may not read', async () => {
      await withoutPayments(async () => {
        const report = json(await get('/reports/organisation', erin));
        expect(report.generatedBy).toBe(ERIN);
        expect(report.totals.services).toBe(2);
        expect(report.services.map((r: any) => r.entityRef)).toEqual([
          EXTERNAL,
          ORDERS,
        ]);
        const csv = await get('/reports/organisation?format=csv', erin);
        expect(csv.body).not.toContain('payments');
        expect(parseCsv(csv.body as string)).toHaveLength(3);
        const md = await get('/reports/organisation?format=markdown', erin);
        expect(md.body).not.toContain('payments');
        expect(md.body).toContain('- Services: 2');
      });
    });
  },
);

describe('the organisation report', () => {
  afterAll(() => current?.stop());

  it("counts in the caller's plan budget", async () => {
    current = await startHarness({
      config: { rateLimits: { planPerMinute: 1, executePerMinute: 0 } },
    });
    expect((await get('/reports/organisation', alice)).status).toBe(200);
    const limited = await get('/reports/organisation?format=csv', alice);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const plan = await request(h().server)
      .post(`${API}/plan`)
      .set(alice)
      .send({ entityRef: ORDERS, targetRegion: 'us-west-2' });
    expect(plan.status).toBe(429);
    expect((await get('/reports/organisation', guest)).status).toBe(200);
  });
});

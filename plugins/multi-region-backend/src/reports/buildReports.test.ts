import {
  buildDrillReport,
  buildOperationReport,
  buildOrganisationReport,
  operationVerdict,
} from './buildReports';
import { drill, operation, summary } from './__fixtures__/reports';

const stamp = {
  generatedAt: '2026-12-05T08:00:00.000Z',
  generatedBy: 'user:default/alice',
};

describe('operation verdicts', () => {
  it('use the times recorded with the operation and the RTO of that moment', () => {
    expect(operationVerdict(operation(), 30)).toEqual({
      rtoMinutes: 15,
      switchMs: 4200,
      healthyMs: 3500,
      rtoMet: true,
    });
  });

  it('measure a portal operation recorded without times from its steps', () => {
    expect(operationVerdict(operation({ timings: undefined }), 1)).toEqual({
      rtoMinutes: 1,
      switchMs: 4200,
      healthyMs: 3500,
      rtoMet: true,
    });
    expect(
      operationVerdict(
        operation({
          timings: undefined,
          createdAt: '2026-12-04T09:58:00.000Z',
        }),
        1,
      ).rtoMet,
    ).toBe(false);
  });

  it('measure nothing of an external change', () => {
    expect(
      operationVerdict(
        operation({
          source: 'external',
          actor: 'external',
          timings: undefined,
        }),
        15,
      ),
    ).toEqual({ rtoMinutes: 15 });
  });
});

describe('operation reports', () => {
  it('take the regions and the RTO from the record when the catalog no longer has the entity', () => {
    const report = buildOperationReport({
      operation: operation({
        action: 'failback',
        fromRegion: 'us-west-2',
        toRegion: 'us-east-1',
      }),
      ...stamp,
    });
    expect(report).toMatchObject({
      kind: 'failover-report',
      generatedBy: 'user:default/alice',
      entity: {
        entityRef: 'component:default/orders',
        primaryRegion: 'us-east-1',
        secondaryRegion: 'us-west-2',
        rtoMinutes: 15,
      },
      verdict: { rtoMet: true, switchMs: 4200 },
    });
    expect(report.entity.owner).toBeUndefined();
    expect(report.drill).toBeUndefined();
  });
});

describe('drill verdicts', () => {
  const verdict = (overrides = {}) =>
    buildDrillReport({
      drill: drill(overrides),
      failover: operation(),
      ...stamp,
    }).verdict;

  it('pass a drill that passed within the RTO', () => {
    expect(verdict()).toMatchObject({
      result: 'passed',
      outcome: 'passed',
      rtoMinutes: 15,
      rtoMet: true,
      failover: { switchMs: 4200 },
      failback: { switchMs: 3900, healthyMs: 3000 },
    });
    expect(verdict().summary).toBe(
      'The outcome stayed good for the whole 20 s soak; the failover switched in 4.2 s, within the RTO of 15 min, and it failed back.',
    );
  });

  it('fail a drill that ended otherwise, saying why', () => {
    const v = verdict({
      outcome: 'outcome-failed',
      outcomeDetail: 'Outcome alarm orders-5xx-usw2 in ALARM.',
    });
    expect(v.result).toBe('failed');
    expect(v.summary).toBe(
      'The drill ended outcome-failed: Outcome alarm orders-5xx-usw2 in ALARM.',
    );
  });

  it('fail a passed drill whose failover missed the RTO', () => {
    const v = verdict({ rtoMet: false });
    expect(v.result).toBe('failed');
    expect(v.summary).toMatch(
      /but the failover switched in 4\.2 s, over the RTO of 15 min/,
    );
  });

  it('call a drill under way running', () => {
    const v = verdict({
      state: 'soaking',
      outcome: undefined,
      completedAt: undefined,
    });
    expect(v.result).toBe('running');
    expect(v.summary).toMatch(/under way \(soaking\)/);
  });
});

describe('organisation reports', () => {
  it('one row per service, sorted, with totals', () => {
    const report = buildOrganisationReport({
      items: [
        summary({
          entityRef: 'component:default/payments',
          title: 'payments',
          readiness: {
            verdict: 'fail',
            passed: 6,
            warned: 0,
            failed: 1,
            total: 7,
            targetRegion: 'eu-central-1',
            evaluatedAt: '2026-12-04T09:00:00.000Z',
          },
          drill: { running: false, overdue: true },
          active: { certainty: 'unknown', reason: 'ARC down', unreadable: [] },
        }),
        summary(),
        summary({
          entityRef: 'component:default/broken',
          title: 'broken',
          primaryRegion: undefined,
          secondaryRegion: undefined,
          readiness: undefined,
          drill: undefined,
          active: undefined,
          annotationErrors: [
            {
              annotation: 'multi-region-failover.io/rto-minutes',
              problem: 'is "soon"',
              expected: 'a whole number',
            },
          ],
        }),
      ],
      details: ref =>
        ref === 'component:default/orders'
          ? {
              config: { rtoMinutes: 15 } as any,
              lastDrill: drill(),
              lastReal: operation({ id: 'real-1', drillId: undefined }),
            }
          : {},
      overdueAfterDays: 90,
      ...stamp,
    });
    expect(report.services.map(r => r.entityRef)).toEqual([
      'component:default/broken',
      'component:default/orders',
      'component:default/payments',
    ]);
    expect(report.totals).toEqual({
      services: 3,
      drilledWithinPeriod: 1,
      overdue: 2,
      rtoMetLastDrill: 1,
      notReady: 1,
    });
    const [broken, orders, payments] = report.services;
    expect(broken).toMatchObject({
      annotationProblems: ['multi-region-failover.io/rto-minutes is "soon"'],
      drillOverdue: true,
      drillRunning: false,
    });
    expect(orders).toMatchObject({
      activeRegion: 'us-east-1',
      rtoMinutes: 15,
      system: 'shop',
      lastDrill: {
        id: drill().id,
        outcome: 'passed',
        rtoMet: true,
        switchMs: 4200,
        completedAt: '2026-12-04T10:00:30.000Z',
      },
      drillOverdue: false,
      lastRealFailover: {
        operationId: 'real-1',
        switchMs: 4200,
        rtoMet: true,
        completedAt: '2026-12-04T10:00:04.200Z',
      },
    });
    expect(payments.activeRegion).toBeUndefined();
    expect(payments.readiness?.verdict).toBe('fail');
  });
});

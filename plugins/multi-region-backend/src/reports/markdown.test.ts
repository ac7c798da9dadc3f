import { buildDrillReport, buildOperationReport } from './buildReports';
import { drill, HOSTILE, operation, row } from './__fixtures__/reports';
import {
  expectIntactMarkdown,
  tableCells,
} from './__fixtures__/markdownChecks';
import {
  drillReportMarkdown,
  escapeMarkdown,
  operationReportMarkdown,
  organisationReportMarkdown,
} from './markdown';

const stamp = {
  generatedAt: '2026-12-05T08:00:00.000Z',
  generatedBy: 'user:default/alice',
};

describe('escapeMarkdown', () => {
  it('keeps a hostile text on its line and in its cell, as plain text', () => {
    expect(escapeMarkdown(HOSTILE)).toBe(
      'x \\| y &lt;script&gt;alert(1)&lt;/script&gt; \\`z\\` ↵ \\# heading',
    );
  });

  it('escapes what Markdown gives a meaning within a line', () => {
    expect(escapeMarkdown('a\\b `c` *d* _e_ [f](g) #h |i| ~j~ $k$')).toBe(
      'a\\\\b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\#h \\|i\\| \\~j\\~ \\$k\\$',
    );
    expect(escapeMarkdown('Tom & <b>Jerry</b> <https://evil.example>')).toBe(
      'Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; &lt;https://evil.example&gt;',
    );
  });

  it('turns every kind of line break into one visible mark, and drops controls and invisible characters', () => {
    expect(escapeMarkdown('a\r\nb\rc\u2028d\u2029e\u0085f\vg\fh')).toBe(
      'a ↵ b ↵ c ↵ d ↵ e ↵ f ↵ g ↵ h',
    );
    expect(escapeMarkdown('a\u0000b\u0007c\td\u007fe')).toBe('a b c d e');
    expect(escapeMarkdown('ab\u202eon\u200bly\ufeff')).toBe('abonly');
  });

  it('renders nothing for a missing value', () => {
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(null)).toBe('');
    expect(escapeMarkdown(42)).toBe('42');
  });
});

describe('operationReportMarkdown', () => {
  const report = (overrides = {}) =>
    buildOperationReport({
      operation: operation(overrides),
      found: {
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'orders' },
          relations: [
            { type: 'ownedBy', targetRef: 'group:default/team-orders' },
          ],
        },
      },
      ...stamp,
    });

  it('has the title, the summary with the times against the RTO, and each step', () => {
    const doc = operationReportMarkdown(report());
    expect(doc.split('\n')[0]).toBe(
      '# Failover report: orders us-east-1 → us-west-2',
    );
    expect(doc).toContain(
      'Generated 2026-12-05 08:00:00 UTC for user:default/alice.',
    );
    expect(doc).toContain('| Who | user:default/alice |');
    expect(doc).toContain('| Owner | group:default/team-orders |');
    expect(doc).toContain('| When (confirmed) | 2026-12-04 10:00:00 UTC |');
    expect(doc).toContain(
      '| Time to switch | 4.2 s against an RTO of 15 min: met |',
    );
    expect(doc).toContain('| Time to healthy | 3.5 s |');
    expect(doc).toContain('| Drill | none (a real failover) |');
    expect(doc).toContain(
      '| DNS answering | done | 2026-12-04 10:00:04 UTC | +4.2 s |  |',
    );
    expect(doc).toContain('No readiness checks were recorded');
    expectIntactMarkdown(doc, /^#{1,3} [A-Z]/);
  });

  it('cannot be broken by a hostile reason, step detail or error', () => {
    const doc = operationReportMarkdown(
      report({
        reason: HOSTILE,
        status: 'failed',
        error: { name: 'Arc|Denied', message: HOSTILE },
        steps: [
          {
            name: 'authorised',
            status: 'done',
            at: '2026-12-04T10:00:00.000Z',
            detail: HOSTILE,
          },
        ],
      }),
    );
    const why = doc.split('\n').find(l => l.startsWith('| Why |'))!;
    expect(tableCells(why)).toEqual([
      'Why',
      'x \\| y &lt;script&gt;alert(1)&lt;/script&gt; \\`z\\` ↵ \\# heading',
    ]);
    expect(doc).not.toContain('<script');
    expect(doc).not.toMatch(/^# heading/m);
    expectIntactMarkdown(
      doc,
      /^#{1,3} (Failover report|Summary|Readiness|Steps)/,
    );
  });

  it('lists the readiness at confirm and what was acknowledged', () => {
    const doc = operationReportMarkdown(
      report({
        readiness: {
          summary: {
            verdict: 'fail',
            passed: 5,
            warned: 1,
            failed: 1,
            total: 7,
            targetRegion: 'us-west-2',
            evaluatedAt: '2026-12-04T09:59:59.000Z',
          },
          problems: [
            {
              id: 'alarms',
              title: 'CloudWatch alarms',
              verdict: 'fail',
              reason: 'In ALARM in us-west-2: "orders-5xx".',
            },
            {
              id: 'record-ttl',
              title: 'Record TTL',
              verdict: 'warn',
              reason: 'TTL + 60 s exceeds the RTO.',
            },
          ],
          acknowledged: ['alarms'],
        },
      }),
    );
    expect(doc).toContain(
      'Verdict fail: 5 passed, 1 warned, 1 failed of 7 checks (target us-west-2, evaluated 2026-12-04 09:59:59 UTC).',
    );
    expect(doc).toContain(
      '| CloudWatch alarms (alarms) | fail | In ALARM in us-west-2: "orders-5xx". | yes |',
    );
    expect(doc).toContain('| Record TTL (record-ttl) | warn |');
    expect(doc).toContain('Failing checks acknowledged by the person: alarms.');
    expectIntactMarkdown(doc, /^#{1,2} [A-Z]/);
  });

  it('names the drill an operation belongs to', () => {
    const doc = operationReportMarkdown(
      buildOperationReport({
        operation: operation({ drillId: drill().id }),
        drill: drill({ reason: HOSTILE }),
        ...stamp,
      }),
    );
    expect(doc).toContain('## Drill');
    expect(doc).toContain('This operation is the failover of a drill.');
    expect(doc).toContain(`| Drill | ${drill().id} |`);
    expect(doc).toContain('| Outcome | passed |');
    expectIntactMarkdown(doc, /^## |^# Failover report/);
  });
});

describe('drillReportMarkdown', () => {
  it('has the verdict, the times against the RTO, the events and both operations', () => {
    const doc = drillReportMarkdown(
      buildDrillReport({
        drill: drill({
          reason: HOSTILE,
          events: [{ at: '2026-12-04T10:00:01.000Z', message: HOSTILE }],
          watch: {
            at: '2026-12-04T10:00:20.000Z',
            targetHealth: 'Healthy',
            outcomeAlarms: [
              {
                name: 'orders-5xx-usw2',
                region: 'us-west-2',
                state: 'OK',
                reason: HOSTILE,
              },
            ],
            blockingAlarms: [],
          },
        }),
        failover: operation({ drillId: drill().id }),
        failback: operation({
          id: '1a2b3c4d-0000-4000-8000-000000000003',
          action: 'failback',
          fromRegion: 'us-west-2',
          toRegion: 'us-east-1',
          reason: `Drill failback: ${HOSTILE}`,
          drillId: drill().id,
          timings: { switchMs: 3900, healthyMs: 3000, rtoMinutes: 15 },
        }),
        ...stamp,
      }),
    );
    const lines = doc.split('\n');
    expect(lines[0]).toBe(
      '# Drill report: orders us-east-1 → us-west-2 → us-east-1',
    );
    expect(doc).toContain('**Verdict: passed.** The outcome stayed good');
    expect(doc).toContain(
      '| Failover: time to switch | 4.2 s against an RTO of 15 min: met |',
    );
    expect(doc).toContain('| Failback: time to switch | 3.9 s |');
    expect(doc).toContain('| Soak | 20 s |');
    expect(doc).toContain('## Outcome as last watched');
    expect(doc).toContain('## Events');
    expect(doc).toContain('## Failover');
    expect(doc).toContain('## Failback');
    expect(doc).toContain('### Steps');
    expect(doc).not.toContain('<script');
    expectIntactMarkdown(doc, /^#{1,3} [A-Z]/);
  });

  it('says when an operation was never made', () => {
    const doc = drillReportMarkdown(
      buildDrillReport({
        drill: drill({
          state: 'failed',
          outcome: 'failover-failed',
          outcomeDetail: 'The failover was refused.',
          failbackOperationId: undefined,
          failbackTimings: undefined,
        }),
        failover: operation({ status: 'refused', timings: undefined }),
        ...stamp,
      }),
    );
    expect(doc).toContain(
      '**Verdict: failed.** The drill ended failover-failed: The failover was refused.',
    );
    expect(doc).toMatch(/## Failback\n\nNone was made\./);
  });
});

describe('organisationReportMarkdown', () => {
  it('has the summary and one intact table row per service, whatever the catalog says', () => {
    const doc = organisationReportMarkdown({
      kind: 'organisation-report',
      ...stamp,
      overdueAfterDays: 90,
      totals: {
        services: 2,
        drilledWithinPeriod: 1,
        overdue: 1,
        rtoMetLastDrill: 1,
        notReady: 0,
      },
      services: [
        row({
          lastDrill: {
            id: drill().id,
            completedAt: '2026-12-04T10:00:30.000Z',
            outcome: 'passed',
            rtoMet: true,
            switchMs: 4200,
          },
        }),
        row({
          entityRef: 'component:default/evil',
          title: HOSTILE,
          owner: '=HYPERLINK("x")|',
          drillOverdue: true,
          annotationProblems: [HOSTILE],
        }),
      ],
    });
    expect(doc).toContain('# Multi-region organisation report');
    expect(doc).toContain('- Services: 2');
    expect(doc).toContain('- A drill passed within 90 days: 1');
    expect(doc).toContain('- Drill overdue: 1');
    const rows = doc.split('\n').filter(l => l.startsWith('| '));
    expect(rows).toHaveLength(4);
    expect(tableCells(rows[2])).toEqual([
      'component:default/orders',
      'group:default/team-orders',
      '',
      'us-east-1 → us-west-2',
      'us-east-1',
      '15 min',
      '2026-12-04 10:00:30 UTC passed',
      '4.2 s, met',
      'no',
      'not evaluated',
      'none',
    ]);
    expect(tableCells(rows[3])[0]).toMatch(/^x \\\| y &lt;script&gt;/);
    expectIntactMarkdown(doc, /^#{1,2} [A-Z]/);
  });
});

import {
  csvCell,
  csvRecord,
  ORGANISATION_CSV_COLUMNS,
  organisationReportCsv,
} from './csv';
import { HOSTILE, row } from './__fixtures__/reports';
import { parseCsv } from './__fixtures__/parseCsv';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['\nx', `"'\nx"`],
  ])(
    'neutralises %j, which a spreadsheet would run as a formula',
    (value, cell) => {
      expect(csvCell(value)).toBe(cell);
    },
  );

  it('quotes fields holding a quote, a comma or a line break (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvCell('=cmd|" /C calc"!A0')).toBe('"\'=cmd|"" /C calc""!A0"');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it('writes numbers and booleans as they are, and nothing for a missing value', () => {
    expect(csvCell(4200)).toBe('4200');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(NaN)).toBe('');
    expect(csvRecord(['a', undefined, 1])).toBe('a,,1');
  });
});

describe('organisationReportCsv', () => {
  it('has a header row and one record per service, each with every column, CRLF-ended', () => {
    const csv = organisationReportCsv({
      kind: 'organisation-report',
      generatedAt: '2026-12-05T08:00:00.000Z',
      generatedBy: 'user:default/alice',
      overdueAfterDays: 90,
      totals: {
        services: 2,
        drilledWithinPeriod: 1,
        overdue: 1,
        rtoMetLastDrill: 1,
        notReady: 1,
      },
      services: [
        row({
          lastDrill: {
            id: 'd1',
            completedAt: '2026-12-04T10:00:30.000Z',
            outcome: 'passed',
            rtoMet: true,
            switchMs: 4200,
          },
          readiness: {
            verdict: 'fail',
            passed: 6,
            warned: 0,
            failed: 1,
            total: 7,
            targetRegion: 'us-west-2',
            evaluatedAt: '2026-12-04T09:00:00.000Z',
          },
          lastRealFailover: {
            operationId: 'op1',
            action: 'failover',
            fromRegion: 'us-east-1',
            toRegion: 'us-west-2',
            actor: 'user:default/alice',
            completedAt: '2026-11-01T10:00:00.000Z',
            switchMs: 61000,
            rtoMet: true,
          },
        }),
        row({
          entityRef: 'component:default/evil',
          title: `=HYPERLINK("https://evil.example","x"), ${HOSTILE}`,
          owner: '@evil',
          system: '-2+3',
          drillOverdue: true,
        }),
      ],
    });
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(ORGANISATION_CSV_COLUMNS.join(','));
    const records = parseCsv(csv);
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record).toHaveLength(ORGANISATION_CSV_COLUMNS.length);
    }
    const field = (record: string[], name: string) =>
      record[ORGANISATION_CSV_COLUMNS.indexOf(name)];
    const [, orders, evil] = records;
    expect(field(orders, 'entity_ref')).toBe('component:default/orders');
    expect(field(orders, 'last_drill_outcome')).toBe('passed');
    expect(field(orders, 'last_drill_switch_ms')).toBe('4200');
    expect(field(orders, 'last_drill_rto_met')).toBe('true');
    expect(field(orders, 'drill_overdue')).toBe('false');
    expect(field(orders, 'drill_overdue_after_days')).toBe('90');
    expect(field(orders, 'readiness_verdict')).toBe('fail');
    expect(field(orders, 'readiness_failed')).toBe('1');
    expect(field(orders, 'last_real_failover_switch_ms')).toBe('61000');
    expect(field(orders, 'last_drill_id')).toBe('d1');
    expect(field(evil, 'title')).toBe(
      `'=HYPERLINK("https://evil.example","x"), ${HOSTILE}`,
    );
    expect(field(evil, 'owner')).toBe("'@evil");
    expect(field(evil, 'system')).toBe("'-2+3");
    expect(field(evil, 'last_drill_id')).toBe('');
    expect(field(evil, 'drill_overdue')).toBe('true');
  });

  it('is only the header for nobody visible', () => {
    expect(
      organisationReportCsv({
        kind: 'organisation-report',
        generatedAt: '2026-12-05T08:00:00.000Z',
        generatedBy: 'user:default/sam',
        overdueAfterDays: 90,
        totals: {
          services: 0,
          drilledWithinPeriod: 0,
          overdue: 0,
          rtoMetLastDrill: 0,
          notReady: 0,
        },
        services: [],
      }),
    ).toBe(`${ORGANISATION_CSV_COLUMNS.join(',')}\r\n`);
  });
});

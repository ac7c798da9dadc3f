import {
  organisationReportFilename,
  recordReportFilename,
  reportDay,
  safeSlug,
} from './filenames';

const base = {
  kind: 'failover' as const,
  entityRef: 'component:default/orders',
  at: '2026-12-04T10:00:00.000Z',
  id: '1a2b3c4d-0000-4000-8000-000000000001',
  format: 'markdown' as const,
  generatedAt: '2026-12-05T08:00:00.000Z',
};

describe('report file names', () => {
  it('are the kind, the entity name, the day and the id prefix', () => {
    expect(recordReportFilename(base)).toBe(
      'failover-report-orders-2026-12-04-1a2b3c4d.md',
    );
    expect(
      recordReportFilename({ ...base, kind: 'drill', format: 'json' }),
    ).toBe('drill-report-orders-2026-12-04-1a2b3c4d.json');
    expect(
      recordReportFilename({
        ...base,
        entityRef: 'component:default/Orders_Service.v2',
      }),
    ).toBe('failover-report-orders-service-v2-2026-12-04-1a2b3c4d.md');
  });

  it.each([
    'component:default/../../etc/passwd',
    'component:default/a"; filename=evil.exe; x="',
    'component:default/<script>\r\nSet-Cookie: x',
    'component:default/Zürich-€-日本',
    `component:default/${'x'.repeat(500)}`,
    'component:default/---',
    '',
  ])('hold only [a-z0-9-] whatever the entity is called: %j', entityRef => {
    const name = recordReportFilename({ ...base, entityRef, id: '../"x' });
    expect(name).toMatch(/^[a-z0-9-]+\.md$/);
    expect(name.length).toBeLessThan(120);
  });

  it('fall back to the day of the report for a missing time', () => {
    expect(recordReportFilename({ ...base, at: undefined })).toBe(
      'failover-report-orders-2026-12-05-1a2b3c4d.md',
    );
    expect(reportDay('not a time', base.generatedAt)).toBe('2026-12-05');
  });

  it('slugs: lower case, runs of anything else one dash, a fallback for nothing', () => {
    expect(safeSlug('Zürich Ops')).toBe('zurich-ops');
    expect(safeSlug('--a__b--')).toBe('a-b');
    expect(safeSlug('日本', 60, 'service')).toBe('service');
    expect(safeSlug('abcdef-', 6)).toBe('abcdef');
  });

  it('the organisation report is named by its UTC day', () => {
    expect(organisationReportFilename('2026-12-04T23:59:59.000Z', 'csv')).toBe(
      'multi-region-organisation-report-2026-12-04.csv',
    );
    expect(
      organisationReportFilename('2026-12-04T23:59:59.000Z', 'markdown'),
    ).toBe('multi-region-organisation-report-2026-12-04.md');
    expect(organisationReportFilename('2026-12-04T23:59:59.000Z', 'json')).toBe(
      'multi-region-organisation-report-2026-12-04.json',
    );
  });
});

import {
  attachmentFilename,
  fallbackReportFilename,
  reportPath,
} from './reportFile';

describe('reportPath', () => {
  it('names the route of each report with its format', () => {
    expect(reportPath({ kind: 'operation', id: 'op/1' }, 'markdown')).toBe(
      '/operations/op%2F1/report?format=markdown',
    );
    expect(reportPath({ kind: 'drill', id: 'd-1' }, 'json')).toBe(
      '/drills/d-1/report?format=json',
    );
    expect(reportPath({ kind: 'organisation' }, 'csv')).toBe(
      '/reports/organisation?format=csv',
    );
  });
});

describe('attachmentFilename', () => {
  it('reads the file name of a Content-Disposition header', () => {
    expect(
      attachmentFilename(
        'attachment; filename="failover-report-orders-2030-01-12-1a2b3c4d.md"',
      ),
    ).toBe('failover-report-orders-2030-01-12-1a2b3c4d.md');
    expect(attachmentFilename('attachment; filename=report.csv')).toBe(
      'report.csv',
    );
    expect(
      attachmentFilename(
        `attachment; filename="fallback.json"; filename*=UTF-8''drill-report.json`,
      ),
    ).toBe('drill-report.json');
  });

  it('refuses anything but a plain file name', () => {
    expect(attachmentFilename(null)).toBeUndefined();
    expect(attachmentFilename('attachment')).toBeUndefined();
    expect(
      attachmentFilename('attachment; filename="../../.bashrc"'),
    ).toBeUndefined();
    expect(
      attachmentFilename('attachment; filename=".hidden"'),
    ).toBeUndefined();
    expect(
      attachmentFilename(`attachment; filename*=UTF-8''a%2Fb.md`),
    ).toBeUndefined();
    expect(attachmentFilename(`attachment; filename*=UTF-8''%E0%A4%A`)).toBe(
      undefined,
    );
  });
});

describe('fallbackReportFilename', () => {
  it('names a report whose header could not be read', () => {
    const now = new Date('2030-01-15T23:59:00.000Z');
    expect(fallbackReportFilename({ kind: 'organisation' }, 'csv', now)).toBe(
      'multi-region-organisation-report-2030-01-15.csv',
    );
    expect(
      fallbackReportFilename(
        { kind: 'operation', id: '1A2B3C4D-0000-4000-8000-000000000000' },
        'markdown',
      ),
    ).toBe('operation-report-1a2b3c4d.md');
    expect(fallbackReportFilename({ kind: 'drill', id: '--' }, 'json')).toBe(
      'drill-report-id.json',
    );
  });
});

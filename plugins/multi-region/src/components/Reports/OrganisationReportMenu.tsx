import { ORGANISATION_REPORT_FORMATS } from '@multi-region-failover/plugin-multi-region-common';
import { ReportMenu } from './ReportMenu';

/** "Download report" of the org page: every service the caller may read, as JSON, CSV or Markdown. */
export function OrganisationReportMenu() {
  return (
    <ReportMenu
      target={{ kind: 'organisation' }}
      formats={ORGANISATION_REPORT_FORMATS}
      label="Download report"
      failed="Could not download the organisation report"
      testId="multi-region-report"
      buttonTestId="multi-region-report-download"
    />
  );
}

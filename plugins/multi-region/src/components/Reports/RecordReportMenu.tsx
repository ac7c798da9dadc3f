import { OPERATION_REPORT_FORMATS } from '@multi-region-failover/plugin-multi-region-common';
import { ReportMenu } from './ReportMenu';

/**
 * "Report" on one failover or failback (`operation-report`) or one drill
 * (`drill-report`): its evidence report as Markdown or JSON.
 */
export function RecordReportMenu(props: {
  kind: 'operation' | 'drill';
  id: string;
}) {
  return (
    <ReportMenu
      compact
      target={{ kind: props.kind, id: props.id }}
      formats={OPERATION_REPORT_FORMATS}
      label="Report"
      failed={`Could not download the ${props.kind}'s report`}
      testId={`${props.kind}-report`}
    />
  );
}

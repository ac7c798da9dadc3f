/**
 * The organisation report as CSV (RFC 4180: comma-separated, CRLF line
 * ends, a header row, fields quoted when they hold a quote, a comma or a
 * line break), safe to open in a spreadsheet: a text cell that a
 * spreadsheet would take for a formula is prefixed with a single quote.
 */
import {
  OrganisationReport,
  OrganisationReportRow,
} from '@multi-region-failover/plugin-multi-region-common';

/** What starts a formula (or a DDE call) in a spreadsheet cell. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** One field: neutralised against formula injection, then quoted if needed. */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line end. */
export function csvRecord(
  values: Array<string | number | boolean | undefined>,
): string {
  return values.map(csvCell).join(',');
}

const COLUMNS: Array<
  [
    string,
    (
      row: OrganisationReportRow,
      report: OrganisationReport,
    ) => string | number | boolean | undefined,
  ]
> = [
  ['entity_ref', r => r.entityRef],
  ['title', r => r.title],
  ['owner', r => r.owner],
  ['system', r => r.system],
  ['primary_region', r => r.primaryRegion],
  ['secondary_region', r => r.secondaryRegion],
  ['active_region', r => r.activeRegion],
  ['rto_minutes', r => r.rtoMinutes],
  ['annotation_problems', r => r.annotationProblems?.join('; ')],
  ['last_drill_id', r => r.lastDrill?.id],
  ['last_drill_completed_at', r => r.lastDrill?.completedAt],
  ['last_drill_outcome', r => r.lastDrill?.outcome],
  ['last_drill_rto_met', r => r.lastDrill?.rtoMet],
  ['last_drill_switch_ms', r => r.lastDrill?.switchMs],
  ['drill_running', r => r.drillRunning],
  ['drill_overdue', r => r.drillOverdue],
  ['drill_overdue_after_days', (_, report) => report.overdueAfterDays],
  ['readiness_verdict', r => r.readiness?.verdict],
  ['readiness_passed', r => r.readiness?.passed],
  ['readiness_warned', r => r.readiness?.warned],
  ['readiness_failed', r => r.readiness?.failed],
  ['readiness_total', r => r.readiness?.total],
  ['readiness_target_region', r => r.readiness?.targetRegion],
  ['readiness_evaluated_at', r => r.readiness?.evaluatedAt],
  ['last_real_failover_id', r => r.lastRealFailover?.operationId],
  ['last_real_failover_action', r => r.lastRealFailover?.action],
  ['last_real_failover_from', r => r.lastRealFailover?.fromRegion],
  ['last_real_failover_to', r => r.lastRealFailover?.toRegion],
  ['last_real_failover_actor', r => r.lastRealFailover?.actor],
  ['last_real_failover_completed_at', r => r.lastRealFailover?.completedAt],
  ['last_real_failover_switch_ms', r => r.lastRealFailover?.switchMs],
  ['last_real_failover_rto_met', r => r.lastRealFailover?.rtoMet],
];

/** The column names of the organisation report's CSV, in order. */
export const ORGANISATION_CSV_COLUMNS = COLUMNS.map(([name]) => name);

/** `GET /reports/organisation?format=csv`: a header row, then one row per service. */
export function organisationReportCsv(report: OrganisationReport): string {
  const records = [
    csvRecord(ORGANISATION_CSV_COLUMNS),
    ...report.services.map(row =>
      csvRecord(COLUMNS.map(([, value]) => value(row, report))),
    ),
  ];
  return `${records.join('\r\n')}\r\n`;
}

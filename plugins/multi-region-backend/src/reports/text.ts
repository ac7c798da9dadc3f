/**
 * Words and numbers as every report writes them: durations, times in UTC,
 * the RTO verdict. Pure functions, no escaping (each format escapes).
 */
import {
  formatDuration as formatMeasured,
  formatUtcTimestamp,
  OperationReportVerdict,
} from '@multi-region-failover/plugin-multi-region-common';

/** A measured duration (common's wording), or "not measured". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return 'not measured';
  return formatMeasured(ms);
}

/** "2026-12-04 10:00:00 UTC" (common's wording), or "" when there is none. */
export function formatTime(iso: string | undefined): string {
  return iso ? formatUtcTimestamp(iso) : '';
}

/** "15 min", or "no RTO set". */
export function formatRto(rtoMinutes: number | undefined): string {
  return rtoMinutes === undefined ? 'no RTO set' : `${rtoMinutes} min`;
}

/** "met", "missed", or why it is not known. */
export function rtoVerdictWord(verdict: OperationReportVerdict): string {
  if (verdict.rtoMet === true) return 'met';
  if (verdict.rtoMet === false) return 'missed';
  if (verdict.rtoMinutes === undefined) return 'unknown (no RTO set)';
  return 'unknown (time to switch not measured)';
}

/** "4.2 s against an RTO of 15 min: met". */
export function switchAgainstRto(verdict: OperationReportVerdict): string {
  if (verdict.switchMs === undefined) {
    return `not measured (RTO ${formatRto(verdict.rtoMinutes)})`;
  }
  if (verdict.rtoMinutes === undefined) {
    return `${formatDuration(verdict.switchMs)} (no RTO set)`;
  }
  return `${formatDuration(verdict.switchMs)} against an RTO of ${formatRto(
    verdict.rtoMinutes,
  )}: ${rtoVerdictWord(verdict)}`;
}

/** "yes", "no", or "" when unknown. */
export function yesNo(value: boolean | undefined): string {
  if (value === undefined) return '';
  return value ? 'yes' : 'no';
}

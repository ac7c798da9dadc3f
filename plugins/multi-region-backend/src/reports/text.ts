/**
 * Words and numbers as every report writes them: durations, times in UTC,
 * the RTO verdict. Pure functions, no escaping (each format escapes).
 */
import { OperationReportVerdict } from '@multi-region-failover/plugin-multi-region-common';

/** "850 ms", "4.2 s", "3 min 12 s", "2 h 5 min". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return 'not measured';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const seconds = totalSeconds % 60;
    return `${Math.floor(totalSeconds / 60)} min${
      seconds ? ` ${seconds} s` : ''
    }`;
  }
  const minutes = Math.round(totalSeconds / 60) % 60;
  return `${Math.floor(totalSeconds / 3600)} h${
    minutes ? ` ${minutes} min` : ''
  }`;
}

/** "2026-12-04 10:00:00 UTC"; what it was given when that is not a time. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
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

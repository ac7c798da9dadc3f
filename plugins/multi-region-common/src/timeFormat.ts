/*
 * How times and durations are written, the one implementation for the
 * frontend and the backend's evidence reports.
 */

/**
 * A time as every view and report writes it, `2030-01-15 03:00:00 UTC`:
 * unambiguous at 3 a.m. across time zones. What it was given when that is
 * not a time.
 *
 * @public
 */
export function formatUtcTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * How every view and report words a measured duration: "850 ms", "4.2 s",
 * "3 min 12 s", "2 h 5 min". The one implementation, for the frontend (the
 * history, the drills, the chart) and the backend's evidence reports.
 *
 * @public
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(Math.max(0, ms))} ms`;
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

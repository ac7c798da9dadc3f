/**
 * Drill windows: when a drill may (allowed) or may not (blocked) start, in
 * UTC. The one parser of the window grammar, for the annotations
 * `multi-region-failover.io/drill-allowed-windows` / `drill-blocked-windows`
 * and the config `multiRegion.drills.allowedWindows` / `blockedWindows`, and
 * the one rule deciding whether a drill may run now.
 */
import { DrillWindowSource, DrillWindowVerdict } from './drills';

/**
 * A window on some days of every week, e.g. `Mon-Fri 09:00-17:00 UTC`.
 * `endMinute < startMinute` crosses midnight: the window ends the next day
 * and belongs to its start day (`Fri 22:00-02:00` runs Friday night into
 * Saturday). `endMinute` is 1440 for a window that runs to midnight
 * (`24:00`).
 *
 * @public
 */
export interface WeeklyDrillWindow {
  kind: 'weekly';
  /** Days of the week it starts on, 0 = Sunday ... 6 = Saturday, in the order written. */
  days: number[];
  /** Minutes after 00:00 UTC, 0 to 1439. */
  startMinute: number;
  /** Minutes after 00:00 UTC, 0 to 1440; never equal to `startMinute`. */
  endMinute: number;
  /** The window as written, normalised, e.g. `Mon-Fri 09:00-17:00 UTC`. */
  text: string;
}

/** A whole UTC day, e.g. `2026-12-24`. @public */
export interface DateDrillWindow {
  kind: 'date';
  /** `YYYY-MM-DD`, a real calendar date. */
  date: string;
  /** The window as written, normalised, e.g. `2026-12-24 UTC`. */
  text: string;
}

/** One drill window: weekly or a whole date, always in UTC. @public */
export type DrillWindow = WeeklyDrillWindow | DateDrillWindow;

/** How many windows one annotation or config list may hold. @public */
export const MAX_DRILL_WINDOWS = 20;

/** What a valid window list looks like. @public */
export const DRILL_WINDOW_EXPECTED = `comma-separated UTC windows (at most ${MAX_DRILL_WINDOWS}), each a day or day range and a time range, or a whole date, e.g. "Mon-Fri 09:00-17:00, Sat 08:00-10:00, Fri 22:00-02:00, 2026-12-24" (days Mon Tue Wed Thu Fri Sat Sun; a range may wrap, e.g. Sat-Sun; 00:00-24:00 is the whole day; an end before the start crosses midnight; an optional trailing "UTC")`;

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTE_MS = 60_000;
const DAY_MS = 1440 * MINUTE_MS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function quote(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;
}

/** `"entry": "part"`, or only `"part"` when the part is the whole entry. */
function quoteIn(entry: string, part: string): string {
  return entry === part ? quote(part) : `${quote(entry)}: ${quote(part)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function formatMinute(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

function dayIndex(name: string): number {
  return DAY_NAMES.findIndex(d => d.toLowerCase() === name.toLowerCase());
}

function parseDays(
  spec: string,
  entry: string,
): Parsed<{ days: number[]; text: string }> {
  const parts = spec.split('-');
  const bad = parts.find(p => dayIndex(p) < 0);
  if (parts.length > 2 || bad !== undefined) {
    return {
      ok: false,
      problem: `${quoteIn(
        entry,
        parts.length > 2 || !bad ? spec : bad,
      )} is not a day or day range (Mon Tue Wed Thu Fri Sat Sun, e.g. Mon-Fri)`,
    };
  }
  const first = dayIndex(parts[0]);
  if (parts.length === 1) {
    return { ok: true, value: { days: [first], text: DAY_NAMES[first] } };
  }
  const last = dayIndex(parts[1]);
  if (first === last) {
    return {
      ok: false,
      problem: `${quote(entry)}: the day range ${quote(
        spec,
      )} starts and ends on the same day; write the day alone, e.g. ${
        DAY_NAMES[first]
      }`,
    };
  }
  const days: number[] = [];
  for (let d = first; d !== last; d = (d + 1) % 7) days.push(d);
  days.push(last);
  return {
    ok: true,
    value: { days, text: `${DAY_NAMES[first]}-${DAY_NAMES[last]}` },
  };
}

function parseTime(
  time: string,
  entry: string,
  isEnd: boolean,
): Parsed<number> {
  const match = TIME.exec(time);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  const isMidnightEnd = isEnd && hours === 24 && minutes === 0;
  if (!match || ((hours > 23 || minutes > 59) && !isMidnightEnd)) {
    return {
      ok: false,
      problem: `${quoteIn(
        entry,
        time,
      )} is not a time of day HH:MM (00:00 to 23:59; 24:00 only as an end)`,
    };
  }
  return { ok: true, value: hours * 60 + minutes };
}

function parseDate(date: string, entry: string): Parsed<DateDrillWindow> {
  const [, y, m, d] = DATE.exec(date)!;
  const at = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    at.getUTCFullYear() !== Number(y) ||
    at.getUTCMonth() !== Number(m) - 1 ||
    at.getUTCDate() !== Number(d)
  ) {
    return {
      ok: false,
      problem: `${quoteIn(
        entry,
        date,
      )} is not a date in the calendar (YYYY-MM-DD)`,
    };
  }
  return { ok: true, value: { kind: 'date', date, text: `${date} UTC` } };
}

function parseWindow(entry: string): Parsed<DrillWindow> {
  // `Mon - Fri 09:00 - 17:00` reads as `Mon-Fri 09:00-17:00`.
  const tokens = entry.replace(/\s*-\s*/g, '-').split(/\s+/);
  if (tokens.length > 1 && tokens[tokens.length - 1].toUpperCase() === 'UTC') {
    tokens.pop();
  }
  if (tokens.length === 1 && DATE.test(tokens[0])) {
    return parseDate(tokens[0], entry);
  }
  if (tokens.length === 1) {
    const day = dayIndex(tokens[0].split('-')[0]);
    return {
      ok: false,
      problem:
        day >= 0
          ? `${quote(entry)} has no time range; add one (e.g. "${
              DAY_NAMES[day]
            } 09:00-17:00"). Commas separate windows: for several days use a range (Tue-Thu) or one window each`
          : `${quote(
              entry,
            )} is neither a day with a time range (Mon-Fri 09:00-17:00) nor a date (2026-12-24)`,
    };
  }
  if (tokens.length > 2) {
    return {
      ok: false,
      problem: `${quoteIn(
        entry,
        tokens.slice(2).join(' '),
      )} is not understood; a window is a day or day range, a time range and an optional "UTC" (times are always UTC)`,
    };
  }
  if (DATE.test(tokens[0])) {
    return {
      ok: false,
      problem: `${quote(
        entry,
      )}: a date is a whole UTC day and takes no time range; write the date alone (e.g. 2026-12-24)`,
    };
  }
  const days = parseDays(tokens[0], entry);
  if (!days.ok) return days;
  const times = tokens[1].split('-');
  if (times.length !== 2) {
    return {
      ok: false,
      problem: `${quoteIn(
        entry,
        tokens[1],
      )} is not a time range HH:MM-HH:MM (e.g. 09:00-17:00)`,
    };
  }
  const start = parseTime(times[0], entry, false);
  if (!start.ok) return start;
  const end = parseTime(times[1], entry, true);
  if (!end.ok) return end;
  if (start.value === end.value) {
    return {
      ok: false,
      problem: `${quote(entry)} starts and ends at ${formatMinute(
        start.value,
      )}; a window needs a length (00:00-24:00 is the whole day)`,
    };
  }
  return {
    ok: true,
    value: {
      kind: 'weekly',
      days: days.value.days,
      startMinute: start.value,
      endMinute: end.value,
      text: `${days.value.text} ${formatMinute(start.value)}-${formatMinute(
        end.value,
      )} UTC`,
    },
  };
}

/**
 * Parses drill windows: the annotation form is one comma-separated string,
 * the config form a list with one window per item. Never throws; a problem
 * quotes the entry at fault (truncated) and reads after the key's name.
 *
 * @public
 */
export function parseDrillWindows(
  input: string | string[],
): { ok: true; windows: DrillWindow[] } | { ok: false; problem: string } {
  let entries: string[];
  if (typeof input === 'string') {
    if (input.trim() === '') return { ok: false, problem: 'names no window' };
    entries = input.split(',').map(e => e.trim());
    if (entries.some(e => e === '')) {
      return {
        ok: false,
        problem: 'has an empty window (a doubled or trailing comma?)',
      };
    }
  } else if (!Array.isArray(input)) {
    return { ok: false, problem: 'is neither a string nor a list of windows' };
  } else {
    entries = input.map(e => String(e).trim());
    const index = entries.findIndex(e => e === '' || e.includes(','));
    if (index >= 0) {
      return {
        ok: false,
        problem:
          entries[index] === ''
            ? `item ${index + 1} is empty`
            : `item ${index + 1} (${quote(
                entries[index],
              )}) holds a comma; list each window as its own item`,
      };
    }
  }
  const windows: DrillWindow[] = [];
  for (const entry of entries) {
    const parsed = parseWindow(entry);
    if (!parsed.ok) return parsed;
    if (!windows.some(w => w.text === parsed.value.text)) {
      windows.push(parsed.value);
    }
  }
  if (windows.length > MAX_DRILL_WINDOWS) {
    return {
      ok: false,
      problem: `names ${windows.length} windows; at most ${MAX_DRILL_WINDOWS} are allowed`,
    };
  }
  return { ok: true, windows };
}

/** The occurrence [start, end) of the window that starts on the UTC day `dayStartMs`, if it has one. */
function occurrenceOn(
  window: DrillWindow,
  dayStartMs: number,
): { start: number; end: number } | undefined {
  if (window.kind === 'date') {
    const start = Date.parse(`${window.date}T00:00:00Z`);
    return start === dayStartMs ? { start, end: start + DAY_MS } : undefined;
  }
  if (!window.days.includes(new Date(dayStartMs).getUTCDay())) {
    return undefined;
  }
  const endMinute =
    window.endMinute < window.startMinute
      ? window.endMinute + 1440
      : window.endMinute;
  return {
    start: dayStartMs + window.startMinute * MINUTE_MS,
    end: dayStartMs + endMinute * MINUTE_MS,
  };
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** When the occurrence of `window` holding `now` ends (start inclusive, end exclusive); undefined outside it. */
function endIfInside(window: DrillWindow, nowMs: number): number | undefined {
  const today = startOfUtcDay(nowMs);
  for (const day of [today, today - DAY_MS]) {
    const occurrence = occurrenceOn(window, day);
    if (occurrence && occurrence.start <= nowMs && nowMs < occurrence.end) {
      return occurrence.end;
    }
  }
  return undefined;
}

/** When `window` next opens after `now`; undefined when it never does again. */
function nextOpening(window: DrillWindow, nowMs: number): number | undefined {
  if (window.kind === 'date') {
    const start = Date.parse(`${window.date}T00:00:00Z`);
    return start > nowMs ? start : undefined;
  }
  const today = startOfUtcDay(nowMs);
  for (let i = 0; i <= 7; i++) {
    const occurrence = occurrenceOn(window, today + i * DAY_MS);
    if (occurrence && occurrence.start > nowMs) return occurrence.start;
  }
  return undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function listed(windows: Array<{ window: string }>): string {
  const names = windows.map(w => w.window);
  return names.length > 3
    ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
    : names.join(', ');
}

/**
 * Whether a drill may start at `now`: inside any blocked window (the
 * service's or the organisation's) it may not; otherwise it must be inside
 * one of the allowed windows, the service's when it has any, else the
 * organisation's; with no allowed windows anywhere it may start at any time.
 * Start inclusive, end exclusive.
 *
 * @public
 */
export function drillWindowVerdict(
  now: Date,
  windows: Record<
    DrillWindowSource,
    { allowed: DrillWindow[]; blocked: DrillWindow[] }
  >,
): DrillWindowVerdict {
  const nowMs = now.getTime();
  const sources: DrillWindowSource[] = ['service', 'organisation'];
  const blocked = sources.flatMap(source =>
    windows[source].blocked.map(w => ({ w, source })),
  );
  const allowedSource: DrillWindowSource =
    windows.service.allowed.length > 0 ? 'service' : 'organisation';
  const allowed = windows[allowedSource].allowed.map(w => ({
    w,
    source: allowedSource,
  }));
  const verdict = (isAllowed: boolean, reason: string): DrillWindowVerdict => ({
    allowed: isAllowed,
    reason,
    allowedWindows: allowed.map(a => ({ window: a.w.text, source: a.source })),
    blockedWindows: blocked.map(b => ({ window: b.w.text, source: b.source })),
  });

  let blocking:
    | { text: string; source: DrillWindowSource; end: number }
    | undefined;
  for (const { w, source } of blocked) {
    const end = endIfInside(w, nowMs);
    if (end !== undefined && (!blocking || end > blocking.end)) {
      blocking = { text: w.text, source, end };
    }
  }
  if (blocking) {
    return verdict(
      false,
      `Refused: inside the blocked window ${blocking.text} (${
        blocking.source
      }), which ends at ${iso(blocking.end)}.`,
    );
  }

  if (allowed.length === 0) {
    return verdict(
      true,
      blocked.length === 0
        ? 'No drill windows are set: drills may run at any time.'
        : 'Allowed: outside every blocked window, and no allowed windows are set.',
    );
  }
  for (const { w, source } of allowed) {
    const end = endIfInside(w, nowMs);
    if (end !== undefined) {
      return verdict(
        true,
        `Allowed: inside ${w.text} (${source}), which ends at ${iso(end)}.`,
      );
    }
  }
  const openings = allowed
    .map(a => nextOpening(a.w, nowMs))
    .filter((ms): ms is number => ms !== undefined);
  const next =
    openings.length > 0
      ? `The next one opens at ${iso(Math.min(...openings))}.`
      : 'None of them opens again.';
  return verdict(
    false,
    `Refused: outside the ${allowedSource}'s allowed windows (${listed(
      allowed.map(a => ({ window: a.w.text })),
    )}). ${next}`,
  );
}

import {
  DrillWindow,
  MAX_DRILL_WINDOWS,
  drillWindowVerdict,
  parseDrillWindows,
} from './drillWindows';

function windows(input: string | string[]): DrillWindow[] {
  const result = parseDrillWindows(input);
  if (!result.ok) throw new Error(result.problem);
  return result.windows;
}

function problemOf(input: string | string[]): string {
  const result = parseDrillWindows(input);
  if (result.ok) throw new Error('expected the windows to be refused');
  return result.problem;
}

const none = { allowed: [], blocked: [] };
// 2026-01-05 is a Monday.
const at = (iso: string) => new Date(iso);

describe('parseDrillWindows', () => {
  it('parses day ranges, single days, midnight crossings and dates, normalised', () => {
    expect(
      windows(
        'mon-fri 9:00-17:00, SAT 08:00-10:00 utc,Fri 22:00-02:00,2026-12-24',
      ),
    ).toEqual([
      {
        kind: 'weekly',
        days: [1, 2, 3, 4, 5],
        startMinute: 540,
        endMinute: 1020,
        text: 'Mon-Fri 09:00-17:00 UTC',
      },
      {
        kind: 'weekly',
        days: [6],
        startMinute: 480,
        endMinute: 600,
        text: 'Sat 08:00-10:00 UTC',
      },
      {
        kind: 'weekly',
        days: [5],
        startMinute: 1320,
        endMinute: 120,
        text: 'Fri 22:00-02:00 UTC',
      },
      { kind: 'date', date: '2026-12-24', text: '2026-12-24 UTC' },
    ]);
  });

  it('wraps day ranges over the week end and takes 00:00-24:00 as the whole day', () => {
    expect(windows('Sat-Sun 00:00-24:00')).toEqual([
      {
        kind: 'weekly',
        days: [6, 0],
        startMinute: 0,
        endMinute: 1440,
        text: 'Sat-Sun 00:00-24:00 UTC',
      },
    ]);
    expect(windows('Fri-Mon 10:00-11:00')[0]).toMatchObject({
      days: [5, 6, 0, 1],
    });
  });

  it('reads the config form one window per item, accepts spaces around dashes and drops repeats', () => {
    expect(
      windows([
        'Mon - Fri 09:00 - 17:00',
        'Mon-Fri 09:00-17:00 UTC',
        '2026-12-24 UTC',
      ]).map(w => w.text),
    ).toEqual(['Mon-Fri 09:00-17:00 UTC', '2026-12-24 UTC']);
    expect(windows([])).toEqual([]);
  });

  it('round-trips its own normalised text', () => {
    const parsed = windows(
      'Mon-Fri 09:00-17:00, 2026-12-24, Sat-Sun 22:00-01:00',
    );
    expect(windows(parsed.map(w => w.text).join(', '))).toEqual(parsed);
  });

  it.each([
    ['', /names no window/],
    ['Mon 09:00-10:00,, Tue 09:00-10:00', /empty window/],
    ['Tue,Thu 10:00-12:00', /"Tue" has no time range.*Commas separate windows/],
    ['Mon-Fry 09:00-17:00', /"Fry" is not a day or day range/],
    ['Mon-Wed-Fri 09:00-17:00', /"Mon-Wed-Fri" is not a day or day range/],
    ['Mon-Mon 09:00-17:00', /starts and ends on the same day/],
    ['Mon 09:00', /"09:00" is not a time range HH:MM-HH:MM/],
    ['Mon 25:00-26:00', /"25:00" is not a time of day/],
    ['Mon 10:60-11:00', /"10:60" is not a time of day/],
    ['Mon 24:00-02:00', /"24:00" is not a time of day.*24:00 only as an end/],
    ['Mon 9-17', /"9" is not a time of day/],
    ['Mon 10:00-10:00', /starts and ends at 10:00; a window needs a length/],
    ['Mon 00:00-00:00', /00:00-24:00 is the whole day/],
    ['Mon 09:00-17:00 CET', /"CET" is not understood.*always UTC/],
    ['09:00-17:00', /neither a day with a time range .* nor a date/],
    ['2026-02-30', /"2026-02-30" is not a date in the calendar/],
    ['2026-13-01', /is not a date in the calendar/],
    ['2026-12-24 09:00-17:00', /a date is a whole UTC day/],
  ])('refuses %j, quoting the entry', (input, problem) => {
    expect(problemOf(input)).toMatch(problem);
  });

  it('refuses config items that are empty or hold commas, naming the item', () => {
    expect(problemOf(['Mon 09:00-10:00', ' '])).toBe('item 2 is empty');
    expect(problemOf(['Mon 09:00-10:00, Tue 09:00-10:00'])).toMatch(
      /^item 1 \("Mon 09:00-10:00, Tue 09:00-10:00"\) holds a comma/,
    );
  });

  it('truncates a long entry it quotes and never throws', () => {
    const problem = problemOf(`${'x'.repeat(500)} 09:00-10:00`);
    expect(problem).toContain(`"${'x'.repeat(60)}…"`);
    expect(problem.length).toBeLessThan(300);
    expect(() => parseDrillWindows(null as any)).not.toThrow();
  });

  it(`allows at most ${MAX_DRILL_WINDOWS} windows`, () => {
    const dates = Array.from(
      { length: MAX_DRILL_WINDOWS + 1 },
      (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`,
    );
    expect(windows(dates.slice(0, MAX_DRILL_WINDOWS))).toHaveLength(
      MAX_DRILL_WINDOWS,
    );
    expect(problemOf(dates.join(','))).toBe(
      'names 21 windows; at most 20 are allowed',
    );
  });
});

describe('drillWindowVerdict', () => {
  const officeHours = windows('Mon-Fri 09:00-17:00');

  it('allows any time when no window is set', () => {
    expect(
      drillWindowVerdict(at('2026-01-05T03:00:00Z'), {
        service: none,
        organisation: none,
      }),
    ).toEqual({
      allowed: true,
      reason: 'No drill windows are set: drills may run at any time.',
      allowedWindows: [],
      blockedWindows: [],
    });
  });

  it('allows inside an allowed window, start inclusive, and names it and when it ends', () => {
    const verdict = drillWindowVerdict(at('2026-01-05T09:00:00Z'), {
      service: { allowed: officeHours, blocked: [] },
      organisation: none,
    });
    expect(verdict).toEqual({
      allowed: true,
      reason:
        'Allowed: inside Mon-Fri 09:00-17:00 UTC (service), which ends at 2026-01-05T17:00:00Z.',
      allowedWindows: [
        { window: 'Mon-Fri 09:00-17:00 UTC', source: 'service' },
      ],
      blockedWindows: [],
    });
  });

  it('refuses at the end of a window (end exclusive) and names the next opening', () => {
    const verdict = drillWindowVerdict(at('2026-01-09T17:00:00Z'), {
      service: { allowed: officeHours, blocked: [] },
      organisation: none,
    });
    expect(verdict.allowed).toBe(false);
    expect(verdict.reason).toBe(
      "Refused: outside the service's allowed windows (Mon-Fri 09:00-17:00 UTC). The next one opens at 2026-01-12T09:00:00Z.",
    );
  });

  it('names the next opening later the same day', () => {
    expect(
      drillWindowVerdict(at('2026-01-05T08:59:59Z'), {
        service: { allowed: officeHours, blocked: [] },
        organisation: none,
      }).reason,
    ).toMatch(/opens at 2026-01-05T09:00:00Z\.$/);
  });

  it('keeps a midnight-crossing window with its start day', () => {
    const friNight = windows('Fri 22:00-02:00');
    const verdict = (iso: string) =>
      drillWindowVerdict(at(iso), {
        service: { allowed: friNight, blocked: [] },
        organisation: none,
      });
    // Friday 2026-01-09 22:00 to Saturday 02:00.
    expect(verdict('2026-01-09T22:00:00Z').allowed).toBe(true);
    expect(verdict('2026-01-10T01:59:00Z')).toMatchObject({
      allowed: true,
      reason: expect.stringContaining('which ends at 2026-01-10T02:00:00Z'),
    });
    expect(verdict('2026-01-10T02:00:00Z').allowed).toBe(false);
    // Friday 01:00 belongs to Thursday night, which is not a window.
    expect(verdict('2026-01-09T01:00:00Z').allowed).toBe(false);
    expect(verdict('2026-01-09T01:00:00Z').reason).toMatch(
      /opens at 2026-01-09T22:00:00Z/,
    );
  });

  it('covers a wrapping day range and whole days', () => {
    const weekend = windows('Sat-Sun 00:00-24:00');
    const verdict = (iso: string) =>
      drillWindowVerdict(at(iso), {
        service: { allowed: weekend, blocked: [] },
        organisation: none,
      }).allowed;
    expect(verdict('2026-01-10T00:00:00Z')).toBe(true);
    expect(verdict('2026-01-11T23:59:59Z')).toBe(true);
    expect(verdict('2026-01-12T00:00:00Z')).toBe(false);
    expect(verdict('2026-01-09T23:59:59Z')).toBe(false);
  });

  it('treats a date as the whole UTC day, and says when no date opens again', () => {
    const christmasEve = windows('2026-12-24');
    const verdict = (iso: string) =>
      drillWindowVerdict(at(iso), {
        service: none,
        organisation: { allowed: christmasEve, blocked: [] },
      });
    expect(verdict('2026-12-24T00:00:00Z').allowed).toBe(true);
    expect(verdict('2026-12-24T23:59:59Z').reason).toBe(
      'Allowed: inside 2026-12-24 UTC (organisation), which ends at 2026-12-25T00:00:00Z.',
    );
    expect(verdict('2026-12-23T12:00:00Z').reason).toMatch(
      /opens at 2026-12-24T00:00:00Z/,
    );
    expect(verdict('2026-12-25T00:00:00Z')).toMatchObject({
      allowed: false,
      reason:
        "Refused: outside the organisation's allowed windows (2026-12-24 UTC). None of them opens again.",
    });
  });

  it('refuses inside a blocked window of either source, even inside an allowed one', () => {
    const verdict = drillWindowVerdict(at('2026-12-24T10:00:00Z'), {
      service: { allowed: officeHours, blocked: [] },
      organisation: { allowed: [], blocked: windows('2026-12-24') },
    });
    expect(verdict).toEqual({
      allowed: false,
      reason:
        'Refused: inside the blocked window 2026-12-24 UTC (organisation), which ends at 2026-12-25T00:00:00Z.',
      allowedWindows: [
        { window: 'Mon-Fri 09:00-17:00 UTC', source: 'service' },
      ],
      blockedWindows: [{ window: '2026-12-24 UTC', source: 'organisation' }],
    });
    expect(
      drillWindowVerdict(at('2026-01-09T23:00:00Z'), {
        service: { allowed: [], blocked: windows('Fri 22:00-02:00') },
        organisation: none,
      }).reason,
    ).toBe(
      'Refused: inside the blocked window Fri 22:00-02:00 UTC (service), which ends at 2026-01-10T02:00:00Z.',
    );
  });

  it("uses the service's allowed windows over the organisation's", () => {
    const windowsOf = {
      service: { allowed: windows('Sat 08:00-10:00'), blocked: [] },
      organisation: { allowed: officeHours, blocked: [] },
    };
    const monday = drillWindowVerdict(at('2026-01-05T10:00:00Z'), windowsOf);
    expect(monday.allowed).toBe(false);
    expect(monday.allowedWindows).toEqual([
      { window: 'Sat 08:00-10:00 UTC', source: 'service' },
    ]);
    expect(
      drillWindowVerdict(at('2026-01-05T10:00:00Z'), {
        service: none,
        organisation: windowsOf.organisation,
      }).reason,
    ).toMatch(/\(organisation\)/);
  });

  it('allows outside blocked windows when no allowed window is set', () => {
    expect(
      drillWindowVerdict(at('2026-01-05T10:00:00Z'), {
        service: none,
        organisation: { allowed: [], blocked: windows('Fri 12:00-18:00') },
      }),
    ).toMatchObject({
      allowed: true,
      reason:
        'Allowed: outside every blocked window, and no allowed windows are set.',
    });
  });

  it('lists at most three windows by name', () => {
    const many = windows([
      'Mon 01:00-02:00',
      'Tue 01:00-02:00',
      'Wed 01:00-02:00',
      'Thu 01:00-02:00',
      'Fri 01:00-02:00',
    ]);
    expect(
      drillWindowVerdict(at('2026-01-05T10:00:00Z'), {
        service: { allowed: many, blocked: [] },
        organisation: none,
      }).reason,
    ).toBe(
      "Refused: outside the service's allowed windows (Mon 01:00-02:00 UTC, Tue 01:00-02:00 UTC, Wed 01:00-02:00 UTC and 2 more). The next one opens at 2026-01-06T01:00:00Z.",
    );
  });
});

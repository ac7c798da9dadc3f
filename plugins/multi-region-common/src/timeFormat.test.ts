import { formatDuration, formatUtcTimestamp } from './timeFormat';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1000, '1 s'],
    [4_249, '4.2 s'],
    [59_940, '59.9 s'],
    [60_000, '1 min'],
    [84_000, '1 min 24 s'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
  ])('%p ms is "%s"', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });
});

describe('formatUtcTimestamp', () => {
  it('writes the time in UTC to the second, and leaves a non-time alone', () => {
    expect(formatUtcTimestamp('2030-01-15T03:00:00.123+01:00')).toBe(
      '2030-01-15 02:00:00 UTC',
    );
    expect(formatUtcTimestamp('soon')).toBe('soon');
  });
});

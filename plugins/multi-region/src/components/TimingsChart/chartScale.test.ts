import { CHART, chartScale } from './chartScale';

describe('chartScale', () => {
  it('spreads changes over time and durations up to a round step above the slowest and the RTO', () => {
    const scale = chartScale(
      [1_000, 3_000],
      [42_000, 20 * 60_000],
      15 * 60_000,
    );
    expect(scale.x(1_000)).toBe(CHART.left);
    expect(scale.x(3_000)).toBe(CHART.width - CHART.right);
    // 20 min, 5 % headroom, in steps of 5 min
    expect(scale.maxMs).toBe(25 * 60_000);
    expect(scale.yTicks).toEqual([0, 5, 10, 15, 20, 25].map(m => m * 60_000));
    expect(scale.y(0)).toBe(CHART.height - CHART.bottom);
    expect(scale.y(scale.maxMs)).toBe(CHART.top);
  });

  it('puts a single change in the middle, and the RTO in range even when every change was faster', () => {
    const scale = chartScale([5_000], [30_000], 15 * 60_000);
    expect(scale.x(5_000)).toBe(
      CHART.left + (CHART.width - CHART.left - CHART.right) / 2,
    );
    expect(scale.maxMs).toBeGreaterThanOrEqual(15 * 60_000);
    expect(scale.y(15 * 60_000)).toBeGreaterThanOrEqual(CHART.top);
  });
});

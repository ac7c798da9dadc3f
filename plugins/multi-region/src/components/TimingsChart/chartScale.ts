/** The drawing area of the chart, in SVG units. */
export const CHART = {
  width: 640,
  height: 260,
  left: 64,
  right: 24,
  top: 40,
  bottom: 32,
};

const SECOND = 1000;

/** Tick steps of the time axis, smallest first: round durations. */
const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
].map(s => s * SECOND);

/** The smallest round step that draws at most five ticks up to `maxMs`. */
function tickStep(maxMs: number): number {
  return STEPS.find(step => maxMs / step <= 5) ?? Math.ceil(maxMs / 5);
}

/**
 * Where a point goes: x by time between the first and last change (the
 * middle when there is one), y by duration from zero to a round step above
 * the slowest time and the RTO.
 */
export function chartScale(
  times: number[],
  durationsMs: number[],
  rtoMs?: number,
) {
  const top = Math.max(SECOND, ...durationsMs, rtoMs ?? 0);
  const step = tickStep(top);
  const maxMs = Math.ceil((top * 1.05) / step) * step;
  const yTicks = Array.from(
    { length: Math.round(maxMs / step) + 1 },
    (_, i) => i * step,
  );
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const first = Math.min(...times);
  const spread = Math.max(...times) - first;
  return {
    x: (at: number) =>
      CHART.left +
      (spread > 0 ? ((at - first) / spread) * plotWidth : plotWidth / 2),
    y: (ms: number) => CHART.top + plotHeight * (1 - ms / maxMs),
    yTicks,
    maxMs,
  };
}

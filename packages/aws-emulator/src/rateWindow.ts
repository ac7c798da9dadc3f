/**
 * A one-second sliding window counter, driven by the injectable clock so
 * tests can exercise throttling without sleeping.
 */
export class RateWindow {
  private readonly accepted: number[] = [];

  constructor(
    private readonly perSecond: () => number,
    private readonly clock: () => number,
  ) {}

  /**
   * Records a call if the limit allows it and returns undefined; otherwise
   * returns the whole seconds until a slot frees up (at least 1).
   */
  take(): number | undefined {
    const limit = this.perSecond();
    if (!limit || limit <= 0) return undefined;
    const now = this.clock();
    while (this.accepted.length > 0 && this.accepted[0] <= now - 1000) {
      this.accepted.shift();
    }
    if (this.accepted.length >= limit) {
      return Math.max(1, Math.ceil((this.accepted[0] + 1000 - now) / 1000));
    }
    this.accepted.push(now);
    return undefined;
  }

  clear(): void {
    this.accepted.length = 0;
  }
}

/** Helpers every bench module shares: timing, counting, a silent logger. */
import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';

/** The emulator fixture's account. */
export const ACCOUNT = '111122223333';
export const credentials = async () => EMULATOR_CREDENTIALS;
export const credentialsFor = async () => credentials;
/** The benches measure the plugin, not ARC's deployment or Route 53's change propagation. */
export const SETTLED = { deploymentDelayMs: 0, route53ChangeDelayMs: 0 };

export const hex = (n: number, width: number) =>
  n.toString(16).padStart(width, '0');

/** A logger that drops everything: the benches print tables, not logs. */
export const silentLogger: any = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** Most entries of `times` (ms) in any window of one second. */
export function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

/** How long `fn` took, in ms (monotonic clock), and what it gave. */
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return [Number(process.hrtime.bigint() - started) / 1e6, value];
}

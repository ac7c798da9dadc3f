/**
 * What the refresher's tests share: Route 53 readers of their own, and what
 * the emulator's log says of the Route 53 budget.
 */
import {
  Emulator,
  EMULATOR_CREDENTIALS,
} from '@multi-region-failover/aws-emulator';
import {
  createRoute53Clients,
  RateLimiter,
} from '@multi-region-failover/plugin-multi-region-node';
import { Route53Reader } from '../Route53Reader';

export const credentialsFor = async () => async () => EMULATOR_CREDENTIALS;

/** A reader with Route 53 clients of its own, paced by `limiter`. */
export function readerFor(
  emu: Emulator,
  limiter: RateLimiter,
  timeoutMs = 2000,
) {
  const clients = createRoute53Clients({
    credentialsFor,
    limiter,
    endpoint: emu.route53Endpoint,
  });
  return {
    reader: new Route53Reader({ clients, timeoutMs }),
    destroy: () => clients.destroy(),
  };
}

/** Route 53 requests the emulator throttled. */
export const throttled = (emu: Emulator) =>
  emu.requestLog().filter(e => e.errorCode === 'Throttling');

/** Most Route 53 requests the emulator saw in any one-second window. */
export function peakPerSecond(emu: Emulator): number {
  const times = emu
    .requestLog()
    .filter(e => e.service === 'route53')
    .map(e => e.at)
    .sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

/** How many requests of one Route 53 operation the emulator logged. */
export const route53Calls = (emu: Emulator, operation: string) =>
  emu
    .requestLog()
    .filter(e => e.service === 'route53' && e.operation === operation).length;

import {
  Emulator,
  EMULATOR_CREDENTIALS,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import {
  GetHealthCheckStatusCommand,
  ListHostedZonesCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import path from 'path';
import { createRoute53Clients } from './createRoute53Clients';
import { RateLimiter } from './RateLimiter';

const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);
const ACCOUNT = '111122223333';
const HEALTH_CHECK = '1e0f7a10-0000-4000-8000-000000000003';

/** Waits (on the emulator's log, not on time) until `match` holds for an entry. */
async function loggedSoon(
  emu: Emulator,
  match: (e: ReturnType<Emulator['requestLog']>[number]) => boolean,
) {
  for (let i = 0; i < 4000; i++) {
    if (emu.requestLog().some(match)) return;
    await new Promise(r => setTimeout(r, 5));
  }
  throw new Error('never logged');
}

/** The most requests the emulator received within any one second. */
function mostInOneSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('createRoute53Clients (real SDK against the emulator)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
  });
  afterEach(async () => {
    await emu.reset();
  });
  afterAll(async () => {
    await emu.stop();
  });

  const clientsWith = (limiter: RateLimiter) =>
    createRoute53Clients({
      credentialsFor: async () => async () => EMULATOR_CREDENTIALS,
      limiter,
      endpoint: emu.route53Endpoint,
    });
  const route53Log = () =>
    emu.requestLog().filter(e => e.service === 'route53');

  it('retries a throttled request, each attempt taking a token of the budget', async () => {
    const limiter = new RateLimiter(5);
    const clients = clientsWith(limiter);
    await emu.setFault('route53', 'throttle', {
      operations: ['GetHealthCheckStatus'],
    });
    const answer = clients
      .forAccount(ACCOUNT)
      .send(new GetHealthCheckStatusCommand({ HealthCheckId: HEALTH_CHECK }));
    await loggedSoon(emu, e => e.errorCode === 'Throttling');
    await emu.clearFaults();

    const out = await answer;
    expect(out.HealthCheckObservations?.length).toBeGreaterThan(0);
    expect(out.$metadata.attempts).toBeGreaterThanOrEqual(2);
    const log = route53Log();
    expect(log[0]).toMatchObject({ status: 400, errorCode: 'Throttling' });
    expect(log[log.length - 1]).toMatchObject({ status: 200 });
    expect(log.map(e => e.attempt)).toEqual(log.map((_, i) => i + 1));
    // every attempt on the wire went through the limiter
    expect(limiter.count).toBe(log.length);
    clients.destroy();
  });

  it('gives up after its attempts with the Throttling error, never beyond the budget', async () => {
    const limiter = new RateLimiter(5);
    const clients = clientsWith(limiter);
    await emu.setFault('route53', 'throttle');
    const calls = Array.from({ length: 3 }, () =>
      clients
        .forAccount(ACCOUNT)
        .send(new ListHostedZonesCommand({}))
        .then(
          () => 'answered',
          (e: Error) => e.name,
        ),
    );
    expect(await Promise.all(calls)).toEqual([
      'Throttling',
      'Throttling',
      'Throttling',
    ]);
    const log = route53Log();
    // 4 attempts each, all on the limiter's grants
    expect(log).toHaveLength(12);
    expect(limiter.count).toBe(12);
    expect(mostInOneSecond(log.map(e => e.at))).toBeLessThanOrEqual(5);
    clients.destroy();
  });

  it("stays inside the account's 5 requests/s: a paced flood is never throttled, an unpaced one is", async () => {
    const limiter = new RateLimiter(5);
    const clients = clientsWith(limiter);
    const paced = await Promise.all(
      Array.from({ length: 12 }, () =>
        clients.forAccount(ACCOUNT).send(new ListHostedZonesCommand({})),
      ),
    );
    expect(paced).toHaveLength(12);
    expect(route53Log().filter(e => e.errorCode === 'Throttling')).toEqual([]);
    expect(route53Log()).toHaveLength(12);

    // the same account without the limiter (a script): Route 53 throttles it
    const script = new Route53Client({
      region: 'us-east-1',
      endpoint: emu.route53Endpoint,
      credentials: EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
    const flood = await Promise.all(
      Array.from({ length: 12 }, () =>
        script.send(new ListHostedZonesCommand({})).then(
          () => 'answered',
          (e: Error) => e.name,
        ),
      ),
    );
    expect(flood).toContain('Throttling');
    script.destroy();
    clients.destroy();
  });
});

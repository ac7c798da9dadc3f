import {
  GetHealthCheckStatusCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { startEmulator, Emulator } from '..';
import { manualClock } from '../__testUtils__/clients';
import {
  HC_A,
  ZONE_A,
  accountClient,
  twoAccountFixture,
} from './__testUtils__/twoAccounts';

// Route 53 throttles per account: HTTP 400, Code Throttling, Message "Rate
// exceeded". The emulator's default budget is 5 requests per second with a
// burst of 5, on its own clock: a fixed clock means no refill during a flood.
describe('Route 53 throttling per account', () => {
  let emu: Emulator;
  // Starts at the real time: signatures are dated by the SDK's clock.
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    emu = await startEmulator({
      fixture: twoAccountFixture(),
      clock: clock.now,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.reset();
    clock.advance(1000);
  });

  const throttles = () =>
    emu.requestLog().filter(e => e.errorCode === 'Throttling');

  it('lets a burst of 5 through and refuses the rest of a flood with Throttling, logged', async () => {
    const a = accountClient(emu.route53Endpoint, 'A');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        a.send(new ListHostedZonesCommand({})).then(
          () => 'ok',
          e => e,
        ),
      ),
    );
    const refused = results.filter(r => r !== 'ok');
    expect(results.filter(r => r === 'ok')).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const error of refused) {
      expect(error.name).toBe('Throttling');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.$fault).toBe('client');
    }
    expect(throttles()).toHaveLength(15);
    expect(throttles()[0]).toMatchObject({
      service: 'route53',
      operation: 'ListHostedZones',
      accessKeyId: 'AKIDEMULATOR',
      status: 400,
      errorCode: 'Throttling',
    });
    // The budget is shared by every operation of the account.
    const other = await a
      .send(new GetHealthCheckStatusCommand({ HealthCheckId: HC_A }))
      .catch(e => e);
    expect(other.name).toBe('Throttling');
  });

  it('never throttles a client that paces itself at 4 requests per second', async () => {
    const a = accountClient(emu.route53Endpoint, 'A');
    for (let i = 0; i < 40; i++) {
      clock.advance(250);
      if (i % 2)
        await a.send(
          new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_A }),
        );
      else await a.send(new ListHostedZonesCommand({}));
    }
    expect(throttles()).toEqual([]);
  });

  it('refills at 5 per second: after a flood, one request per 200 ms passes again', async () => {
    const a = accountClient(emu.route53Endpoint, 'A');
    await Promise.all(
      Array.from({ length: 8 }, () =>
        a.send(new ListHostedZonesCommand({})).catch(() => undefined),
      ),
    );
    expect(throttles()).toHaveLength(3);
    clock.advance(199);
    const early = await a.send(new ListHostedZonesCommand({})).catch(e => e);
    expect(early.name).toBe('Throttling');
    clock.advance(1);
    await a.send(new ListHostedZonesCommand({}));
  });

  it("does not throttle another account during one account's flood", async () => {
    const a = accountClient(emu.route53Endpoint, 'A');
    const b = accountClient(emu.route53Endpoint, 'B');
    await Promise.all(
      Array.from({ length: 12 }, () =>
        a.send(new ListHostedZonesCommand({})).catch(() => undefined),
      ),
    );
    expect(throttles()).toHaveLength(7);
    for (let i = 0; i < 5; i++) {
      const zones = await b.send(new ListHostedZonesCommand({}));
      expect(zones.HostedZones).toHaveLength(1);
    }
    expect(throttles().every(e => e.accessKeyId === 'AKIDEMULATOR')).toBe(true);
  });

  it('can be switched off with route53RequestsPerSecond: 0', async () => {
    const unlimited = await startEmulator({
      fixture: twoAccountFixture(),
      clock: clock.now,
      route53RequestsPerSecond: 0,
    });
    try {
      const a = accountClient(unlimited.route53Endpoint, 'A');
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          a.send(new ListHostedZonesCommand({})).then(() => 'ok'),
        ),
      );
      expect(results.every(r => r === 'ok')).toBe(true);
    } finally {
      await unlimited.stop();
    }
  });
});

import {
  Emulator,
  EMULATOR_CREDENTIALS,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import path from 'path';
import { ArcControlPlaneClient } from './ArcControlPlaneClient';

const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);
const ACCOUNT = '111122223333';
const ORDERS =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';

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

describe('ArcControlPlaneClient (real SDK against the emulator)', () => {
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

  const clientWith = (
    options: Partial<ConstructorParameters<typeof ArcControlPlaneClient>[0]>,
  ) =>
    new ArcControlPlaneClient({
      credentialsFor: async () => async () => EMULATOR_CREDENTIALS,
      region: 'us-west-2',
      endpoint: emu.controlPlaneEndpoint,
      timeoutMs: 5000,
      ...options,
    });

  it('reads the deployment status of a panel and its safety rules', async () => {
    const client = clientWith({});
    expect(await client.describeControlPanel(ACCOUNT, ORDERS)).toEqual({
      arn: ORDERS,
      name: 'orders-panel',
      status: 'DEPLOYED',
    });
    const rules = await client.listSafetyRules(ACCOUNT, ORDERS);
    expect(rules.map(r => [r.name, r.status, r.waitPeriodMs])).toEqual([
      ['orders-at-least-one-on', 'DEPLOYED', 0],
    ]);
    client.destroy();
  });

  it('retries a throttled request (429) after a pause', async () => {
    const client = clientWith({});
    await emu.setFault('controlPlane', 'throttle', {
      operations: ['ListSafetyRules'],
    });
    const rules = client.listSafetyRules(ACCOUNT, ORDERS);
    await loggedSoon(emu, e => e.status === 429);
    await emu.clearFaults();
    expect((await rules).map(r => r.name)).toEqual(['orders-at-least-one-on']);
    const log = emu
      .requestLog()
      .filter(e => e.operation === 'ListSafetyRules')
      .map(e => [e.attempt, e.status, e.errorCode]);
    expect(log[0]).toEqual([1, 429, 'ThrottlingException']);
    expect(log[log.length - 1]).toEqual([log.length, 200, undefined]);
    client.destroy();
  });

  it('stops retrying at its deadline, whatever attempts are left', async () => {
    // pauses of 2 s and more: the deadline ends the call during the first one
    const client = clientWith({
      timeoutMs: 400,
      maxAttempts: 10,
      retryBaseDelayMs: 4000,
    });
    await emu.setFault('controlPlane', 'throttle');
    await expect(client.listTags(ACCOUNT, ORDERS)).rejects.toThrow(
      'The ARC control plane did not answer within the deadline (throttled requests included)',
    );
    expect(
      emu.requestLog().filter(e => e.service === 'arc-control'),
    ).toHaveLength(1);
    client.destroy();
  });
});

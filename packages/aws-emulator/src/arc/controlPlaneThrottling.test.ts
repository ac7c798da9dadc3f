import {
  DescribeControlPanelCommand,
  ListControlPanelsCommand,
} from '@aws-sdk/client-route53-recovery-control-config';
import { startEmulator, Emulator } from '..';
import { EmulatorFixture } from '../fixtureSchema';
import { controlPlaneClient, manualClock } from '../__testUtils__/clients';

const A = '111122223333';
const B = '444455556666';
const KEY_A = { accessKeyId: 'AKIDACCOUNTA', secretAccessKey: 'secret-a' };
const KEY_B = { accessKeyId: 'AKIDACCOUNTB', secretAccessKey: 'secret-b' };
const PANEL = `arn:aws:route53-recovery-control::${A}:controlpanel/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`;

const fixture: EmulatorFixture = {
  accounts: [
    { accountId: A, ...KEY_A },
    { accountId: B, ...KEY_B },
  ],
  cluster: {
    name: 'shared',
    arn: `arn:aws:route53-recovery-control::${A}:cluster/c1`,
  },
  controlPanels: [{ name: 'panel', arn: PANEL }],
};

/** Per-account token bucket on the control plane: burst and rate `controlPlaneRequestsPerSecond`. */
describe('ARC control-plane throttling', () => {
  const clock = manualClock();
  const start = async (options: { controlPlaneRequestsPerSecond?: number }) =>
    startEmulator({ fixture, clock: clock.now, ...options });
  const clientOf = (emu: Emulator, credentials: typeof KEY_A) => {
    const client = controlPlaneClient(emu.controlPlaneEndpoint, undefined, {
      credentials,
      clock: clock.now,
    });
    return () =>
      client
        .send(new DescribeControlPanelCommand({ ControlPanelArn: PANEL }))
        .then(
          () => 'ok',
          e => e,
        );
  };

  it('allows a burst of 10 per account by default, then answers 429 ThrottlingException with Retry-After', async () => {
    const emu = await start({});
    try {
      const a = clientOf(emu, KEY_A);
      for (let i = 0; i < 10; i++) expect(await a()).toBe('ok');
      const throttled = await a();
      expect(throttled.name).toBe('ThrottlingException');
      expect(throttled.$metadata.httpStatusCode).toBe(429);
      expect(throttled.message).toBe('Rate exceeded');
      expect(throttled.$response.headers['retry-after']).toBe('1');
      expect(emu.requestLog().pop()).toMatchObject({
        service: 'arc-control',
        operation: 'DescribeControlPanel',
        status: 429,
        errorCode: 'ThrottlingException',
        accessKeyId: KEY_A.accessKeyId,
      });

      // Another account has its own bucket (its request is refused for access, not throttled).
      const b = await clientOf(emu, KEY_B)();
      expect(b.name).toBe('AccessDeniedException');

      // The bucket refills at the rate: one request per 100 ms.
      clock.advance(100);
      expect(await a()).toBe('ok');
      expect((await a()).name).toBe('ThrottlingException');
      clock.advance(1000);
      for (let i = 0; i < 10; i++) expect(await a()).toBe('ok');
    } finally {
      await emu.stop();
    }
  });

  it('takes its rate from controlPlaneRequestsPerSecond; 0 switches it off; reset() refills', async () => {
    const slow = await start({ controlPlaneRequestsPerSecond: 2 });
    try {
      const client = controlPlaneClient(slow.controlPlaneEndpoint, undefined, {
        credentials: KEY_A,
        clock: clock.now,
      });
      const list = () =>
        client.send(new ListControlPanelsCommand({})).then(
          () => 'ok',
          e => e.name,
        );
      expect([await list(), await list(), await list()]).toEqual([
        'ok',
        'ok',
        'ThrottlingException',
      ]);
      await slow.reset();
      expect(await list()).toBe('ok');
    } finally {
      await slow.stop();
    }
    const off = await start({ controlPlaneRequestsPerSecond: 0 });
    try {
      const a = clientOf(off, KEY_A);
      for (let i = 0; i < 30; i++) expect(await a()).toBe('ok');
    } finally {
      await off.stop();
    }
  });
});

import { CreateSafetyRuleCommand } from '@aws-sdk/client-route53-recovery-control-config';
import {
  ACCOUNT,
  completeChangesOnceRead,
  ORDERS_PANEL,
  SteerableClock,
  trace,
  useTestEmulator,
  whenLogged,
} from '../__testUtils__/emulator';
import { waitUntilSafetyRuleCreated } from './safetyRuleWaiter';

describe('waitUntilSafetyRuleCreated', () => {
  // Long enough that nothing deploys unless the test moves the clock.
  const DELAY = 20_000;
  const clock = new SteerableClock();
  const env = useTestEmulator({ deploymentDelayMs: DELAY, clock: clock.now });
  // back to real time before the emulator is reset for the next test
  afterEach(() => clock.reset());

  /** A new rule in the fixture's orders-panel, PENDING. */
  async function createRule() {
    const { AssertionRule: rule } = await env.aws.controlPlane
      .sdk(ACCOUNT)
      .send(
        new CreateSafetyRuleCommand({
          AssertionRule: {
            ControlPanelArn: ORDERS_PANEL,
            Name: 'orders-at-least-one-on',
            AssertedControls: [
              `${ORDERS_PANEL}/routingcontrol/3c4d5e6f708192a3`,
              `${ORDERS_PANEL}/routingcontrol/4d5e6f708192a3b4`,
            ],
            RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
            WaitPeriodMs: 5000,
          },
        }),
      );
    expect(rule?.Status).toBe('PENDING');
    return rule!.SafetyRuleArn!;
  }
  const params = (maxWaitTime = 30) => ({
    client: env.aws.controlPlane.sdk(ACCOUNT),
    minDelay: 1,
    maxDelay: 1,
    maxWaitTime,
  });

  it('polls DescribeSafetyRule until the rule is DEPLOYED', async () => {
    const arn = await createRule();
    const stop = completeChangesOnceRead(env.emu, clock, DELAY);
    try {
      const result = await waitUntilSafetyRuleCreated(params(), {
        SafetyRuleArn: arn,
      });
      expect(result.state).toBe('SUCCESS');
      expect(result.reason.AssertionRule.Status).toBe('DEPLOYED');
    } finally {
      stop();
    }
    expect(trace(env.emu.requestLog(), 'arc-control', DELAY)).toEqual([
      'CreateSafetyRule',
      'DescribeSafetyRule PENDING',
      'DescribeSafetyRule DEPLOYED',
    ]);
  });

  it('polls again after an error, like the SDK waiters', async () => {
    const arn = await createRule();
    await env.emu.setFault('controlPlane', 'internal', {
      operations: ['DescribeSafetyRule'],
    });
    const cleared = whenLogged(
      env.emu,
      e => e.errorCode === 'InternalServerException',
    ).then(() => env.emu.clearFaults());
    const stop = completeChangesOnceRead(env.emu, clock, DELAY);
    try {
      await expect(
        waitUntilSafetyRuleCreated(params(), { SafetyRuleArn: arn }),
      ).resolves.toMatchObject({ state: 'SUCCESS' });
    } finally {
      stop();
    }
    await cleared;
    expect(trace(env.emu.requestLog(), 'arc-control', DELAY)).toEqual([
      'CreateSafetyRule',
      'DescribeSafetyRule InternalServerException',
      'DescribeSafetyRule PENDING',
      'DescribeSafetyRule DEPLOYED',
    ]);
  });

  it('gives up after maxWaitTime with a TimeoutError, like the SDK waiters', async () => {
    // nobody moves the clock: the rule stays PENDING for DELAY ms
    const arn = await createRule();
    await expect(
      waitUntilSafetyRuleCreated(params(2), { SafetyRuleArn: arn }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(
      env.emu.requestLog().filter(e => e.operation === 'DescribeSafetyRule')
        .length,
    ).toBeGreaterThan(1);
  });

  it('ends with an AbortError when its signal is aborted', async () => {
    const arn = await createRule();
    const controller = new AbortController();
    const waiting = waitUntilSafetyRuleCreated(
      { ...params(), abortSignal: controller.signal as any },
      { SafetyRuleArn: arn },
    );
    await whenLogged(env.emu, e => e.operation === 'DescribeSafetyRule');
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

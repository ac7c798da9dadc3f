import {
  ArcCallError,
  ArcSafetyRule,
} from '@multi-region-failover/plugin-multi-region-node';
import { runningWaitPeriod, waitPeriodRefusal } from './waitPeriods';

const P = 'arn:aws:route53-recovery-control::111122223333:controlpanel/abc';
const A = `${P}/routingcontrol/a`;
const B = `${P}/routingcontrol/b`;
const G = `${P}/routingcontrol/gate`;
const config = { type: 'ATLEAST' as const, threshold: 1, inverted: false };
const assertion = (name: string, waitPeriodMs: number): ArcSafetyRule => ({
  arn: `${P}/safetyrule/${name}`,
  name,
  type: 'assertion',
  assertedControls: [A, B],
  config,
  waitPeriodMs,
});
const gating: ArcSafetyRule = {
  arn: `${P}/safetyrule/gate`,
  name: 'gate',
  type: 'gating',
  gatingControls: [G],
  targetControls: [A],
  config,
  waitPeriodMs: 30_000,
};
const T = Date.parse('2030-01-15T03:00:00.000Z');
const change = { at: T, basis: 'portal-change' as const, controls: [A, B] };

describe('runningWaitPeriod', () => {
  it('ends with the longest wait period of the rules over the changed controls', () => {
    const wait = runningWaitPeriod(
      [assertion('short', 5_000), assertion('long', 20_000), gating],
      [B, A],
      change,
      T + 2_500,
    );
    expect(wait).toMatchObject({
      endsAt: '2030-01-15T03:00:30.000Z',
      remainingSeconds: 28,
      rules: [
        { name: 'short', waitPeriodMs: 5_000 },
        { name: 'long', waitPeriodMs: 20_000 },
        { name: 'gate', waitPeriodMs: 30_000 },
      ],
      since: '2030-01-15T03:00:00.000Z',
    });
    expect(wait!.message).toBe(
      `The safety rule's wait period ends in 28 s. Safety rules "short", "long", "gate" refuse changes of their routing controls for 5 s / 20 s / 30 s after each change, and the portal changed these routing controls at 2030-01-15T03:00:00.000Z. Plan again once it has ended.`,
    );
  });

  it('rounds up, counts only running periods, and is over when the last one ends', () => {
    const rules = [assertion('short', 5_000), assertion('long', 20_000)];
    expect(
      runningWaitPeriod(rules, [A], change, T + 6_000)?.rules.map(r => r.name),
    ).toEqual(['long']);
    expect(
      runningWaitPeriod(rules, [A], change, T + 19_001)?.remainingSeconds,
    ).toBe(1);
    expect(runningWaitPeriod(rules, [A], change, T + 20_000)).toBeUndefined();
    expect(runningWaitPeriod(rules, [A], undefined, T)).toBeUndefined();
  });

  it('skips rules without a wait period, rules over other controls, and rules being overridden', () => {
    const other: ArcSafetyRule = {
      ...assertion('other', 60_000),
      assertedControls: [G],
    };
    expect(
      runningWaitPeriod(
        [assertion('none', 0), other, assertion('overridden', 60_000)],
        [A, B],
        change,
        T,
        new Set([`${P}/safetyrule/overridden`]),
      ),
    ).toBeUndefined();
  });

  it("after ARC's refusal: only the rule it named, for as long as it said was left", () => {
    const wait = runningWaitPeriod(
      [assertion('short', 5_000), assertion('long', 20_000)],
      [A, B],
      {
        at: T,
        basis: 'arc-refusal',
        controls: [A, B],
        ruleArn: `${P}/safetyrule/short`,
        remainingMs: 3_200,
      },
      T,
    );
    expect(wait).toMatchObject({
      basis: 'arc-refusal',
      endsAt: '2030-01-15T03:00:03.200Z',
      remainingSeconds: 4,
      rules: [{ name: 'short' }],
    });
    expect(wait!.explanation).toContain('ARC refused a change of them');
  });
});

describe('waitPeriodRefusal', () => {
  const conflict = (message: string, sdk: Record<string, unknown> = {}) =>
    new ArcCallError(`refused by us-east-1: ${message}`, 'conflict', [], {
      name: 'ConflictException',
      message,
      ...sdk,
    });

  it('recognises a conflict naming the wait period, with the rule and what is left', () => {
    expect(
      waitPeriodRefusal(
        conflict(
          `Routing control state update blocked by safety rule ${P}/safetyrule/r1 (x): its wait period of 5000 ms after the last change of its routing controls ends in 3 s (2500 ms).`,
          { resourceId: `${P}/safetyrule/r1`, resourceType: 'SafetyRule' },
        ),
      ),
    ).toEqual({ ruleArn: `${P}/safetyrule/r1`, remainingMs: 2500 });
    expect(waitPeriodRefusal(conflict('The wait period ends in 4 s.'))).toEqual(
      { ruleArn: undefined, remainingMs: 4000 },
    );
    expect(
      waitPeriodRefusal(
        conflict(`Rule ${P}/safetyrule/r2 is in its wait-period.`),
      ),
    ).toEqual({ ruleArn: `${P}/safetyrule/r2`, remainingMs: undefined });
  });

  it('leaves every other failure alone', () => {
    expect(
      waitPeriodRefusal(
        conflict("the assertion rule's criteria would not be met"),
      ),
    ).toBeUndefined();
    expect(
      waitPeriodRefusal(
        new ArcCallError('wait period', 'validation', [], undefined),
      ),
    ).toBeUndefined();
    expect(waitPeriodRefusal(new Error('wait period'))).toBeUndefined();
  });
});

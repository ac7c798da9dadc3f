import { drillPlan } from '../../__fixtures__/drills';
import {
  blockingRule,
  failingAlarm,
  plan,
  readinessReport,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import {
  decideDrillStart,
  DrillStartInput,
  soakProblem,
} from './decideDrillStart';

/** Everything in order: a plan that may start, a soak, a reason and the name. */
const ready: DrillStartInput = {
  plan: drillPlan(),
  entityName: 'orders',
  reason: 'Quarterly DR drill',
  confirmText: 'orders',
  soakText: '900',
  submitting: false,
};

const limits = { minSeconds: 60, maxSeconds: 14_400, defaultSeconds: 900 };

describe('soakProblem', () => {
  it('accepts whole seconds within the limits', () => {
    expect(soakProblem('60', limits)).toBeUndefined();
    expect(soakProblem(' 14400 ', limits)).toBeUndefined();
  });

  it('says the limits when the soak is outside them or not whole seconds', () => {
    expect(soakProblem('59', limits)).toBe(
      'The soak must be between 1 min and 4 h (60–14400 seconds).',
    );
    expect(soakProblem('14401', limits)).toMatch(/^The soak must be between/);
    expect(soakProblem('', limits)).toBe(
      'Give the soak in whole seconds, between 1 min and 4 h (60–14400 seconds).',
    );
    expect(soakProblem('1.5', limits)).toMatch(/^Give the soak in whole/);
    expect(soakProblem('-5', limits)).toMatch(/^Give the soak in whole/);
  });
});

describe('decideDrillStart', () => {
  it('enables Start when nothing refuses it and the form is complete', () => {
    const decision = decideDrillStart(ready);
    expect(decision.canStart).toBe(true);
    expect(decision.blockers).toEqual([]);
    expect(decision.soakSeconds).toBe(900);
    expect(decision.showBlockers).toBe(false);
  });

  it.each<[string, Partial<DrillStartInput>, string[]]>([
    ['no plan yet', { plan: undefined }, ['the drill plan has not loaded']],
    [
      'a refusal',
      {
        plan: drillPlan({
          refusals: [{ kind: 'drill-window', message: 'Refused: outside' }],
        }),
      },
      ['the drill is refused now (see above)'],
    ],
    [
      'a safety rule in the way of its failover (never overridden)',
      {
        plan: drillPlan({
          failover: plan({
            blockingSafetyRules: [blockingRule],
            permissions: { canFailover: true, canOverrideSafetyRules: true },
          }),
        }),
      },
      ['safety rules block the change'],
    ],
    [
      'a failing readiness check not acknowledged',
      {
        plan: drillPlan({
          failover: plan({
            readiness: readinessReport({ checks: withChecks(failingAlarm) }),
          }),
        }),
      },
      ['acknowledge the failing readiness checks'],
    ],
    [
      'a soak too short',
      { soakText: '10' },
      ['a soak within the limits is needed'],
    ],
    ['no reason', { reason: ' ' }, ['a reason is needed']],
    ['the wrong name', { confirmText: 'order' }, ['type "orders" to confirm']],
  ])('keeps Start disabled with %s', (_, change, blockers) => {
    const decision = decideDrillStart({ ...ready, ...change });
    expect(decision.canStart).toBe(false);
    expect(decision.blockers).toEqual(blockers);
  });

  it('takes the same typed confirmation as the failover dialog (spaces around aside)', () => {
    expect(
      decideDrillStart({ ...ready, confirmText: ' orders ' }).canStart,
    ).toBe(true);
    expect(
      decideDrillStart({ ...ready, confirmText: 'Orders' }).nameMatches,
    ).toBe(false);
  });

  it('needs acknowledged failing checks, never warnings', () => {
    const failing = drillPlan({
      failover: plan({
        readiness: readinessReport({
          checks: withChecks(failingAlarm, warningEndpoints),
        }),
      }),
    });
    const decision = decideDrillStart({ ...ready, plan: failing });
    expect(decision.failingChecks).toEqual(['alarms']);
    expect(
      decideDrillStart({
        ...ready,
        plan: failing,
        acknowledgedChecks: ['alarms'],
      }).canStart,
    ).toBe(true);
  });

  it('is disabled while the start request is on its way, without listing blockers', () => {
    const decision = decideDrillStart({ ...ready, submitting: true });
    expect(decision.canStart).toBe(false);
    expect(decision.showBlockers).toBe(false);
  });
});

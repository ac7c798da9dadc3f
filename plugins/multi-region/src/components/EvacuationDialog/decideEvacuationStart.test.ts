import {
  evacuationPlan,
  evacuationPlanItems,
} from '../../__fixtures__/evacuations';
import {
  confirmationMatches,
  decideEvacuationStart,
  EvacuationStartInput,
} from './decideEvacuationStart';

/** Everything in order: a plan that moves something, a reason, the confirmation. */
const ready: EvacuationStartInput = {
  plan: evacuationPlan(),
  reason: 'us-east-1 degraded, INC-4242',
  confirmText: 'evacuate us-east-1',
  submitting: false,
};

describe('confirmationMatches', () => {
  it('needs the exact text, spaces around it aside', () => {
    expect(
      confirmationMatches(' evacuate us-east-1 ', 'evacuate us-east-1'),
    ).toBe(true);
    expect(
      confirmationMatches('Evacuate us-east-1', 'evacuate us-east-1'),
    ).toBe(false);
    expect(
      confirmationMatches('evacuate us-east-2', 'evacuate us-east-1'),
    ).toBe(false);
    expect(confirmationMatches('us-east-1', 'evacuate us-east-1')).toBe(false);
  });
});

describe('decideEvacuationStart', () => {
  it('may start once the plan moves something, the reason is valid and the confirmation typed', () => {
    const decision = decideEvacuationStart(ready);
    expect(decision).toMatchObject({
      canStart: true,
      blockers: [],
      showBlockers: false,
      confirmation: 'evacuate us-east-1',
      confirmationMatches: true,
    });
  });

  it('asks for a plan first, and shows nothing until there is one', () => {
    const decision = decideEvacuationStart({ ...ready, plan: undefined });
    expect(decision.canStart).toBe(false);
    expect(decision.blockers).toEqual(['plan first']);
    expect(decision.showBlockers).toBe(false);
    expect(decision.confirmation).toBeUndefined();
  });

  it('says each thing in the way, in order', () => {
    const decision = decideEvacuationStart({
      ...ready,
      reason: ' ',
      confirmText: 'evacuate',
    });
    expect(decision.canStart).toBe(false);
    expect(decision.showBlockers).toBe(true);
    expect(decision.blockers).toEqual([
      'a reason is needed',
      'type "evacuate us-east-1" to confirm',
    ]);
    expect(decision.reasonProblem).toMatch(/^Give a reason of at least 3/);
  });

  it('never starts a refused plan or one that moves nothing', () => {
    expect(
      decideEvacuationStart({
        ...ready,
        plan: evacuationPlan({ refusal: 'An evacuation is running.' }),
      }).blockers,
    ).toEqual(['the evacuation is refused now (see above)']);
    expect(
      decideEvacuationStart({
        ...ready,
        plan: evacuationPlan({
          items: evacuationPlanItems.filter(item => item.skip),
        }),
      }).blockers,
    ).toEqual(['no service would move']);
  });

  it('is disabled while the start request is on its way', () => {
    const decision = decideEvacuationStart({ ...ready, submitting: true });
    expect(decision.canStart).toBe(false);
    expect(decision.showBlockers).toBe(false);
  });
});

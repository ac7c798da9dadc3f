import {
  blockingRule,
  failingAlarm,
  failingTargetHealth,
  operation,
  plan,
  readinessReport,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import { ConfirmInput, confirmLabel, decideConfirm } from './blockers';

/** Everything in order: a plan, a valid reason and the right name typed. */
const ready: ConfirmInput = {
  plan: plan(),
  entityName: 'orders',
  reason: 'us-east-1 API Gateway 5xx, INC-1234',
  confirmName: 'orders',
  override: false,
  submitting: false,
};

const denied = {
  canFailover: false,
  canOverrideSafetyRules: false,
};

describe('decideConfirm', () => {
  it('enables Confirm when the plan allows it and the form is complete', () => {
    const decision = decideConfirm(ready);
    expect(decision.canConfirm).toBe(true);
    expect(decision.blockers).toEqual([]);
    expect(decision.showBlockers).toBe(false);
    expect(decision.nameMatches).toBe(true);
    expect(decision.reasonProblem).toBeUndefined();
  });

  it.each<[string, Partial<ConfirmInput>, string[]]>([
    [
      'no plan yet (loading or failed)',
      { plan: undefined },
      ['the plan has not loaded'],
    ],
    [
      'no permission',
      { plan: plan({ permissions: denied }) },
      ['you may not fail this service over'],
    ],
    [
      'read-only mode',
      { plan: plan({ readOnly: true, permissions: denied }) },
      ['read-only mode is on', 'you may not fail this service over'],
    ],
    [
      'a claim problem',
      { plan: plan({ claimProblem: 'Control panel tagged for payments' }) },
      ['the control panel is not confirmed as this service’s'],
    ],
    [
      'blocking safety rules without override',
      { plan: plan({ blockingSafetyRules: [blockingRule] }) },
      ['safety rules block the change'],
    ],
    [
      'nothing to do (no-op)',
      { plan: plan({ noop: true }) },
      ['there is nothing to change'],
    ],
    [
      'an operation already pending',
      {
        plan: plan({ pendingOperation: operation({ status: 'in-progress' }) }),
      },
      ['another change is under way'],
    ],
    [
      'ARC still deploying the control panel',
      {
        plan: plan({
          deployment: { state: 'deploying', message: 'PENDING', resources: [] },
        }),
      },
      ['ARC is still deploying the control panel'],
    ],
    [
      "a safety rule's wait period running",
      {
        plan: plan({
          waitPeriod: {
            endsAt: '2030-01-15T03:00:30.000Z',
            remainingSeconds: 30,
            message: "The safety rule's wait period ends in 30 s.",
            explanation: '',
            rules: [],
            basis: 'portal-change',
            since: '2030-01-15T02:59:30.000Z',
          },
        }),
      },
      ['the safety rule’s wait period has not ended (plan again once it has)'],
    ],
    [
      'a failing readiness check not acknowledged',
      {
        plan: plan({
          readiness: readinessReport({
            checks: withChecks(failingTargetHealth),
          }),
        }),
      },
      ['acknowledge the failing readiness checks'],
    ],
    ['an empty reason', { reason: '' }, ['a reason is needed']],
    [
      'a reason too short once trimmed',
      { reason: '  ab  ' },
      ['a reason is needed'],
    ],
    [
      'a name that does not match',
      { confirmName: 'order' },
      ['type "orders" to confirm'],
    ],
    [
      'the name of another entity',
      { confirmName: 'payments' },
      ['type "orders" to confirm'],
    ],
  ])('keeps Confirm disabled for %s', (_, change, blockers) => {
    const decision = decideConfirm({ ...ready, ...change });
    expect(decision.canConfirm).toBe(false);
    expect(decision.blockers).toEqual(blockers);
  });

  it('lists every blocker in a fixed order: the plan first, then the form', () => {
    const decision = decideConfirm({
      ...ready,
      plan: plan({
        noop: true,
        claimProblem: 'untagged',
        readOnly: true,
        permissions: denied,
        pendingOperation: operation(),
        blockingSafetyRules: [blockingRule],
        readiness: readinessReport({ checks: withChecks(failingAlarm) }),
      }),
      reason: '',
      confirmName: '',
    });
    expect(decision.blockers).toEqual([
      'there is nothing to change',
      'the control panel is not confirmed as this service’s',
      'read-only mode is on',
      'you may not fail this service over',
      'another change is under way',
      'safety rules block the change',
      'acknowledge the failing readiness checks',
      'a reason is needed',
      'type "orders" to confirm',
    ]);
    expect(decision.showBlockers).toBe(true);
  });

  it('shows no blockers without a plan: there is nothing to act on yet', () => {
    expect(decideConfirm({ ...ready, plan: undefined }).showBlockers).toBe(
      false,
    );
  });

  it('takes the reason rule from the common package', () => {
    const decision = decideConfirm({ ...ready, reason: 'ab' });
    expect(decision.reasonProblem).toMatch(/at least 3 characters/);
  });

  it('accepts the typed name with surrounding spaces', () => {
    expect(
      decideConfirm({ ...ready, confirmName: ' orders ' }).canConfirm,
    ).toBe(true);
  });

  it('offers the override only to holders of the permission, and only when rules block', () => {
    const blocked = plan({ blockingSafetyRules: [blockingRule] });
    const breakGlass = {
      canFailover: true,
      canOverrideSafetyRules: true,
    };
    expect(decideConfirm({ ...ready, plan: blocked })).toMatchObject({
      rulesBlock: true,
      canOverride: false,
    });
    expect(
      decideConfirm({ ...ready, plan: plan({ permissions: breakGlass }) }),
    ).toMatchObject({ rulesBlock: false, canOverride: false });
    const overridable = plan({
      blockingSafetyRules: [blockingRule],
      permissions: breakGlass,
    });
    expect(decideConfirm({ ...ready, plan: overridable })).toMatchObject({
      canOverride: true,
      canConfirm: false,
      blockers: ['safety rules block the change'],
    });
    expect(
      decideConfirm({ ...ready, plan: overridable, override: true }),
    ).toMatchObject({ canConfirm: true, blockers: [] });
  });

  it('needs every failing readiness check acknowledged, never a warning', () => {
    const failing = plan({
      readiness: readinessReport({
        checks: withChecks(failingTargetHealth, warningEndpoints, failingAlarm),
      }),
    });
    expect(decideConfirm({ ...ready, plan: failing })).toMatchObject({
      canConfirm: false,
      failingChecks: ['target-health', 'alarms'],
      readinessAcknowledged: false,
    });
    expect(
      decideConfirm({
        ...ready,
        plan: failing,
        acknowledgedChecks: ['target-health'],
      }).canConfirm,
    ).toBe(false);
    expect(
      decideConfirm({
        ...ready,
        plan: failing,
        acknowledgedChecks: ['target-health', 'alarms'],
      }),
    ).toMatchObject({ canConfirm: true, readinessAcknowledged: true });

    const warningsOnly = plan({
      readiness: readinessReport({ checks: withChecks(warningEndpoints) }),
    });
    expect(decideConfirm({ ...ready, plan: warningsOnly })).toMatchObject({
      canConfirm: true,
      failingChecks: [],
      readinessAcknowledged: true,
    });
    // a plan without readiness (an older backend) asks for nothing
    expect(
      decideConfirm({ ...ready, plan: plan({ readiness: undefined }) })
        .canConfirm,
    ).toBe(true);
  });

  it('decides on the server’s fresher readiness once it refused, not the plan’s', () => {
    const decision = decideConfirm({
      ...ready,
      plan: plan({
        readiness: readinessReport({ checks: withChecks(failingTargetHealth) }),
      }),
      readiness: readinessReport({
        checks: withChecks(failingTargetHealth, failingAlarm),
      }),
      acknowledgedChecks: ['target-health'],
    });
    expect(decision).toMatchObject({
      canConfirm: false,
      failingChecks: ['target-health', 'alarms'],
      blockers: ['acknowledge the failing readiness checks'],
    });
  });

  it('disables Confirm while the request is being sent, without listing blockers', () => {
    const decision = decideConfirm({ ...ready, submitting: true });
    expect(decision).toMatchObject({
      canConfirm: false,
      blockers: [],
      showBlockers: false,
    });
  });
});

describe('confirmLabel', () => {
  it('names the change once planned', () => {
    expect(confirmLabel(ready)).toBe('Fail over to us-west-2');
    expect(
      confirmLabel({
        ...ready,
        plan: plan({
          action: 'failback',
          fromRegion: 'us-west-2',
          toRegion: 'us-east-1',
        }),
      }),
    ).toBe('Fail back to us-east-1');
    expect(
      confirmLabel({
        ...ready,
        plan: plan({
          action: 'failback',
          fromRegion: 'us-east-1',
          toRegion: 'us-east-1',
        }),
      }),
    ).toBe('Set routing to us-east-1');
    expect(confirmLabel({ ...ready, override: true })).toBe(
      'Fail over to us-west-2 (override rules)',
    );
  });

  it('says Confirm before the plan and Starting… while sending', () => {
    expect(confirmLabel({ ...ready, plan: undefined })).toBe('Confirm');
    expect(confirmLabel({ ...ready, submitting: true })).toBe('Starting…');
  });
});

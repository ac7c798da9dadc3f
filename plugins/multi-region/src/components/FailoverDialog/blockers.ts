import {
  FailoverPlan,
  ReadinessCheckId,
  ReadinessReport,
  unacknowledgedFailures,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { changeVerb } from '../../utils/format';

/** Everything the Confirm button depends on, as plain data. */
export interface ConfirmInput {
  /** The backend's plan; undefined while it loads or after it failed. */
  plan?: FailoverPlan;
  entityName: string;
  reason: string;
  /** What the person typed to confirm; must be the entity's name. */
  confirmName: string;
  /** The break-glass checkbox is ticked. */
  override: boolean;
  /** The execute request is on its way. */
  submitting: boolean;
  /**
   * The readiness shown: the server's fresher report after it refused for
   * readiness, else the plan's.
   */
  readiness?: ReadinessReport;
  /** Ids of the failing readiness checks the person acknowledged. */
  acknowledgedChecks?: readonly string[];
}

/** Whether Confirm is enabled, and what the person is told otherwise. */
export interface ConfirmDecision {
  canConfirm: boolean;
  /** Why Confirm is disabled, in the order shown after "To confirm: ". */
  blockers: string[];
  /** Show the blockers: there is a plan to act on and nothing is being sent. */
  showBlockers: boolean;
  /** What is wrong with the reason (the common package's rule), if anything. */
  reasonProblem?: string;
  nameMatches: boolean;
  /** ARC safety rules would refuse the change. */
  rulesBlock: boolean;
  /** Rules block and the caller holds the break-glass override permission. */
  canOverride: boolean;
  /** The failing readiness checks: each must be acknowledged. */
  failingChecks: ReadinessCheckId[];
  /** Every failing check is acknowledged (true when none fails). */
  readinessAcknowledged: boolean;
}

/**
 * The typed confirmation rule of every dialog that changes traffic: what was
 * typed, spaces around it aside, is exactly the entity's name.
 */
export function confirmNameMatches(typed: string, entityName: string): boolean {
  return typed.trim() === entityName;
}

/**
 * The failing readiness checks (each must be acknowledged; warnings never
 * need it, the same rule as the server's) and whether all are acknowledged.
 */
export function readinessAcknowledgement(
  readiness: ReadinessReport | undefined,
  acknowledgedChecks?: readonly string[],
): { failingChecks: ReadinessCheckId[]; readinessAcknowledged: boolean } {
  const checks = readiness?.checks ?? [];
  return {
    failingChecks: unacknowledgedFailures(checks).map(c => c.id),
    readinessAcknowledged:
      unacknowledgedFailures(checks, acknowledgedChecks).length === 0,
  };
}

/**
 * What in a failover plan itself stands in the way, whatever the person
 * types (a drill's failover too).
 */
export function planBlockers(
  plan: FailoverPlan | undefined,
  rulesInTheWay: boolean,
): string[] {
  if (!plan) return ['the plan has not loaded'];
  const checks: Array<[boolean, string]> = [
    [plan.noop, 'there is nothing to change'],
    [
      Boolean(plan.claimProblem),
      'the control panel is not confirmed as this service’s',
    ],
    [plan.readOnly, 'read-only mode is on'],
    [!plan.permissions.canFailover, 'you may not fail this service over'],
    [Boolean(plan.pendingOperation), 'another change is under way'],
    [Boolean(plan.deployment), 'ARC is still deploying the control panel'],
    [
      Boolean(plan.waitPeriod),
      'the safety rule’s wait period has not ended (plan again once it has)',
    ],
    [rulesInTheWay, 'safety rules block the change'],
  ];
  return checks.filter(([applies]) => applies).map(([, text]) => text);
}

/**
 * Decides from plain data whether the failover may be confirmed. The server
 * checks all of it again; this only keeps the button from promising more.
 */
export function decideConfirm(input: ConfirmInput): ConfirmDecision {
  const { plan, entityName } = input;
  const rulesBlock = (plan?.blockingSafetyRules.length ?? 0) > 0;
  const canOverride =
    rulesBlock && Boolean(plan?.permissions.canOverrideSafetyRules);
  const reasonProblem = validateFailoverReason(input.reason);
  const nameMatches = confirmNameMatches(input.confirmName, entityName);
  const { failingChecks, readinessAcknowledged } = readinessAcknowledgement(
    input.readiness ?? plan?.readiness,
    input.acknowledgedChecks,
  );
  const blockers = [
    ...planBlockers(plan, rulesBlock && !input.override),
    ...(readinessAcknowledged
      ? []
      : ['acknowledge the failing readiness checks']),
    ...(reasonProblem ? ['a reason is needed'] : []),
    ...(nameMatches ? [] : [`type "${entityName}" to confirm`]),
  ];
  const canConfirm = blockers.length === 0 && !input.submitting;
  return {
    canConfirm,
    blockers,
    showBlockers: Boolean(plan) && !canConfirm && !input.submitting,
    reasonProblem,
    nameMatches,
    rulesBlock,
    canOverride,
    failingChecks,
    readinessAcknowledged,
  };
}

/** The Confirm button's text: the change it makes, once there is a plan. */
export function confirmLabel(
  input: Pick<ConfirmInput, 'plan' | 'override' | 'submitting'>,
): string {
  const { plan } = input;
  if (input.submitting) return 'Starting…';
  if (!plan) return 'Confirm';
  return `${changeVerb(plan)} to ${plan.toRegion}${
    input.override ? ' (override rules)' : ''
  }`;
}

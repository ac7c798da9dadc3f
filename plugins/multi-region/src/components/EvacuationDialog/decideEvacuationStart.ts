import {
  evacuationConfirmation,
  EvacuationPlan,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { movingServicesOf } from '../../hooks/useStartEvacuation';

/** Everything the Start button depends on, as plain data. */
export interface EvacuationStartInput {
  /** The plan of the scope chosen now; undefined before planning or once the scope changed. */
  plan?: EvacuationPlan;
  reason: string;
  /** What the person typed to confirm: must be `evacuationConfirmation(region)`. */
  confirmText: string;
  /** The start request is on its way. */
  submitting: boolean;
}

/** Whether Start is enabled, and what the person is told otherwise. */
export interface EvacuationStartDecision {
  canStart: boolean;
  /** Why Start is disabled, in the order shown after "To start: ". */
  blockers: string[];
  /** Show the blockers: there is a plan to act on and nothing is being sent. */
  showBlockers: boolean;
  reasonProblem?: string;
  /** What to type, once there is a plan. */
  confirmation?: string;
  confirmationMatches: boolean;
}

/**
 * The typed confirmation rule: what was typed, spaces around it aside, is
 * exactly the text asked for (as the failover dialog's typed name).
 */
export function confirmationMatches(typed: string, expected: string): boolean {
  return typed.trim() === expected;
}

/** What in the plan stands in the way, whatever the person types. */
function planBlockers(plan: EvacuationPlan | undefined): string[] {
  if (!plan) return ['plan first'];
  if (plan.refusal) return ['the evacuation is refused now (see above)'];
  if (movingServicesOf(plan).length === 0) return ['no service would move'];
  return [];
}

/**
 * Decides from plain data whether the evacuation may start: a current plan
 * that moves something and is not refused, a reason (the failover's rule)
 * and the confirmation typed. The server checks all of it again.
 */
export function decideEvacuationStart(
  input: EvacuationStartInput,
): EvacuationStartDecision {
  const { plan } = input;
  const reasonProblem = validateFailoverReason(input.reason);
  const confirmation = plan ? evacuationConfirmation(plan.region) : undefined;
  const matches = confirmation
    ? confirmationMatches(input.confirmText, confirmation)
    : false;
  const blockers = [
    ...planBlockers(plan),
    ...(reasonProblem ? ['a reason is needed'] : []),
    ...(matches || !confirmation ? [] : [`type "${confirmation}" to confirm`]),
  ];
  const canStart = blockers.length === 0 && !input.submitting;
  return {
    canStart,
    blockers,
    showBlockers: Boolean(plan) && !canStart && !input.submitting,
    reasonProblem,
    confirmation,
    confirmationMatches: matches,
  };
}

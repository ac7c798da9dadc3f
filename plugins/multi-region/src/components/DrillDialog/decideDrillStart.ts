import {
  DrillPlan,
  DrillSoakLimits,
  ReadinessCheckId,
  ReadinessReport,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatSoak } from '../../utils/drills';
import {
  confirmNameMatches,
  planBlockers,
  readinessAcknowledgement,
} from '../FailoverDialog';

/** Everything the Start button depends on, as plain data. */
export interface DrillStartInput {
  /** The backend's drill plan; undefined while it loads or after it failed. */
  plan?: DrillPlan;
  entityName: string;
  reason: string;
  /** What the person typed to confirm; must be the entity's name. */
  confirmText: string;
  /** The soak as typed, in seconds. */
  soakText: string;
  /** The start request is on its way. */
  submitting: boolean;
  /** The readiness shown: the server's after it refused for readiness, else the plan's. */
  readiness?: ReadinessReport;
  /** Ids of the failing readiness checks the person acknowledged. */
  acknowledgedChecks?: readonly string[];
}

/** Whether Start is enabled, and what the person is told otherwise. */
export interface DrillStartDecision {
  canStart: boolean;
  /** Why Start is disabled, in the order shown after "To start: ". */
  blockers: string[];
  /** Show the blockers: there is a plan to act on and nothing is being sent. */
  showBlockers: boolean;
  reasonProblem?: string;
  nameMatches: boolean;
  /** What is wrong with the soak, if anything. */
  soakProblem?: string;
  /** The soak in seconds, once valid. */
  soakSeconds?: number;
  failingChecks: ReadinessCheckId[];
  readinessAcknowledged: boolean;
}

/** What is wrong with a soak typed in seconds, against the portal's limits. */
export function soakProblem(
  text: string,
  limits: DrillSoakLimits,
): string | undefined {
  const { minSeconds: min, maxSeconds: max } = limits;
  const range = `between ${formatSoak(min)} and ${formatSoak(
    max,
  )} (${min}–${max} seconds)`;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return `Give the soak in whole seconds, ${range}.`;
  }
  const seconds = Number(trimmed);
  if (seconds < min || seconds > max) {
    return `The soak must be ${range}.`;
  }
  return undefined;
}

/** What in the drill's plan stands in the way, whatever the person types. */
function drillPlanBlockers(plan: DrillPlan | undefined): string[] {
  if (!plan) return ['the drill plan has not loaded'];
  const { failover } = plan;
  return [
    ...(plan.refusals.length ? ['the drill is refused now (see above)'] : []),
    // A drill never overrides safety rules.
    ...planBlockers(failover, failover.blockingSafetyRules.length > 0),
  ];
}

/**
 * Decides from plain data whether the drill may start: no refusal, nothing
 * in its failover's plan in the way, the failing readiness checks
 * acknowledged, a soak within the limits, a reason, and the name typed (the
 * failover dialog's rules, reused). The server checks all of it again.
 */
export function decideDrillStart(input: DrillStartInput): DrillStartDecision {
  const { plan, entityName } = input;
  const reasonProblem = validateFailoverReason(input.reason);
  const nameMatches = confirmNameMatches(input.confirmText, entityName);
  const soak = plan ? soakProblem(input.soakText, plan.soak) : undefined;
  const { failingChecks, readinessAcknowledged } = readinessAcknowledgement(
    input.readiness ?? plan?.failover.readiness,
    input.acknowledgedChecks,
  );
  const blockers = [
    ...drillPlanBlockers(plan),
    ...(readinessAcknowledged
      ? []
      : ['acknowledge the failing readiness checks']),
    ...(soak ? ['a soak within the limits is needed'] : []),
    ...(reasonProblem ? ['a reason is needed'] : []),
    ...(nameMatches ? [] : [`type "${entityName}" to confirm`]),
  ];
  const canStart = blockers.length === 0 && !input.submitting;
  return {
    canStart,
    blockers,
    showBlockers: Boolean(plan) && !canStart && !input.submitting,
    reasonProblem,
    nameMatches,
    soakProblem: soak,
    soakSeconds: plan && !soak ? Number(input.soakText.trim()) : undefined,
    failingChecks,
    readinessAcknowledged,
  };
}

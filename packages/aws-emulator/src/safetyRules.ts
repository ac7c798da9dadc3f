/**
 * Safety-rule evaluation, as the ARC model documents it: ATLEAST N / AND /
 * OR over the controls being On, negated when Inverted.
 *
 * Deliberately shares no code with the plugins' own evaluator
 * (plugins/multi-region-backend/src/arc/safetyRules.ts): the emulator stands
 * in for AWS, so it must not share the client's assumptions, or a mistake in
 * one would be hidden by the same mistake in the other.
 */
import { RoutingControlState, RuleConfig, SafetyRuleSnapshot } from './types';

/** True when the rule's condition holds for these states. */
export function evaluateRuleConfig(
  config: RuleConfig,
  states: RoutingControlState[],
): boolean {
  const on = states.filter(s => s === 'On').length;
  let holds: boolean;
  switch (config.Type) {
    case 'ATLEAST':
      holds = on >= config.Threshold;
      break;
    case 'AND':
      holds = on === states.length;
      break;
    default:
      holds = on >= 1;
  }
  return holds !== config.Inverted;
}

/** What the evaluator needs to know about one update transaction. */
export interface RuleCheckInput {
  rules: Iterable<SafetyRuleSnapshot>;
  /** The changes requested, by control ARN. */
  changes: Map<string, RoutingControlState>;
  /** Current state of a control. */
  stateOf(arn: string): RoutingControlState;
  /** ARNs from SafetyRulesToOverride. */
  overridden: Set<string>;
  gatingUsesPostState: boolean;
  /** When set (wait periods enforced): how long the rule's wait period still runs, 0 when over. */
  waitRemainingMs?(rule: SafetyRuleSnapshot): number;
}

/** Why an update was refused. */
export type RuleViolation =
  | { rule: SafetyRuleSnapshot; reason: 'criteria' }
  | { rule: SafetyRuleSnapshot; reason: 'wait-period'; remainingMs: number };

/**
 * The rest of a rule's wait period, 0 when none runs. AWS documents
 * WaitPeriodMs as "an evaluation period, in milliseconds (ms), during which
 * any request against the target routing controls will fail. This helps
 * prevent flapping of state." Read here as: the period starts when one of
 * the rule's target controls (asserted controls for an assertion rule)
 * changes state, and lasts WaitPeriodMs. Which event starts it is our
 * reading; AWS does not say.
 */
export function waitPeriodRemainingMs(
  rule: SafetyRuleSnapshot,
  lastChangeAt: (arn: string) => number | undefined,
  now: number,
): number {
  if (rule.WaitPeriodMs <= 0) return 0;
  const guarded = guardedControls(rule);
  const last = Math.max(
    -Infinity,
    ...guarded.map(arn => lastChangeAt(arn) ?? -Infinity),
  );
  return Math.max(0, last + rule.WaitPeriodMs - now);
}

/** The controls a rule protects: asserted controls, or a gating rule's targets. */
function guardedControls(rule: SafetyRuleSnapshot): string[] {
  return (
    (rule.Kind === 'ASSERTION' ? rule.AssertedControls : rule.TargetControls) ??
    []
  );
}

/**
 * Returns the first rule the transaction would violate, or undefined. Only one
 * rule is reported, as AWS documents: callers override one more rule per retry.
 */
export function findViolatedRule(
  input: RuleCheckInput,
): RuleViolation | undefined {
  const before = (arn: string) => input.stateOf(arn);
  const after = (arn: string) => input.changes.get(arn) ?? input.stateOf(arn);
  for (const rule of input.rules) {
    if (input.overridden.has(rule.SafetyRuleArn)) continue;
    const guarded = guardedControls(rule);
    // Any request naming a guarded control counts, even one that changes nothing.
    if (!guarded.some(arn => input.changes.has(arn))) continue;
    const remainingMs = input.waitRemainingMs?.(rule) ?? 0;
    if (remainingMs > 0) return { rule, reason: 'wait-period', remainingMs };
    const holds =
      rule.Kind === 'ASSERTION'
        ? evaluateRuleConfig(rule.RuleConfig, guarded.map(after))
        : evaluateRuleConfig(
            rule.RuleConfig,
            (rule.GatingControls ?? []).map(
              input.gatingUsesPostState ? after : before,
            ),
          );
    if (!holds) return { rule, reason: 'criteria' };
  }
  return undefined;
}

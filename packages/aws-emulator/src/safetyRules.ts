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
  /** When set, a rule whose controls changed within its WaitPeriodMs blocks the update. */
  inWaitPeriod?(rule: SafetyRuleSnapshot, touched: string[]): boolean;
}

/** Why an update was refused. */
export interface RuleViolation {
  rule: SafetyRuleSnapshot;
  reason: 'criteria' | 'wait-period';
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
    const guarded =
      (rule.Kind === 'ASSERTION'
        ? rule.AssertedControls
        : rule.TargetControls) ?? [];
    const touched = guarded.filter(arn => input.changes.has(arn));
    if (touched.length === 0) continue;
    if (input.inWaitPeriod?.(rule, touched))
      return { rule, reason: 'wait-period' };
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

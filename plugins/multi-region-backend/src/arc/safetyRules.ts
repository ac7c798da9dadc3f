import { RoutingControlState } from '@multi-region-failover/plugin-multi-region-common';
import { ArcSafetyRule } from '@multi-region-failover/plugin-multi-region-node';

/** A rule that would refuse a change, and why in words. @public */
export interface BlockingRule {
  rule: ArcSafetyRule;
  description: string;
}

function required(config: ArcSafetyRule['config'], count: number): number {
  if (config.type === 'AND') return count;
  if (config.type === 'OR') return 1;
  return config.threshold;
}

/** ARC's rule evaluation: ATLEAST n / AND all / OR one "On", then Inverted negates. */
export function evaluateRuleConfig(
  config: ArcSafetyRule['config'],
  states: Array<RoutingControlState | undefined>,
): boolean {
  const on = states.filter(s => s === 'On').length;
  const ok = on >= required(config, states.length);
  return config.inverted ? !ok : ok;
}

function names(arns: string[], nameOf: (arn: string) => string): string {
  return arns.map(nameOf).join(', ');
}

function criterion(config: ArcSafetyRule['config'], count: number): string {
  const n = required(config, count);
  let base = `at least ${n}`;
  if (config.type === 'AND') base = `all ${count}`;
  if (config.type === 'OR') base = 'at least one';
  return config.inverted ? `NOT (${base} On)` : `${base} On`;
}

/**
 * Every rule that would refuse the change, evaluated as ARC does: an
 * assertion rule over the states AFTER the transaction (when the transaction
 * touches its asserted controls), a gating rule over the CURRENT states of its
 * gating controls (when the transaction touches its target controls). ARC
 * itself reports only the first; the plan shows them all.
 *
 * @public
 */
export function findBlockingRules(
  rules: ArcSafetyRule[],
  current: Map<string, RoutingControlState>,
  changes: Array<{ arn: string; state: RoutingControlState }>,
  nameOf: (arn: string) => string = arn => arn,
): BlockingRule[] {
  const touched = new Set(changes.map(c => c.arn));
  const after = new Map(current);
  for (const c of changes) after.set(c.arn, c.state);
  const blocking: BlockingRule[] = [];
  for (const rule of rules) {
    if (rule.type === 'assertion') {
      const asserted = rule.assertedControls ?? [];
      if (!asserted.some(a => touched.has(a))) continue;
      const states = asserted.map(a => after.get(a));
      if (!evaluateRuleConfig(rule.config, states)) {
        const on = states.filter(s => s === 'On').length;
        blocking.push({
          rule,
          description: `Assertion rule "${rule.name}" requires ${criterion(
            rule.config,
            asserted.length,
          )} of ${names(
            asserted,
            nameOf,
          )} after the change; the change would leave ${on} On.`,
        });
      }
    } else {
      const targets = rule.targetControls ?? [];
      if (!targets.some(t => touched.has(t))) continue;
      const gating = rule.gatingControls ?? [];
      const states = gating.map(g => current.get(g));
      if (!evaluateRuleConfig(rule.config, states)) {
        blocking.push({
          rule,
          description: `Gating rule "${rule.name}" allows changes to ${names(
            targets,
            nameOf,
          )} only while ${criterion(rule.config, gating.length)} of ${names(
            gating,
            nameOf,
          )}; it does not hold now.`,
        });
      }
    }
  }
  return blocking;
}

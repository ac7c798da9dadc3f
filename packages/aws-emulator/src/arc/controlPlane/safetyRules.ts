/**
 * Control-plane safety rules: list per panel, describe, create (assertion or
 * gating, over controls of the rule's own panel; idempotent by ClientToken),
 * update (name and wait period only, as the model allows) and delete. Names
 * are unique within a panel; each change is PENDING, with its panel, until
 * deployed.
 */
import { randomHex } from '../../arns';
import { AwsError } from '../../http/wire';
import { EmulatorStore } from '../../store';
import { RuleConfig, SafetyRuleSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  assertNameFree,
  assertPanelDeployed,
  changeDeploying,
  createOnce,
  findControl,
  findPanel,
  findRule,
  pageOf,
  resourceName,
  tagsOf,
} from './common';

const RULE_TYPES: Array<RuleConfig['Type']> = ['ATLEAST', 'AND', 'OR'];

/** Lists use the `ASSERTION`/`GATING` union. */
function ruleView(store: EmulatorStore, r: SafetyRuleSnapshot) {
  const common = {
    ControlPanelArn: r.ControlPanelArn,
    Name: r.Name,
    RuleConfig: { ...r.RuleConfig },
    SafetyRuleArn: r.SafetyRuleArn,
    Status: store.statusOf(r.SafetyRuleArn),
    WaitPeriodMs: r.WaitPeriodMs,
    Owner: r.Owner,
  };
  return r.Kind === 'ASSERTION'
    ? {
        ASSERTION: {
          ...common,
          AssertedControls: [...(r.AssertedControls ?? [])],
        },
      }
    : {
        GATING: {
          ...common,
          GatingControls: [...(r.GatingControls ?? [])],
          TargetControls: [...(r.TargetControls ?? [])],
        },
      };
}

/** Describe, Create and Update answer with `AssertionRule`/`GatingRule` instead. */
function ruleResponse(store: EmulatorStore, r: SafetyRuleSnapshot) {
  const view = ruleView(store, r);
  return 'ASSERTION' in view
    ? { AssertionRule: view.ASSERTION }
    : { GatingRule: view.GATING };
}

function assertRuleNameFree(
  store: EmulatorStore,
  name: string,
  panelArn: string,
  selfArn?: string,
) {
  assertNameFree(
    'safety rule',
    name,
    panelArn,
    store
      .rulesOfPanel(panelArn)
      .map(r => ({ Name: r.Name, arn: r.SafetyRuleArn })),
    selfArn,
  );
}

/**
 * Exactly one of two optional union-like members (the model marks neither
 * required): returns its name and value.
 */
function oneOf(
  v: Validator,
  body: Record<string, unknown>,
  keys: [string, string],
): { key: string; spec: Record<string, unknown> } {
  const [a, b] = keys.map(key => v.object(key, body[key], false));
  if (!a === !b) {
    v.custom(
      keys[0],
      undefined,
      `Exactly one of ${keys[0]} and ${keys[1]} must be set`,
    );
    v.throwIfAny();
  }
  return a ? { key: keys[0], spec: a } : { key: keys[1], spec: b! };
}

/** WaitPeriodMs: required by every rule shape of the model. */
function waitPeriod(v: Validator, path: string, value: unknown) {
  if (value === undefined || value === null)
    v.custom(path, value, 'Member must not be null');
  return v.integer(path, value, { min: 0 });
}

function createRule(call: ControlPlaneCall): SafetyRuleSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const { key: prefix, spec } = oneOf(v, body, ['AssertionRule', 'GatingRule']);
  const assertion = prefix === 'AssertionRule';
  // Every member the model's NewAssertionRule / NewGatingRule requires.
  const panelArn = v.arn(
    `${prefix}.ControlPanelArn`,
    spec.ControlPanelArn,
    true,
  );
  const name = resourceName(v, `${prefix}.Name`, spec.Name);
  const waitPeriodMs = waitPeriod(
    v,
    `${prefix}.WaitPeriodMs`,
    spec.WaitPeriodMs,
  );
  const cfg = v.object(`${prefix}.RuleConfig`, spec.RuleConfig, true);
  let config: RuleConfig | undefined;
  if (cfg) {
    const type = v.enumValue(
      `${prefix}.RuleConfig.Type`,
      cfg.Type,
      RULE_TYPES,
      true,
    );
    const thresholdPath = `${prefix}.RuleConfig.Threshold`;
    if (cfg.Threshold === undefined || cfg.Threshold === null)
      v.custom(thresholdPath, cfg.Threshold, 'Member must not be null');
    const threshold = v.integer(thresholdPath, cfg.Threshold, { min: 0 });
    const invertedPath = `${prefix}.RuleConfig.Inverted`;
    if (cfg.Inverted === undefined || cfg.Inverted === null) {
      v.custom(invertedPath, cfg.Inverted, 'Member must not be null');
    } else if (typeof cfg.Inverted !== 'boolean') {
      v.custom(invertedPath, cfg.Inverted, 'Member must be a boolean');
    }
    if (type && threshold !== undefined && typeof cfg.Inverted === 'boolean')
      config = { Type: type, Threshold: threshold, Inverted: cfg.Inverted };
  }
  const arns = (key: string) =>
    (v.list(`${prefix}.${key}`, spec[key], true) ?? []).map(
      (item, i) => v.arn(`${prefix}.${key}.${i + 1}.member`, item, true)!,
    );
  const asserted = assertion ? arns('AssertedControls') : undefined;
  const gatingControls = assertion ? undefined : arns('GatingControls');
  const targets = assertion ? undefined : arns('TargetControls');
  const tags = tagsOf(v, body.Tags);
  v.throwIfAny();

  return createOnce(
    call,
    'CreateSafetyRule',
    store.rules,
    r => ({ arn: r.SafetyRuleArn, panelArn: r.ControlPanelArn }),
    () => {
      const panel = findPanel(call, panelArn!);
      for (const controlArn of [
        ...(asserted ?? []),
        ...(gatingControls ?? []),
        ...(targets ?? []),
      ]) {
        const control = findControl(call, controlArn);
        if (control.ControlPanelArn !== panel.ControlPanelArn) {
          throw new AwsError(
            'ValidationException',
            400,
            `Routing control ${controlArn} is not in control panel ${panel.ControlPanelArn}`,
          );
        }
      }
      assertPanelDeployed(store, panel.ControlPanelArn);
      assertRuleNameFree(store, name!, panel.ControlPanelArn);
      return {
        SafetyRuleArn: `${panel.ControlPanelArn}/safetyrule/${randomHex(8)}`,
        Name: name!,
        ControlPanelArn: panel.ControlPanelArn,
        Kind: assertion ? 'ASSERTION' : 'GATING',
        AssertedControls: asserted,
        GatingControls: gatingControls,
        TargetControls: targets,
        RuleConfig: config!,
        WaitPeriodMs: waitPeriodMs!,
        Owner: panel.Owner,
        Tags: tags,
      };
    },
  );
}

/** UpdateSafetyRule: only the name and the wait period can change. */
function updateRule(call: ControlPlaneCall): SafetyRuleSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const { key: prefix, spec } = oneOf(v, body, [
    'AssertionRuleUpdate',
    'GatingRuleUpdate',
  ]);
  // The model's AssertionRuleUpdate / GatingRuleUpdate require all three.
  const arn = v.arn(`${prefix}.SafetyRuleArn`, spec.SafetyRuleArn, true);
  const name = resourceName(v, `${prefix}.Name`, spec.Name);
  const waitPeriodMs = waitPeriod(
    v,
    `${prefix}.WaitPeriodMs`,
    spec.WaitPeriodMs,
  );
  v.throwIfAny();
  const rule = findRule(call, arn!);
  const kind = prefix === 'AssertionRuleUpdate' ? 'ASSERTION' : 'GATING';
  if (rule.Kind !== kind) {
    throw new AwsError(
      'ValidationException',
      400,
      `Safety rule ${arn} is ${
        rule.Kind === 'ASSERTION' ? 'an assertion' : 'a gating'
      } rule; update it with ${
        rule.Kind === 'ASSERTION' ? 'AssertionRuleUpdate' : 'GatingRuleUpdate'
      }`,
    );
  }
  assertPanelDeployed(store, rule.ControlPanelArn);
  assertRuleNameFree(store, name!, rule.ControlPanelArn, arn);
  rule.Name = name!;
  rule.WaitPeriodMs = waitPeriodMs!;
  changeDeploying(call, arn!, rule.ControlPanelArn, 'update');
  return rule;
}

function deleteRule(call: ControlPlaneCall) {
  const rule = findRule(call, call.arn);
  assertPanelDeployed(call.store, rule.ControlPanelArn);
  changeDeploying(call, call.arn, rule.ControlPanelArn, 'delete');
  return {};
}

export const SAFETY_RULE_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanel/*/safetyrules',
    operation: 'ListSafetyRules',
    handler: call =>
      pageOf(
        call.query,
        call.store
          .rulesOfPanel(findPanel(call, call.arn).ControlPanelArn)
          .map(r => ruleView(call.store, r)),
        'SafetyRules',
      ),
  },
  {
    method: 'GET',
    path: 'safetyrule/*',
    operation: 'DescribeSafetyRule',
    handler: call => ruleResponse(call.store, findRule(call, call.arn)),
  },
  {
    method: 'POST',
    path: 'safetyrule',
    operation: 'CreateSafetyRule',
    handler: call => ruleResponse(call.store, createRule(call)),
  },
  {
    method: 'PUT',
    path: 'safetyrule',
    operation: 'UpdateSafetyRule',
    handler: call => ruleResponse(call.store, updateRule(call)),
  },
  {
    method: 'DELETE',
    path: 'safetyrule/*',
    operation: 'DeleteSafetyRule',
    handler: deleteRule,
  },
];

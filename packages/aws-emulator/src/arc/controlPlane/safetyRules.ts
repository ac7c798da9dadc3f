/**
 * Control-plane safety rules: list per panel, describe, create (assertion or
 * gating, over controls of the rule's own panel; idempotent by ClientToken)
 * and delete. UpdateSafetyRule is not emulated.
 */
import { randomHex } from '../../arns';
import { AwsError } from '../../http/wire';
import { RuleConfig, SafetyRuleSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
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
function ruleView(r: SafetyRuleSnapshot) {
  const common = {
    ControlPanelArn: r.ControlPanelArn,
    Name: r.Name,
    RuleConfig: { ...r.RuleConfig },
    SafetyRuleArn: r.SafetyRuleArn,
    Status: 'DEPLOYED',
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

/** Describe/Create answer with `AssertionRule`/`GatingRule` instead. */
function ruleResponse(r: SafetyRuleSnapshot) {
  const view = ruleView(r);
  return 'ASSERTION' in view
    ? { AssertionRule: view.ASSERTION }
    : { GatingRule: view.GATING };
}

function createRule(call: ControlPlaneCall): SafetyRuleSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const assertion = v.object('AssertionRule', body.AssertionRule, false);
  const gating = v.object('GatingRule', body.GatingRule, false);
  if (!assertion === !gating) {
    v.custom(
      'AssertionRule',
      undefined,
      'Exactly one of AssertionRule and GatingRule must be set',
    );
    v.throwIfAny();
  }
  const spec = (assertion ?? gating)!;
  const prefix = assertion ? 'AssertionRule' : 'GatingRule';
  const panelArn = v.arn(
    `${prefix}.ControlPanelArn`,
    spec.ControlPanelArn,
    true,
  );
  const name = resourceName(v, `${prefix}.Name`, spec.Name);
  const waitPeriodMs = v.integer(`${prefix}.WaitPeriodMs`, spec.WaitPeriodMs, {
    min: 0,
  });
  if (spec.WaitPeriodMs === undefined)
    v.custom(`${prefix}.WaitPeriodMs`, undefined, 'Member must not be null');
  const cfg = v.object(`${prefix}.RuleConfig`, spec.RuleConfig, true);
  const type = cfg
    ? v.enumValue(`${prefix}.RuleConfig.Type`, cfg.Type, RULE_TYPES, true)
    : undefined;
  const threshold = cfg
    ? v.integer(`${prefix}.RuleConfig.Threshold`, cfg.Threshold, { min: 0 })
    : undefined;
  if (cfg && typeof cfg.Inverted !== 'boolean') {
    v.custom(
      `${prefix}.RuleConfig.Inverted`,
      cfg.Inverted,
      'Member must be a boolean',
    );
  }
  const arns = (key: string) =>
    (v.list(`${prefix}.${key}`, spec[key], true) ?? []).map(
      (item, i) => v.arn(`${prefix}.${key}.${i + 1}.member`, item, true)!,
    );
  const asserted = assertion ? arns('AssertedControls') : undefined;
  const gatingControls = gating ? arns('GatingControls') : undefined;
  const targets = gating ? arns('TargetControls') : undefined;
  const tags = tagsOf(v, body.Tags);
  v.throwIfAny();

  return createOnce(
    call,
    'CreateSafetyRule',
    store.rules,
    r => r.SafetyRuleArn,
    () => {
      const panel = findPanel(store, panelArn!);
      for (const controlArn of [
        ...(asserted ?? []),
        ...(gatingControls ?? []),
        ...(targets ?? []),
      ]) {
        const control = findControl(store, controlArn);
        if (control.ControlPanelArn !== panel.ControlPanelArn) {
          throw new AwsError(
            'ValidationException',
            400,
            `Routing control ${controlArn} is not in control panel ${panel.ControlPanelArn}`,
          );
        }
      }
      return {
        SafetyRuleArn: `${panel.ControlPanelArn}/safetyrule/${randomHex(8)}`,
        Name: name!,
        ControlPanelArn: panel.ControlPanelArn,
        Kind: assertion ? 'ASSERTION' : 'GATING',
        AssertedControls: asserted,
        GatingControls: gatingControls,
        TargetControls: targets,
        RuleConfig: {
          Type: type!,
          Threshold: threshold ?? 0,
          Inverted: cfg!.Inverted as boolean,
        },
        WaitPeriodMs: waitPeriodMs ?? 0,
        Owner: panel.Owner,
        Tags: tags,
      };
    },
  );
}

export const SAFETY_RULE_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanel/*/safetyrules',
    operation: 'ListSafetyRules',
    handler: ({ store, arn, query }) =>
      pageOf(
        query,
        store.rulesOfPanel(findPanel(store, arn).ControlPanelArn).map(ruleView),
        'SafetyRules',
      ),
  },
  {
    method: 'GET',
    path: 'safetyrule/*',
    operation: 'DescribeSafetyRule',
    handler: ({ store, arn }) => ruleResponse(findRule(store, arn)),
  },
  {
    method: 'POST',
    path: 'safetyrule',
    operation: 'CreateSafetyRule',
    handler: call => ruleResponse(createRule(call)),
  },
  {
    method: 'DELETE',
    path: 'safetyrule/*',
    operation: 'DeleteSafetyRule',
    handler: ({ store, arn }) => {
      findRule(store, arn);
      store.rules.delete(arn);
      store.changed();
      return {};
    },
  },
];

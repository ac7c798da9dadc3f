/**
 * A subset of route53-recovery-control-config (restJson1, signed for
 * us-west-2): describe/list everything, create/delete panels, controls and
 * safety rules (idempotent by ClientToken), and tags.
 */
import { newArcArn, randomHex } from '../arns';
import {
  decodeToken,
  jsonResponse,
  paginate,
  parseJsonObject,
  renderJsonError,
} from '../http/json';
import { ServiceHandler } from '../http/listener';
import { RestRoute, matchRoute } from '../http/routes';
import {
  AwsError,
  HandlerResponse,
  RequestContext,
  pathSegments,
} from '../http/wire';
import { EmulatorStore } from '../store';
import {
  ClusterEndpoint,
  ControlPanelSnapshot,
  RoutingControlSnapshot,
  RuleConfig,
  SafetyRuleSnapshot,
} from '../types';
import { Validator } from './validation';

const CONTENT_TYPE = 'application/json';
const NAME = /^\S+$/;
const RULE_TYPES: Array<RuleConfig['Type']> = ['ATLEAST', 'AND', 'OR'];

const ROUTES: RestRoute[] = [
  { method: 'GET', shape: 'cluster', operation: 'ListClusters' },
  { method: 'GET', shape: 'cluster/*', operation: 'DescribeCluster' },
  { method: 'GET', shape: 'controlpanels', operation: 'ListControlPanels' },
  { method: 'POST', shape: 'controlpanel', operation: 'CreateControlPanel' },
  { method: 'PUT', shape: 'controlpanel', operation: 'UpdateControlPanel' },
  { method: 'GET', shape: 'controlpanel/*', operation: 'DescribeControlPanel' },
  {
    method: 'DELETE',
    shape: 'controlpanel/*',
    operation: 'DeleteControlPanel',
  },
  {
    method: 'GET',
    shape: 'controlpanel/*/routingcontrols',
    operation: 'ListRoutingControls',
  },
  {
    method: 'GET',
    shape: 'controlpanel/*/safetyrules',
    operation: 'ListSafetyRules',
  },
  {
    method: 'POST',
    shape: 'routingcontrol',
    operation: 'CreateRoutingControl',
  },
  { method: 'PUT', shape: 'routingcontrol', operation: 'UpdateRoutingControl' },
  {
    method: 'GET',
    shape: 'routingcontrol/*',
    operation: 'DescribeRoutingControl',
  },
  {
    method: 'DELETE',
    shape: 'routingcontrol/*',
    operation: 'DeleteRoutingControl',
  },
  {
    method: 'GET',
    shape: 'routingcontrol/*/associatedRoute53HealthChecks',
    operation: 'ListAssociatedRoute53HealthChecks',
  },
  { method: 'POST', shape: 'safetyrule', operation: 'CreateSafetyRule' },
  { method: 'GET', shape: 'safetyrule/*', operation: 'DescribeSafetyRule' },
  { method: 'DELETE', shape: 'safetyrule/*', operation: 'DeleteSafetyRule' },
  { method: 'GET', shape: 'tags/*', operation: 'ListTagsForResource' },
  { method: 'POST', shape: 'tags/*', operation: 'TagResource' },
  { method: 'DELETE', shape: 'tags/*', operation: 'UntagResource' },
];

function notFound(what: string, arn: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    404,
    `${what} not found: ${arn}`,
  );
}

function conflict(message: string): AwsError {
  return new AwsError('ConflictException', 409, message);
}

/** The control-plane handler. */
export class ArcControlPlaneHandler implements ServiceHandler {
  readonly service = 'arc-control' as const;
  readonly signingService = 'route53-recovery-control-config';
  readonly signingRegion = 'us-west-2';

  constructor(
    private readonly store: EmulatorStore,
    private readonly endpoints: () => ClusterEndpoint[],
  ) {}

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    if (mode === 'throttle')
      return new AwsError('ThrottlingException', 429, 'Rate exceeded', {}, 1);
    if (mode === 'internal')
      return new AwsError(
        'InternalServerException',
        500,
        'Internal server error',
      );
    return new AwsError(
      'ServiceUnavailableException',
      mode === 'unavailable' ? 503 : 400,
      'Service unavailable',
    );
  }

  renderError(error: AwsError): HandlerResponse {
    return renderJsonError(error, CONTENT_TYPE);
  }

  identify(ctx: RequestContext): void {
    ctx.operation =
      matchRoute(ROUTES, ctx.method, pathSegments(ctx.path))?.operation ??
      'unknown';
    if (ctx.body.length > 0) {
      try {
        ctx.logBody = JSON.parse(ctx.body.toString('utf8'));
      } catch {
        ctx.logBody = ctx.body.toString('utf8');
      }
    }
  }

  handle(ctx: RequestContext): HandlerResponse {
    const route = matchRoute(ROUTES, ctx.method, pathSegments(ctx.path));
    if (!route) {
      throw new AwsError(
        'UnknownOperationException',
        404,
        `No operation for ${ctx.method} ${ctx.path}`,
      );
    }
    const body = ['POST', 'PUT'].includes(ctx.method)
      ? parseJsonObject(
          ctx.body,
          message => new AwsError('ValidationException', 400, message),
        )
      : {};
    const result = this.dispatch(route.operation, route.label, ctx.query, body);
    return jsonResponse(result, CONTENT_TYPE);
  }

  private dispatch(
    operation: string,
    arn: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): unknown {
    switch (operation) {
      case 'ListClusters':
        return this.page(query, [this.clusterView()], 'Clusters');
      case 'DescribeCluster':
        if (arn !== this.store.cluster.ClusterArn)
          throw notFound('Cluster', arn);
        return { Cluster: this.clusterView() };
      case 'ListControlPanels': {
        const clusterArn = query.get('ClusterArn');
        const panels = [...this.store.panels.values()].filter(
          p => !clusterArn || p.ClusterArn === clusterArn,
        );
        return this.page(
          query,
          panels.map(p => this.panelView(p)),
          'ControlPanels',
        );
      }
      case 'DescribeControlPanel':
        return { ControlPanel: this.panelView(this.panel(arn)) };
      case 'CreateControlPanel':
        return { ControlPanel: this.panelView(this.createPanel(body)) };
      case 'UpdateControlPanel':
        return {
          ControlPanel: this.panelView(
            this.rename(body, 'ControlPanelArn', 'ControlPanelName', a =>
              this.panel(a),
            ),
          ),
        };
      case 'DeleteControlPanel':
        return this.deletePanel(arn);
      case 'ListRoutingControls':
        return this.page(
          query,
          this.store
            .controlsOfPanel(this.panel(arn).ControlPanelArn)
            .map(c => this.controlView(c)),
          'RoutingControls',
        );
      case 'ListSafetyRules':
        return this.page(
          query,
          this.store
            .rulesOfPanel(this.panel(arn).ControlPanelArn)
            .map(r => this.ruleView(r)),
          'SafetyRules',
        );
      case 'CreateRoutingControl':
        return { RoutingControl: this.controlView(this.createControl(body)) };
      case 'UpdateRoutingControl':
        return {
          RoutingControl: this.controlView(
            this.rename(body, 'RoutingControlArn', 'RoutingControlName', a =>
              this.control(a),
            ),
          ),
        };
      case 'DescribeRoutingControl':
        return { RoutingControl: this.controlView(this.control(arn)) };
      case 'DeleteRoutingControl':
        return this.deleteControl(arn);
      case 'ListAssociatedRoute53HealthChecks': {
        this.control(arn);
        const ids = [...this.store.healthChecks.values()]
          .filter(hc => hc.HealthCheckConfig.RoutingControlArn === arn)
          .map(hc => hc.Id);
        return this.page(query, ids, 'HealthCheckIds');
      }
      case 'CreateSafetyRule':
        return this.ruleResponse(this.createRule(body));
      case 'DescribeSafetyRule':
        return this.ruleResponse(this.rule(arn));
      case 'DeleteSafetyRule':
        this.rule(arn);
        this.store.rules.delete(arn);
        this.store.changed();
        return {};
      case 'ListTagsForResource':
        return { Tags: { ...this.taggable(arn).Tags } };
      case 'TagResource':
        return this.tag(arn, body);
      default:
        return this.untag(arn, query);
    }
  }

  private page(
    query: URLSearchParams,
    items: unknown[],
    key: string,
  ): Record<string, unknown> {
    const v = new Validator({});
    const maxText = query.get('MaxResults');
    const max =
      maxText === null
        ? undefined
        : v.integer('MaxResults', Number(maxText), { min: 1, max: 1000 });
    v.throwIfAny();
    const token = query.get('NextToken');
    const offset = token === null ? 0 : decodeToken(token);
    if (offset === undefined)
      throw new AwsError(
        'ValidationException',
        400,
        'The NextToken is not valid',
      );
    const { page, next } = paginate(items, offset, max ?? 50);
    return { [key]: page, ...(next ? { NextToken: next } : {}) };
  }

  private clusterView() {
    const c = this.store.cluster;
    return {
      ClusterArn: c.ClusterArn,
      ClusterEndpoints: this.endpoints().map(e => ({ ...e })),
      Name: c.Name,
      Status: 'DEPLOYED',
      Owner: c.Owner,
      NetworkType: 'IPV4',
    };
  }

  private panelView(p: ControlPanelSnapshot) {
    return {
      ClusterArn: p.ClusterArn,
      ControlPanelArn: p.ControlPanelArn,
      DefaultControlPanel: false,
      Name: p.Name,
      RoutingControlCount: this.store.controlsOfPanel(p.ControlPanelArn).length,
      Status: 'DEPLOYED',
      Owner: p.Owner,
    };
  }

  private controlView(c: RoutingControlSnapshot) {
    return {
      ControlPanelArn: c.ControlPanelArn,
      Name: c.Name,
      RoutingControlArn: c.RoutingControlArn,
      Status: 'DEPLOYED',
      Owner: c.Owner,
    };
  }

  private ruleView(r: SafetyRuleSnapshot) {
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

  /** Describe/Create answer with `AssertionRule`/`GatingRule`; lists use the `ASSERTION`/`GATING` union. */
  private ruleResponse(r: SafetyRuleSnapshot) {
    const view = this.ruleView(r);
    return 'ASSERTION' in view
      ? { AssertionRule: view.ASSERTION }
      : { GatingRule: view.GATING };
  }

  private panel(arn: string): ControlPanelSnapshot {
    const panel = this.store.panels.get(arn);
    if (!panel) throw notFound('Control panel', arn);
    return panel;
  }

  private control(arn: string): RoutingControlSnapshot {
    const control = this.store.controls.get(arn);
    if (!control) throw notFound('Routing control', arn);
    return control;
  }

  private rule(arn: string): SafetyRuleSnapshot {
    const rule = this.store.rules.get(arn);
    if (!rule) throw notFound('Safety rule', arn);
    return rule;
  }

  private taggable(arn: string): { Tags: Record<string, string> } {
    if (arn === this.store.cluster.ClusterArn) return this.store.cluster;
    const found = this.store.panels.get(arn) ?? this.store.rules.get(arn);
    if (!found) throw notFound('Taggable resource', arn);
    return found;
  }

  /** Returns the resource an earlier call with the same ClientToken created, if any. */
  private idempotent<T>(
    operation: string,
    body: Record<string, unknown>,
    lookup: (arn: string) => T | undefined,
  ) {
    const token =
      typeof body.ClientToken === 'string' ? body.ClientToken : undefined;
    const key = token ? `${operation}:${token}` : undefined;
    const previous = key ? this.store.clientTokens.get(key) : undefined;
    return {
      existing: previous ? lookup(previous) : undefined,
      remember: (arn: string) => {
        if (key) this.store.clientTokens.set(key, arn);
      },
    };
  }

  private tagsOf(v: Validator, value: unknown): Record<string, string> {
    const tags = v.object('Tags', value, false) ?? {};
    for (const [key, tag] of Object.entries(tags)) {
      v.string(`Tags.${key}`, tag, { required: true, max: 256 });
    }
    return tags as Record<string, string>;
  }

  private createPanel(body: Record<string, unknown>): ControlPanelSnapshot {
    const v = new Validator(body);
    const clusterArn = v.arn('ClusterArn', body.ClusterArn, true);
    const name = v.string('ControlPanelName', body.ControlPanelName, {
      required: true,
      min: 1,
      max: 64,
      pattern: NAME,
    });
    const tags = this.tagsOf(v, body.Tags);
    v.throwIfAny();
    const token = this.idempotent('CreateControlPanel', body, arn =>
      this.store.panels.get(arn),
    );
    if (token.existing) return token.existing;
    if (clusterArn !== this.store.cluster.ClusterArn)
      throw notFound('Cluster', clusterArn!);
    const panel: ControlPanelSnapshot = {
      ControlPanelArn: newArcArn(clusterArn!, `controlpanel/${randomHex(16)}`),
      Name: name!,
      ClusterArn: clusterArn!,
      Owner: this.store.cluster.Owner,
      Tags: tags,
    };
    this.store.panels.set(panel.ControlPanelArn, panel);
    token.remember(panel.ControlPanelArn);
    this.store.changed();
    return panel;
  }

  private deletePanel(arn: string) {
    this.panel(arn);
    if (this.store.controlsOfPanel(arn).length > 0) {
      throw conflict(
        `Control panel ${arn} still has routing controls; delete them first`,
      );
    }
    this.store
      .rulesOfPanel(arn)
      .forEach(r => this.store.rules.delete(r.SafetyRuleArn));
    this.store.panels.delete(arn);
    this.store.changed();
    return {};
  }

  private createControl(body: Record<string, unknown>): RoutingControlSnapshot {
    const v = new Validator(body);
    const clusterArn = v.arn('ClusterArn', body.ClusterArn, true);
    const panelArn = v.arn('ControlPanelArn', body.ControlPanelArn, false);
    const name = v.string('RoutingControlName', body.RoutingControlName, {
      required: true,
      min: 1,
      max: 64,
      pattern: NAME,
    });
    if (body.ControlPanelArn === undefined) {
      v.custom(
        'ControlPanelArn',
        undefined,
        'Member must not be null (this emulator has no default control panel)',
      );
    }
    v.throwIfAny();
    const token = this.idempotent('CreateRoutingControl', body, arn =>
      this.store.controls.get(arn),
    );
    if (token.existing) return token.existing;
    if (clusterArn !== this.store.cluster.ClusterArn)
      throw notFound('Cluster', clusterArn!);
    const panel = this.panel(panelArn!);
    const control: RoutingControlSnapshot = {
      RoutingControlArn: `${panel.ControlPanelArn}/routingcontrol/${randomHex(
        8,
      )}`,
      Name: name!,
      ControlPanelArn: panel.ControlPanelArn,
      Owner: panel.Owner,
      // A new routing control is Off, as on AWS.
      State: 'Off',
    };
    this.store.controls.set(control.RoutingControlArn, control);
    token.remember(control.RoutingControlArn);
    this.store.changed();
    return control;
  }

  private deleteControl(arn: string) {
    this.control(arn);
    const user = [...this.store.rules.values()].find(r =>
      [
        ...(r.AssertedControls ?? []),
        ...(r.GatingControls ?? []),
        ...(r.TargetControls ?? []),
      ].includes(arn),
    );
    if (user)
      throw conflict(
        `Routing control ${arn} is used by safety rule ${user.SafetyRuleArn}; delete the rule first`,
      );
    this.store.controls.delete(arn);
    this.store.changed();
    return {};
  }

  private rename<T extends { Name: string }>(
    body: Record<string, unknown>,
    arnKey: string,
    nameKey: string,
    find: (arn: string) => T,
  ): T {
    const v = new Validator(body);
    const arn = v.arn(arnKey, body[arnKey], true);
    const name = v.string(nameKey, body[nameKey], {
      required: true,
      min: 1,
      max: 64,
      pattern: NAME,
    });
    v.throwIfAny();
    const resource = find(arn!);
    resource.Name = name!;
    this.store.changed();
    return resource;
  }

  private createRule(body: Record<string, unknown>): SafetyRuleSnapshot {
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
    const name = v.string(`${prefix}.Name`, spec.Name, {
      required: true,
      min: 1,
      max: 64,
      pattern: NAME,
    });
    const waitPeriodMs = v.integer(
      `${prefix}.WaitPeriodMs`,
      spec.WaitPeriodMs,
      { min: 0 },
    );
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
    const tags = this.tagsOf(v, body.Tags);
    v.throwIfAny();

    const token = this.idempotent('CreateSafetyRule', body, arn =>
      this.store.rules.get(arn),
    );
    if (token.existing) return token.existing;
    const panel = this.panel(panelArn!);
    for (const controlArn of [
      ...(asserted ?? []),
      ...(gatingControls ?? []),
      ...(targets ?? []),
    ]) {
      const control = this.control(controlArn);
      if (control.ControlPanelArn !== panel.ControlPanelArn) {
        throw new AwsError(
          'ValidationException',
          400,
          `Routing control ${controlArn} is not in control panel ${panel.ControlPanelArn}`,
        );
      }
    }
    const rule: SafetyRuleSnapshot = {
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
    this.store.rules.set(rule.SafetyRuleArn, rule);
    token.remember(rule.SafetyRuleArn);
    this.store.changed();
    return rule;
  }

  private tag(arn: string, body: Record<string, unknown>) {
    const v = new Validator(body);
    const tags = this.tagsOf(v, body.Tags);
    if (body.Tags === undefined)
      v.custom('Tags', undefined, 'Member must not be null');
    v.throwIfAny();
    Object.assign(this.taggable(arn).Tags, tags);
    this.store.changed();
    return {};
  }

  private untag(arn: string, query: URLSearchParams) {
    const resource = this.taggable(arn);
    for (const key of query.getAll('TagKeys')) delete resource.Tags[key];
    this.store.changed();
    return {};
  }
}

/**
 * The route53-recovery-cluster data plane (awsJson1_0, target prefix
 * ToggleCustomerAPI). One handler per cluster endpoint; all share the store.
 * Panels, controls and rules exist here once their creation is deployed.
 */
import { accountOfArn, assertCallerOwnsArn, callerOwns } from '../accounts';
import { CONTROL_PANEL_ARN, ROUTING_CONTROL_ARN } from '../arns';
import {
  decodeToken,
  jsonResponse,
  paginate,
  parseJsonObject,
  renderJsonError,
} from '../http/json';
import { ServiceHandler } from '../http/listener';
import { AwsError, HandlerResponse, RequestContext } from '../http/wire';
import { RateWindow } from '../rateWindow';
import { findViolatedRule, waitPeriodRemainingMs } from '../safetyRules';
import { EmulatorStore } from '../store';
import { RoutingControlState } from '../types';
import { Validator } from './validation';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'ToggleCustomerAPI.';

/** One data-plane operation: whether it counts as a write for throttling, and what it does. */
interface Operation {
  mutating: boolean;
  run(body: Record<string, unknown>, ctx: RequestContext): unknown;
}

const STATES: RoutingControlState[] = ['On', 'Off'];

/** Settings of the data plane that can change while running. */
export interface DataPlaneSettings {
  mutatingCallsPerSecond: number;
  readCallsPerSecond: number;
  maxEntriesPerUpdate: number;
  enforceWaitPeriods: boolean;
  gatingUsesPostState: boolean;
  clock: () => number;
}

function validationError(reason: string, message: string): AwsError {
  return new AwsError('ValidationException', 400, message, { reason });
}

function notFound(arn: string, resourceType: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    404,
    `${resourceType} not found: ${arn}`,
    {
      resourceId: arn,
      resourceType,
    },
  );
}

/** Data-plane handler for one cluster endpoint. */
export class ArcDataPlaneHandler implements ServiceHandler {
  readonly service = 'arc-cluster' as const;
  readonly signingService = 'route53-recovery-cluster';
  private readonly writes: RateWindow;
  private readonly reads: RateWindow;
  /** Each operation once, by the name after the target prefix. */
  private readonly operations = new Map<string, Operation>([
    [
      'GetRoutingControlState',
      { mutating: false, run: (body, ctx) => this.getState(body, ctx) },
    ],
    [
      'ListRoutingControls',
      { mutating: false, run: (body, ctx) => this.list(body, ctx) },
    ],
    [
      'UpdateRoutingControlState',
      { mutating: true, run: (body, ctx) => this.updateOne(body, ctx) },
    ],
    [
      'UpdateRoutingControlStates',
      { mutating: true, run: (body, ctx) => this.updateMany(body, ctx) },
    ],
  ]);

  constructor(
    private readonly store: EmulatorStore,
    readonly signingRegion: string,
    private readonly settings: DataPlaneSettings,
  ) {
    this.writes = new RateWindow(
      () => settings.mutatingCallsPerSecond,
      settings.clock,
    );
    this.reads = new RateWindow(
      () => settings.readCallsPerSecond,
      settings.clock,
    );
  }

  /** Forgets the throttling history (reset). */
  resetThrottling(): void {
    this.writes.clear();
    this.reads.clear();
  }

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    switch (mode) {
      case 'unavailable':
      case 'unavailable-400':
        return new AwsError(
          'EndpointTemporarilyUnavailableException',
          mode === 'unavailable' ? 503 : 400,
          `The cluster endpoint in ${this.signingRegion} isn't available. Try another cluster endpoint.`,
        );
      case 'internal':
        return new AwsError(
          'InternalServerException',
          500,
          'There was an unexpected error during processing of the request.',
          { retryAfterSeconds: 0 },
          0,
        );
      default:
        return this.throttled(1);
    }
  }

  renderError(error: AwsError): HandlerResponse {
    return renderJsonError(error, CONTENT_TYPE);
  }

  private throttled(seconds: number): AwsError {
    return new AwsError(
      'ThrottlingException',
      429,
      'Rate exceeded',
      { retryAfterSeconds: seconds },
      seconds,
    );
  }

  identify(ctx: RequestContext): void {
    const target = ctx.headers['x-amz-target'];
    const op =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    ctx.operation = this.operations.has(op) ? op : 'unknown';
    try {
      ctx.logBody = JSON.parse(ctx.body.toString('utf8'));
    } catch {
      ctx.logBody = ctx.body.length ? ctx.body.toString('utf8') : undefined;
    }
  }

  handle(ctx: RequestContext): HandlerResponse {
    const operation = this.operations.get(ctx.operation);
    if (!operation) {
      const target = ctx.headers['x-amz-target'];
      throw validationError(
        'unknownOperation',
        target
          ? `Unknown operation ${String(target)}`
          : 'Missing X-Amz-Target header',
      );
    }
    if (ctx.method !== 'POST') {
      throw validationError(
        'unknownOperation',
        `The data plane accepts POST only, not ${ctx.method}`,
      );
    }
    const contentType = String(ctx.headers['content-type'] ?? '');
    if (!contentType.startsWith(CONTENT_TYPE)) {
      throw validationError(
        'cannotParse',
        `Content-Type must be ${CONTENT_TYPE}, got '${contentType}'`,
      );
    }
    const retryAfter = (operation.mutating ? this.writes : this.reads).take();
    if (retryAfter !== undefined) throw this.throttled(retryAfter);
    const body = parseJsonObject(ctx.body, message =>
      validationError('cannotParse', message),
    );
    this.store.settleDeployments();
    return jsonResponse(operation.run(body, ctx), CONTENT_TYPE);
  }

  /** A routing control the data plane knows: its creation is deployed. 403 for another account's ARN. */
  private control(arn: string, ctx: RequestContext) {
    assertCallerOwnsArn(ctx, arn);
    const control = this.store.controls.get(arn);
    if (!control || this.store.isBeingCreated(arn))
      throw notFound(arn, 'RoutingControl');
    return control;
  }

  private controlArn(
    v: Validator,
    path: string,
    value: unknown,
  ): string | undefined {
    const arn = v.arn(path, value, true);
    if (arn !== undefined && !ROUTING_CONTROL_ARN.test(arn)) {
      v.custom(path, arn, 'Member must be a routing control ARN');
      return undefined;
    }
    return arn;
  }

  private overrides(v: Validator, body: Record<string, unknown>): Set<string> {
    const list =
      v.list('SafetyRulesToOverride', body.SafetyRulesToOverride, false) ?? [];
    const arns = new Set<string>();
    list.forEach((item, i) => {
      const arn = v.arn(`SafetyRulesToOverride.${i + 1}.member`, item, true);
      if (arn) arns.add(arn);
    });
    return arns;
  }

  private getState(body: Record<string, unknown>, ctx: RequestContext) {
    const v = new Validator(body);
    const arn = this.controlArn(v, 'RoutingControlArn', body.RoutingControlArn);
    v.throwIfAny();
    const control = this.control(arn!, ctx);
    return {
      RoutingControlArn: control.RoutingControlArn,
      RoutingControlState: control.State,
      RoutingControlName: control.Name,
    };
  }

  private list(body: Record<string, unknown>, ctx: RequestContext) {
    const v = new Validator(body);
    const panelArn = v.arn('ControlPanelArn', body.ControlPanelArn, false);
    if (panelArn !== undefined && !CONTROL_PANEL_ARN.test(panelArn)) {
      v.custom(
        'ControlPanelArn',
        panelArn,
        'Member must be a control panel ARN',
      );
    }
    const token = v.string('NextToken', body.NextToken, { min: 1, max: 8096 });
    const maxResults =
      v.integer('MaxResults', body.MaxResults, { min: 1 }) ?? 500;
    v.throwIfAny();
    if (panelArn) {
      assertCallerOwnsArn(ctx, panelArn);
      if (
        !this.store.panels.has(panelArn) ||
        this.store.isBeingCreated(panelArn)
      )
        throw notFound(panelArn, 'ControlPanel');
    }
    const offset = token === undefined ? 0 : decodeToken(token);
    if (offset === undefined)
      throw validationError('other', 'The NextToken is not valid');
    const controls = [...this.store.controls.values()].filter(
      c =>
        (!panelArn || c.ControlPanelArn === panelArn) &&
        !this.store.isBeingCreated(c.RoutingControlArn) &&
        callerOwns(ctx, accountOfArn(c.RoutingControlArn) ?? ''),
    );
    const { page, next } = paginate(controls, offset, maxResults);
    return {
      RoutingControls: page.map(c => ({
        ControlPanelArn: c.ControlPanelArn,
        ControlPanelName: this.store.panels.get(c.ControlPanelArn)?.Name,
        RoutingControlArn: c.RoutingControlArn,
        RoutingControlName: c.Name,
        RoutingControlState: c.State,
        Owner: c.Owner,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  private updateOne(body: Record<string, unknown>, ctx: RequestContext) {
    const v = new Validator(body);
    const arn = this.controlArn(v, 'RoutingControlArn', body.RoutingControlArn);
    const state = v.enumValue(
      'RoutingControlState',
      body.RoutingControlState,
      STATES,
      true,
    );
    const overridden = this.overrides(v, body);
    v.throwIfAny();
    this.apply(new Map([[arn!, state!]]), overridden, ctx);
    return {};
  }

  private updateMany(body: Record<string, unknown>, ctx: RequestContext) {
    const v = new Validator(body);
    const entries =
      v.list(
        'UpdateRoutingControlStateEntries',
        body.UpdateRoutingControlStateEntries,
        true,
      ) ?? [];
    const changes = new Map<string, RoutingControlState>();
    entries.forEach((raw, i) => {
      const path = `UpdateRoutingControlStateEntries.${i + 1}.member`;
      const entry = v.object(path, raw, true);
      if (!entry) return;
      const arn = this.controlArn(
        v,
        `${path}.RoutingControlArn`,
        entry.RoutingControlArn,
      );
      const state = v.enumValue(
        `${path}.RoutingControlState`,
        entry.RoutingControlState,
        STATES,
        true,
      );
      if (arn && changes.has(arn)) {
        v.custom(
          `${path}.RoutingControlArn`,
          arn,
          'Each routing control may appear only once per request',
        );
      } else if (arn && state) {
        changes.set(arn, state);
      }
    });
    const overridden = this.overrides(v, body);
    v.throwIfAny();
    if (entries.length > this.settings.maxEntriesPerUpdate) {
      throw new AwsError(
        'ServiceLimitExceededException',
        402,
        `You can update at most ${this.settings.maxEntriesPerUpdate} routing controls in one request; this request has ${entries.length}.`,
        {
          resourceType: 'RoutingControl',
          limitCode: 'RoutingControlsPerUpdateRequest',
          serviceCode: 'route53-recovery-cluster',
        },
      );
    }
    this.apply(changes, overridden, ctx);
    return {};
  }

  /** All-or-nothing: every control must exist and every rule must hold before anything changes. */
  private apply(
    changes: Map<string, RoutingControlState>,
    overridden: Set<string>,
    ctx: RequestContext,
  ): void {
    const panels = new Set(
      [...changes.keys()].map(arn => this.control(arn, ctx).ControlPanelArn),
    );
    overridden.forEach(arn => assertCallerOwnsArn(ctx, arn));
    // A rule is enforced once its creation is deployed, until its deletion is.
    const rules = [...panels].flatMap(panel =>
      this.store
        .rulesOfPanel(panel)
        .filter(r => !this.store.isBeingCreated(r.SafetyRuleArn)),
    );
    const now = this.settings.clock();
    const violation = findViolatedRule({
      rules,
      changes,
      stateOf: arn => this.store.controls.get(arn)?.State ?? 'Off',
      overridden,
      gatingUsesPostState: this.settings.gatingUsesPostState,
      waitRemainingMs: this.settings.enforceWaitPeriods
        ? rule =>
            waitPeriodRemainingMs(
              rule,
              arn => this.store.lastChangeAt.get(arn),
              now,
            )
        : undefined,
    });
    if (violation) {
      const { rule } = violation;
      const why =
        violation.reason === 'wait-period'
          ? `its wait period of ${
              rule.WaitPeriodMs
            } ms after the last change of its routing controls ends in ${Math.ceil(
              violation.remainingMs / 1000,
            )} s (${violation.remainingMs} ms)`
          : `the ${
              rule.Kind === 'ASSERTION' ? 'assertion' : 'gating'
            } rule's criteria (${rule.RuleConfig.Type}${
              rule.RuleConfig.Type === 'ATLEAST'
                ? ` ${rule.RuleConfig.Threshold}`
                : ''
            }${rule.RuleConfig.Inverted ? ', inverted' : ''}) would not be met`;
      throw new AwsError(
        'ConflictException',
        409,
        `Routing control state update blocked by safety rule ${rule.SafetyRuleArn} (${rule.Name}): ${why}. To proceed, override it with SafetyRulesToOverride.`,
        { resourceId: rule.SafetyRuleArn, resourceType: 'SafetyRule' },
      );
    }
    this.store.setStates(changes);
  }
}

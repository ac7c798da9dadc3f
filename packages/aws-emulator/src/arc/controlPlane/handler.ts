/**
 * A subset of route53-recovery-control-config (restJson1, signed for
 * us-west-2): describe/list everything, create/update/delete panels, controls
 * and safety rules (idempotent by ClientToken, deployed asynchronously), and
 * tags. This file speaks the protocol, settles deployments and throttles per
 * account; the operations live in one module per resource kind.
 */
import {
  jsonResponse,
  parseJsonObject,
  renderJsonError,
} from '../../http/json';
import { ServiceHandler } from '../../http/listener';
import { RestRouter } from '../../http/routes';
import { AwsError, HandlerResponse, RequestContext } from '../../http/wire';
import { EmulatorStore } from '../../store';
import { TokenBuckets } from '../../tokenBucket';
import { ClusterEndpoint } from '../../types';
import { CLUSTER_ROUTES } from './clusters';
import { ControlPlaneCall } from './common';
import { CONTROL_PANEL_ROUTES } from './controlPanels';
import { ROUTING_CONTROL_ROUTES } from './routingControls';
import { SAFETY_RULE_ROUTES } from './safetyRules';
import { TAG_ROUTES } from './tags';

const CONTENT_TYPE = 'application/json';

/** 429 ThrottlingException with Retry-After, as AWS's restJson1 services answer. */
function throttled(seconds: number): AwsError {
  return new AwsError('ThrottlingException', 429, 'Rate exceeded', {}, seconds);
}

const ROUTER = new RestRouter([
  ...CLUSTER_ROUTES,
  ...CONTROL_PANEL_ROUTES,
  ...ROUTING_CONTROL_ROUTES,
  ...SAFETY_RULE_ROUTES,
  ...TAG_ROUTES,
]);

/**
 * Settings of the control plane that can change while running. (The
 * deployment delay is the store's: every reader settles deployments.)
 */
export interface ControlPlaneSettings {
  /** Requests per second per account (token bucket, burst the same); 0 = unlimited. */
  requestsPerSecond: () => number;
  clock: () => number;
}

/** The control-plane handler. */
export class ArcControlPlaneHandler implements ServiceHandler {
  readonly service = 'arc-control' as const;
  readonly signingService = 'route53-recovery-control-config';
  readonly signingRegion = 'us-west-2';
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly store: EmulatorStore,
    private readonly endpoints: () => ClusterEndpoint[],
    settings: ControlPlaneSettings,
  ) {
    this.buckets = new TokenBuckets(settings.requestsPerSecond, settings.clock);
  }

  /** Forgets the throttling history (reset). */
  resetThrottling(): void {
    this.buckets.clear();
  }

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    if (mode === 'throttle') return throttled(1);
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
    ctx.operation = ROUTER.operationOf(ctx.method, ctx.path);
    if (ctx.body.length > 0) {
      try {
        ctx.logBody = JSON.parse(ctx.body.toString('utf8'));
      } catch {
        ctx.logBody = ctx.body.toString('utf8');
      }
    }
  }

  handle(ctx: RequestContext): HandlerResponse {
    const { route, label } = ROUTER.resolve(ctx.method, ctx.path);
    const retryAfter = this.buckets.take(ctx.accountId ?? '');
    if (retryAfter !== undefined) throw throttled(retryAfter);
    this.store.settleDeployments();
    const call: ControlPlaneCall = {
      store: this.store,
      ctx,
      endpoints: this.endpoints,
      arn: label,
      query: ctx.query,
      body:
        ctx.method === 'POST' || ctx.method === 'PUT'
          ? parseJsonObject(
              ctx.body,
              message => new AwsError('ValidationException', 400, message),
            )
          : {},
    };
    return jsonResponse(route.handler(call), CONTENT_TYPE);
  }
}

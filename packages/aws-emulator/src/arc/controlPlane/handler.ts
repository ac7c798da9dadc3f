/**
 * A subset of route53-recovery-control-config (restJson1, signed for
 * us-west-2): describe/list everything, create/delete panels, controls and
 * safety rules (idempotent by ClientToken), and tags. This file speaks the
 * protocol; the operations live in one module per resource kind.
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
import { ClusterEndpoint } from '../../types';
import { CLUSTER_ROUTES } from './clusters';
import { ControlPlaneCall } from './common';
import { CONTROL_PANEL_ROUTES } from './controlPanels';
import { ROUTING_CONTROL_ROUTES } from './routingControls';
import { SAFETY_RULE_ROUTES } from './safetyRules';
import { TAG_ROUTES } from './tags';

const CONTENT_TYPE = 'application/json';

const ROUTER = new RestRouter([
  ...CLUSTER_ROUTES,
  ...CONTROL_PANEL_ROUTES,
  ...ROUTING_CONTROL_ROUTES,
  ...SAFETY_RULE_ROUTES,
  ...TAG_ROUTES,
]);

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
    const call: ControlPlaneCall = {
      store: this.store,
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

/**
 * A Route 53 subset (restXml, API 2013-04-01, signed for us-east-1): hosted
 * zones, record sets with failover routing, health checks including
 * RECOVERY_CONTROL, and health-check status derived from ARC state, each
 * account seeing its own resources, throttled per account. This file speaks
 * the protocol; the operations live in hostedZones, records and healthChecks.
 */
import { ServiceHandler } from '../http/listener';
import { RestRouter } from '../http/routes';
import { AwsError, HandlerResponse, RequestContext } from '../http/wire';
import { EmulatorStore } from '../store';
import { TokenBuckets } from '../tokenBucket';
import {
  CONTENT_TYPE,
  ChangeRecord,
  Route53Call,
  Route53Settings,
  VERSION,
  invalidInput,
} from './common';
import { HEALTH_CHECK_ROUTES } from './healthChecks';
import { HOSTED_ZONE_ROUTES } from './hostedZones';
import { RECORD_ROUTES } from './records';
import { document, leaf, node, parseXml } from './xml';
import { toError } from '@backstage/errors';

const ROUTER = new RestRouter(
  [...HOSTED_ZONE_ROUTES, ...RECORD_ROUTES, ...HEALTH_CHECK_ROUTES],
  VERSION,
);

/**
 * Route 53's throttling answer: HTTP 400, Code `Throttling`, Message `Rate
 * exceeded` (Developer Guide, "Throttling for Amazon Route 53 API requests").
 * The SDKs retry this code with backoff.
 */
function throttled(): AwsError {
  return new AwsError('Throttling', 400, 'Rate exceeded');
}

/** The Route 53 handler. */
export class Route53Handler implements ServiceHandler {
  readonly service = 'route53' as const;
  readonly signingService = 'route53';
  readonly signingRegion = 'us-east-1';
  readonly signatureErrorCodes = 'xml' as const;
  private readonly changes = new Map<string, ChangeRecord>();
  private readonly deletedCallerReferences = new Set<string>();
  /** Route 53 meters API requests per account with a token bucket. */
  private readonly requestRate: TokenBuckets;

  constructor(
    private readonly store: EmulatorStore,
    private readonly settings: Route53Settings,
  ) {
    this.requestRate = new TokenBuckets(
      () => settings.requestsPerSecond(),
      () => settings.clock(),
    );
  }

  /** Forgets request rates, submitted changes and deleted CallerReferences (emulator reset). */
  reset(): void {
    this.requestRate.clear();
    this.changes.clear();
    this.deletedCallerReferences.clear();
  }

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    if (mode === 'throttle') return throttled();
    if (mode === 'internal')
      return new AwsError('InternalFailure', 500, 'An internal error occurred');
    return new AwsError(
      'ServiceUnavailable',
      mode === 'unavailable' ? 503 : 400,
      'Service is unavailable',
    );
  }

  /** `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
  renderError(error: AwsError, ctx: RequestContext): HandlerResponse {
    const messages = error.members.Messages as string[] | undefined;
    const body = document(
      'ErrorResponse',
      node(
        'Error',
        leaf('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
        leaf('Code', error.code),
        leaf('Message', error.message),
        messages
          ? node('Messages', ...messages.map(m => leaf('Message', m)))
          : '',
      ),
      leaf('RequestId', ctx.requestId),
    );
    const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE };
    if (error.retryAfterSeconds !== undefined)
      headers['Retry-After'] = String(error.retryAfterSeconds);
    return { status: error.status, headers, body };
  }

  identify(ctx: RequestContext): void {
    ctx.operation = ROUTER.operationOf(ctx.method, ctx.path);
    if (ctx.body.length > 0) ctx.logBody = ctx.body.toString('utf8');
  }

  handle(ctx: RequestContext): HandlerResponse {
    // One budget per account for every operation; a refused request costs nothing.
    if (this.requestRate.take(ctx.accountId ?? '') !== undefined)
      throw throttled();
    const { route, label } = ROUTER.resolve(ctx.method, ctx.path);
    const call: Route53Call = {
      store: this.store,
      settings: this.settings,
      changes: this.changes,
      deletedCallerReferences: this.deletedCallerReferences,
      // Accept ids with their resource prefix too, as a raw client may send them.
      id: label.replace(/^\/?(hostedzone|change|healthcheck)\//, ''),
      query: ctx.query,
      xml: () => {
        try {
          return parseXml(ctx.body.toString('utf8'));
        } catch (error) {
          throw invalidInput(
            `Could not parse the request body as XML: ${
              toError(error).message
            }`,
          );
        }
      },
      host: String(ctx.headers.host ?? 'localhost'),
      ctx,
    };
    return route.handler(call);
  }
}

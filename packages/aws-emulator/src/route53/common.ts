/**
 * What every Route 53 operation shares: the call it receives, the XML answer,
 * InvalidInput, `maxitems` and the two ways Route 53 pages lists.
 */
import { accountOfArn, callerOwns } from '../accounts';
import { RestRoute } from '../http/routes';
import { AwsError, HandlerResponse, RequestContext } from '../http/wire';
import { EmulatorStore } from '../store';
import { HostedZoneSnapshot } from '../types';
import { XmlElement, document, leaf, textOf } from './xml';

export const VERSION = '2013-04-01';
export const CONTENT_TYPE = 'text/xml';

/** Runtime settings of the Route 53 listener. */
export interface Route53Settings {
  /** How long GetHealthCheckStatus lags behind a routing control. */
  propagationDelayMs(): number;
  /** How long a record change stays PENDING before GetChange says INSYNC. */
  changeDelayMs(): number;
  /** Requests per second (and burst) per account; 0 or less: no throttling. */
  requestsPerSecond(): number;
  clock(): number;
}

/** A submitted record change, for GetChange. */
export interface ChangeRecord {
  id: string;
  submittedAt: number;
  comment?: string;
  /** The account that submitted it: another account's change id is unknown to a caller. */
  accountId: string;
}

/** One Route 53 request, as an operation's handler sees it. */
export interface Route53Call {
  store: EmulatorStore;
  settings: Route53Settings;
  /** Changes submitted to this listener, by id. */
  changes: Map<string, ChangeRecord>;
  /** `<account> <CallerReference>` of deleted health checks, which CreateHealthCheck refuses. */
  deletedCallerReferences: Set<string>;
  /** The path label: a zone, change or health-check id, without its resource prefix. */
  id: string;
  query: URLSearchParams;
  /** The request body as XML; throws InvalidInput when it is not XML. */
  xml(): XmlElement;
  /** The Host header, for Location. */
  host: string;
  /** The request (the caller's account, the operation name). */
  ctx: RequestContext;
}

/** A Route 53 route; the handler returns the whole answer. */
export type Route53Route = RestRoute<(call: Route53Call) => HandlerResponse>;

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

/** The account a zone or health check belongs to; without one (an older state file), the cluster's. */
export function ownerOf(
  store: EmulatorStore,
  resource: { AccountId?: string },
): string {
  return resource.AccountId ?? accountOfArn(store.cluster.ClusterArn) ?? '';
}

/** Whether the caller's account owns the zone or health check (lists show only those). */
export function callerSees(
  call: Route53Call,
  resource: { AccountId?: string },
): boolean {
  return callerOwns(call.ctx, ownerOf(call.store, resource));
}

/**
 * Another account's zone or health check: IAM finds no permission for it.
 * Route 53 answers 403 AccessDenied (Type Sender) in its XML error format.
 */
export function assertCallerOwns(
  call: Route53Call,
  resource: { AccountId?: string },
  resourcePath: string,
): void {
  if (callerSees(call, resource)) return;
  throw new AwsError(
    'AccessDenied',
    403,
    `User: arn:aws:iam::${call.ctx.accountId}:root is not authorized to perform: route53:${call.ctx.operation} on resource: arn:aws:route53:::${resourcePath}`,
  );
}

/** The caller's zone with this id: NoSuchHostedZone, or AccessDenied for another account's. */
export function findZone(call: Route53Call): HostedZoneSnapshot {
  const zone = call.store.zones.get(call.id);
  if (!zone)
    throw new AwsError(
      'NoSuchHostedZone',
      404,
      `No hosted zone found with ID: ${call.id}`,
    );
  assertCallerOwns(call, zone, `hostedzone/${zone.Id}`);
  return zone;
}

/** A 200 answer: `root` (with the Route 53 namespace) around the children. */
export function xmlResponse(
  root: string,
  ...children: string[]
): HandlerResponse {
  return {
    status: 200,
    headers: { 'Content-Type': CONTENT_TYPE },
    body: document(root, ...children),
  };
}

/**
 * The whole number in the child element `name`: undefined when absent,
 * InvalidInput when not digits or outside the model's range.
 */
export function integerOf(
  element: XmlElement | undefined,
  name: string,
  [min, max]: [number, number] = [0, Number.MAX_SAFE_INTEGER],
): number | undefined {
  const text = textOf(element, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw invalidInput(`Invalid ${name}: ${text}`);
  const value = Number(text);
  if (value < min || value > max)
    throw invalidInput(
      `Invalid ${name}: ${text} (must be between ${min} and ${max})`,
    );
  return value;
}

/** The text of the child element `name`, InvalidInput when longer or shorter than the model allows. */
export function boundedTextOf(
  element: XmlElement | undefined,
  name: string,
  [min, max]: [number, number],
): string | undefined {
  const text = textOf(element, name);
  if (text !== undefined && (text.length < min || text.length > max))
    throw invalidInput(
      `Invalid ${name}: length ${text.length} (must be between ${min} and ${max})`,
    );
  return text;
}

/** The `maxitems` query parameter, capped at `limit`. */
export function maxItems(
  query: URLSearchParams,
  fallback: number,
  limit: number,
): number {
  const text = query.get('maxitems');
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw invalidInput(`Invalid value for maxitems: ${text}`);
  return Math.min(Number(text), limit);
}

/** Up to `max` items from `start` (none when start is -1), and the first one after them. */
export function pageFrom<T>(
  items: T[],
  start: number,
  max: number,
): { page: T[]; next?: T } {
  const rest = start < 0 ? [] : items.slice(start);
  return { page: rest.slice(0, max), next: rest[max] };
}

/**
 * Marker paging (ListHostedZones, ListHealthChecks): the page starts at the
 * item whose id is the `marker` parameter. Returns the page and the trailing
 * Marker, IsTruncated, NextMarker and MaxItems elements.
 */
export function markerPage<T extends { Id: string }>(
  items: T[],
  query: URLSearchParams,
  max: number,
  idOfMarker: (marker: string) => string = marker => marker,
): { page: T[]; trailer: string[] } {
  const marker = query.get('marker');
  let start = 0;
  if (marker !== null) {
    start = items.findIndex(item => item.Id === idOfMarker(marker));
    if (start < 0) throw invalidInput(`Invalid marker: ${marker}`);
  }
  const { page, next } = pageFrom(items, start, max);
  return {
    page,
    trailer: [
      leaf('Marker', marker ?? ''),
      leaf('IsTruncated', next !== undefined),
      leaf('NextMarker', next?.Id),
      leaf('MaxItems', max),
    ],
  };
}

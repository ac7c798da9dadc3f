/**
 * What every Route 53 operation shares: the call it receives, the XML answer,
 * InvalidInput, `maxitems` and the two ways Route 53 pages lists.
 */
import { RestRoute } from '../http/routes';
import { AwsError, HandlerResponse } from '../http/wire';
import { EmulatorStore } from '../store';
import { HostedZoneSnapshot } from '../types';
import { XmlElement, document, leaf, textOf } from './xml';

export const VERSION = '2013-04-01';
export const CONTENT_TYPE = 'text/xml';

/** Runtime settings of the Route 53 listener. */
export interface Route53Settings {
  propagationDelayMs(): number;
  clock(): number;
}

/** A submitted record change, for GetChange. */
export interface ChangeRecord {
  id: string;
  submittedAt: number;
  comment?: string;
}

/** One Route 53 request, as an operation's handler sees it. */
export interface Route53Call {
  store: EmulatorStore;
  settings: Route53Settings;
  /** Changes submitted to this listener, by id. */
  changes: Map<string, ChangeRecord>;
  /** The path label: a zone, change or health-check id, without its resource prefix. */
  id: string;
  query: URLSearchParams;
  /** The request body as XML; throws InvalidInput when it is not XML. */
  xml(): XmlElement;
  /** The Host header, for Location. */
  host: string;
}

/** A Route 53 route; the handler returns the whole answer. */
export type Route53Route = RestRoute<(call: Route53Call) => HandlerResponse>;

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

/** The zone with this id, or NoSuchHostedZone. */
export function findZone(store: EmulatorStore, id: string): HostedZoneSnapshot {
  const zone = store.zones.get(id);
  if (!zone)
    throw new AwsError(
      'NoSuchHostedZone',
      404,
      `No hosted zone found with ID: ${id}`,
    );
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

/** The whole number in the child element `name`: undefined when absent, InvalidInput when not digits. */
export function integerOf(
  element: XmlElement | undefined,
  name: string,
): number | undefined {
  const text = textOf(element, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw invalidInput(`Invalid ${name}: ${text}`);
  return Number(text);
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

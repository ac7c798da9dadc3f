/**
 * What every control-plane operation shares: the call it receives, lookups
 * that answer 404, paging, names, tags and ClientToken idempotency.
 */
import { decodeToken, paginate } from '../../http/json';
import { RestRoute } from '../../http/routes';
import { AwsError } from '../../http/wire';
import { EmulatorStore } from '../../store';
import {
  ClusterEndpoint,
  ControlPanelSnapshot,
  RoutingControlSnapshot,
  SafetyRuleSnapshot,
} from '../../types';
import { Validator } from '../validation';

/** One control-plane request, as an operation's handler sees it. */
export interface ControlPlaneCall {
  store: EmulatorStore;
  /** The cluster endpoints, as DescribeCluster returns them. */
  endpoints(): ClusterEndpoint[];
  /** The path label (always an ARN here); '' when the route has none. */
  arn: string;
  query: URLSearchParams;
  /** The JSON body of a POST or PUT; `{}` otherwise. */
  body: Record<string, unknown>;
}

/** A control-plane route; the handler returns the JSON body of the answer. */
export type ControlPlaneRoute = RestRoute<(call: ControlPlaneCall) => unknown>;

export function notFound(what: string, arn: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    404,
    `${what} not found: ${arn}`,
  );
}

export function conflict(message: string): AwsError {
  return new AwsError('ConflictException', 409, message);
}

/** A resource name member: 1-64 characters, no white space (the model's pattern). */
export function resourceName(
  v: Validator,
  path: string,
  value: unknown,
): string | undefined {
  return v.string(path, value, {
    required: true,
    min: 1,
    max: 64,
    pattern: /^\S+$/,
  });
}

/** The `Tags` member: a map of strings of at most 256 characters. */
export function tagsOf(v: Validator, value: unknown): Record<string, string> {
  const tags = v.object('Tags', value, false) ?? {};
  for (const [key, tag] of Object.entries(tags)) {
    v.string(`Tags.${key}`, tag, { required: true, max: 256 });
  }
  return tags as Record<string, string>;
}

/** One page of a list operation, from the MaxResults and NextToken query parameters. */
export function pageOf(
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

/** The resource, or a 404 naming what was looked for. */
export function found<T>(
  resource: T | undefined,
  what: string,
  arn: string,
): T {
  if (resource === undefined) throw notFound(what, arn);
  return resource;
}

export function findPanel(
  store: EmulatorStore,
  arn: string,
): ControlPanelSnapshot {
  return found(store.panels.get(arn), 'Control panel', arn);
}

export function findControl(
  store: EmulatorStore,
  arn: string,
): RoutingControlSnapshot {
  return found(store.controls.get(arn), 'Routing control', arn);
}

export function findRule(
  store: EmulatorStore,
  arn: string,
): SafetyRuleSnapshot {
  return found(store.rules.get(arn), 'Safety rule', arn);
}

/**
 * Stores what `create` builds, once per ClientToken: a repeated token returns
 * the resource the first call created, as on AWS.
 */
export function createOnce<T>(
  { store, body }: ControlPlaneCall,
  operation: string,
  resources: Map<string, T>,
  arnOf: (resource: T) => string,
  create: () => T,
): T {
  const token =
    typeof body.ClientToken === 'string' ? body.ClientToken : undefined;
  const key = token ? `${operation}:${token}` : undefined;
  const previous = key ? store.clientTokens.get(key) : undefined;
  const existing = previous ? resources.get(previous) : undefined;
  if (existing) return existing;
  const resource = create();
  const arn = arnOf(resource);
  resources.set(arn, resource);
  if (key) store.clientTokens.set(key, arn);
  store.changed();
  return resource;
}

/** UpdateControlPanel and UpdateRoutingControl: both only rename. */
export function rename<T extends { Name: string }>(
  { store, body }: ControlPlaneCall,
  arnKey: string,
  nameKey: string,
  find: (store: EmulatorStore, arn: string) => T,
): T {
  const v = new Validator(body);
  const arn = v.arn(arnKey, body[arnKey], true);
  const name = resourceName(v, nameKey, body[nameKey]);
  v.throwIfAny();
  const resource = find(store, arn!);
  resource.Name = name!;
  store.changed();
  return resource;
}

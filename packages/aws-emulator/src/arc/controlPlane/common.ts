/**
 * What every control-plane operation shares: the call it receives, lookups
 * that answer 403 (another account's) or 404, paging, names, tags, ClientToken
 * idempotency, and the asynchronous deployment of changes.
 */
import { assertCallerOwnsArn } from '../../accounts';
import { decodeToken, paginate } from '../../http/json';
import { RestRoute } from '../../http/routes';
import { AwsError, RequestContext } from '../../http/wire';
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
  /** The request, for the caller's account. */
  ctx: RequestContext;
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

/**
 * Refuses a change to a control panel (its own, or to a control or rule in
 * it) while an earlier change of the panel is still deploying. The first
 * sentence is AWS's wording for concurrent changes to one panel
 * (hashicorp/terraform-provider-aws#48311); the second says why.
 */
export function assertPanelDeployed(store: EmulatorStore, panelArn: string) {
  const status = store.statusOf(panelArn);
  if (status !== 'DEPLOYED') {
    throw conflict(
      `Conflict occurred while attempting to change the same resource by multiple requests at the same time. Please retry. (Control panel ${panelArn} is ${status} until its last change is deployed.)`,
    );
  }
}

/** Refuses a second resource of the same name in one panel (the API reference: names are unique within a panel). */
export function assertNameFree(
  what: 'routing control' | 'safety rule',
  name: string,
  panelArn: string,
  siblings: Array<{ Name: string; arn: string }>,
  selfArn?: string,
) {
  if (siblings.some(s => s.Name === name && s.arn !== selfArn)) {
    throw conflict(
      `A ${what} named ${name} already exists in control panel ${panelArn}; ${what} names must be unique within a control panel.`,
    );
  }
}

/** The `ARN` in a request, once the caller is known to own it (403 AccessDeniedException otherwise). */
export function owned(call: ControlPlaneCall, arn: string): string {
  assertCallerOwnsArn(call.ctx, arn);
  return arn;
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

/** Lookups by ARN: 403 for another account's ARN, then 404 when there is no such resource. */
export function findPanel(
  call: ControlPlaneCall,
  arn: string,
): ControlPanelSnapshot {
  return found(call.store.panels.get(owned(call, arn)), 'Control panel', arn);
}

export function findControl(
  call: ControlPlaneCall,
  arn: string,
): RoutingControlSnapshot {
  return found(
    call.store.controls.get(owned(call, arn)),
    'Routing control',
    arn,
  );
}

export function findRule(
  call: ControlPlaneCall,
  arn: string,
): SafetyRuleSnapshot {
  return found(call.store.rules.get(owned(call, arn)), 'Safety rule', arn);
}

/**
 * Stores what `create` builds, once per ClientToken: a repeated token returns
 * the resource the first call created, as on AWS. The new resource and its
 * panel are PENDING until deployed.
 */
export function createOnce<T>(
  call: ControlPlaneCall,
  operation: string,
  resources: Map<string, T>,
  arnOf: (resource: T) => { arn: string; panelArn: string },
  create: () => T,
): T {
  const { store, body } = call;
  const token =
    typeof body.ClientToken === 'string' ? body.ClientToken : undefined;
  const key = token ? `${operation}:${token}` : undefined;
  const previous = key ? store.clientTokens.get(key) : undefined;
  const existing = previous ? resources.get(previous) : undefined;
  if (existing) return existing;
  const resource = create();
  const { arn, panelArn } = arnOf(resource);
  resources.set(arn, resource);
  if (key) store.clientTokens.set(key, arn);
  store.markPending(arn, panelArn, 'create');
  store.changed();
  return resource;
}

/** Accepts an update or delete of `arn` in `panelArn`: PENDING (PENDING_DELETION) until deployed. */
export function changeDeploying(
  call: ControlPlaneCall,
  arn: string,
  panelArn: string,
  change: 'update' | 'delete',
): void {
  call.store.markPending(arn, panelArn, change);
  call.store.changed();
}

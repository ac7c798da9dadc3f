/**
 * Route 53 health checks: XML shapes, the operations (create idempotent by
 * CallerReference, get, list, delete) and the status derived from the live
 * routing-control state (RECOVERY_CONTROL), seen through a propagation delay.
 * Each check belongs to an account; lists show the caller's only.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, HandlerResponse } from '../http/wire';
import { EmulatorStore } from '../store';
import { HealthCheckSnapshot } from '../types';
import {
  CONTENT_TYPE,
  Route53Call,
  Route53Route,
  VERSION,
  assertCallerOwns,
  callerSees,
  boundedTextOf,
  integerOf,
  invalidInput,
  markerPage,
  maxItems,
  xmlResponse,
} from './common';
import { XmlElement, child, document, leaf, leaves, node, textOf } from './xml';

const TYPES = [
  'HTTP',
  'HTTPS',
  'HTTP_STR_MATCH',
  'HTTPS_STR_MATCH',
  'TCP',
  'CALCULATED',
  'CLOUDWATCH_METRIC',
  'RECOVERY_CONTROL',
];

/** The three health checkers every status answer lists (regions and addresses are made up). */
const CHECKERS = [
  { Region: 'us-east-1', IPAddress: '15.177.2.1' },
  { Region: 'us-west-2', IPAddress: '15.177.34.1' },
  { Region: 'eu-west-1', IPAddress: '15.177.66.1' },
];

function healthCheckXml(hc: HealthCheckSnapshot): string {
  const config = {
    ...hc.HealthCheckConfig,
    Inverted: hc.HealthCheckConfig.Inverted ?? false,
    Disabled: hc.HealthCheckConfig.Disabled ?? false,
  };
  return node(
    'HealthCheck',
    ...leaves(hc, ['Id', 'CallerReference']),
    node(
      'HealthCheckConfig',
      ...leaves(config, [
        'Type',
        'IPAddress',
        'Port',
        'ResourcePath',
        'FullyQualifiedDomainName',
        'RequestInterval',
        'FailureThreshold',
        'Inverted',
        'Disabled',
        'RoutingControlArn',
      ]),
    ),
    leaf('HealthCheckVersion', hc.HealthCheckVersion),
  );
}

/** Reads a CreateHealthCheckRequest body. */
function parseCreateHealthCheck(
  root: XmlElement,
  id: string,
): HealthCheckSnapshot {
  const callerReference = boundedTextOf(root, 'CallerReference', [1, 64]);
  if (!callerReference) throw invalidInput('CallerReference is required');
  const config = child(root, 'HealthCheckConfig');
  if (!config) throw invalidInput('HealthCheckConfig is required');
  const type = textOf(config, 'Type');
  if (!type || !TYPES.includes(type))
    throw invalidInput(`Invalid HealthCheckConfig Type: ${type ?? '(none)'}`);
  const routingControlArn = textOf(config, 'RoutingControlArn');
  if (type === 'RECOVERY_CONTROL' && !routingControlArn) {
    throw invalidInput(
      'A health check of type RECOVERY_CONTROL needs a RoutingControlArn',
    );
  }
  if (type !== 'RECOVERY_CONTROL' && routingControlArn) {
    throw invalidInput(
      'RoutingControlArn is only valid for health checks of type RECOVERY_CONTROL',
    );
  }
  return {
    Id: id,
    CallerReference: callerReference,
    HealthCheckVersion: 1,
    HealthCheckConfig: {
      Type: type,
      RoutingControlArn: routingControlArn,
      Inverted: textOf(config, 'Inverted') === 'true',
      Disabled: textOf(config, 'Disabled') === 'true',
      FullyQualifiedDomainName: textOf(config, 'FullyQualifiedDomainName'),
      IPAddress: textOf(config, 'IPAddress'),
      Port: integerOf(config, 'Port', [1, 65535]),
      ResourcePath: textOf(config, 'ResourcePath'),
      RequestInterval: integerOf(config, 'RequestInterval', [10, 30]),
      FailureThreshold: integerOf(config, 'FailureThreshold', [1, 10]),
    },
  };
}

/** Status line every checker reports, e.g. `Success: Routing control state is On`. */
function healthStatus(
  hc: HealthCheckSnapshot,
  store: EmulatorStore,
  delayMs: number,
): string {
  const c = hc.HealthCheckConfig;
  let healthy: boolean;
  let reason: string;
  if (c.Disabled) {
    // "Route 53 considers the status of the health check to always be
    // healthy ... If you want to stop routing traffic to a resource, change
    // the value of Inverted" (API reference): inversion still applies
    healthy = true;
    reason = 'Health check is disabled; Route 53 considers it healthy';
  } else if (c.Type === 'RECOVERY_CONTROL') {
    const state = store.delayedState(c.RoutingControlArn ?? '', delayMs);
    if (!state)
      return `Failure: Routing control ${c.RoutingControlArn} does not exist`;
    healthy = state === 'On';
    reason = `Routing control state is ${state}`;
  } else {
    healthy = hc.EmulatedHealthy ?? true;
    reason = healthy
      ? 'Emulated endpoint is healthy'
      : 'Emulated endpoint is unhealthy';
  }
  if (c.Inverted) {
    healthy = !healthy;
    reason += ' (health check is inverted)';
  }
  return `${healthy ? 'Success' : 'Failure'}: ${reason}`;
}

function healthStatusXml(status: string, checkedAt: number): string {
  return node(
    'HealthCheckObservations',
    ...CHECKERS.map(checker =>
      node(
        'HealthCheckObservation',
        leaf('Region', checker.Region),
        leaf('IPAddress', checker.IPAddress),
        node(
          'StatusReport',
          leaf('Status', status),
          leaf('CheckedTime', new Date(checkedAt).toISOString()),
        ),
      ),
    ),
  );
}

/** Same health check config, for CallerReference idempotency. */
function sameHealthCheckConfig(
  a: HealthCheckSnapshot,
  b: HealthCheckSnapshot,
): boolean {
  return (
    healthCheckXml({ ...a, Id: '', HealthCheckVersion: 0 }) ===
    healthCheckXml({ ...b, Id: '', HealthCheckVersion: 0 })
  );
}

/** The caller's check: NoSuchHealthCheck (also once deleted), or AccessDenied for another account's. */
function findHealthCheck(call: Route53Call): HealthCheckSnapshot {
  const hc = call.store.healthChecks.get(call.id);
  if (!hc)
    throw new AwsError(
      'NoSuchHealthCheck',
      404,
      `No health check exists with the specified ID ${call.id}.`,
    );
  assertCallerOwns(call, hc, `healthcheck/${hc.Id}`);
  return hc;
}

function callerHealthChecks(call: Route53Call): HealthCheckSnapshot[] {
  return [...call.store.healthChecks.values()].filter(hc =>
    callerSees(call, hc),
  );
}

function deletedKey(call: Route53Call, callerReference: string): string {
  return `${call.ctx.accountId ?? ''} ${callerReference}`;
}

/**
 * 201 with a Location; a repeated CallerReference (within the caller's
 * account) returns the first check if the config is the same. The
 * CallerReference of a deleted check is refused whatever the config, as the
 * API reference documents (AWS forgets it after days; the emulator on reset).
 */
function createHealthCheck(call: Route53Call): HandlerResponse {
  const { store, host, xml, ctx } = call;
  const requested = parseCreateHealthCheck(xml(), randomUUID());
  if (ctx.accountId !== undefined) requested.AccountId = ctx.accountId;
  const existing = callerHealthChecks(call).find(
    hc => hc.CallerReference === requested.CallerReference,
  );
  if (
    !existing &&
    call.deletedCallerReferences.has(
      deletedKey(call, requested.CallerReference),
    )
  ) {
    throw new AwsError(
      'HealthCheckAlreadyExists',
      409,
      `A health check with CallerReference ${requested.CallerReference} was deleted; use another CallerReference`,
    );
  }
  let created = requested;
  if (existing) {
    if (!sameHealthCheckConfig(existing, requested)) {
      throw new AwsError(
        'HealthCheckAlreadyExists',
        409,
        `A health check with CallerReference ${requested.CallerReference} already exists with a different configuration`,
      );
    }
    created = existing;
  } else {
    store.healthChecks.set(created.Id, created);
    store.changed();
  }
  return {
    status: 201,
    headers: {
      'Content-Type': CONTENT_TYPE,
      Location: `http://${host}/${VERSION}/healthcheck/${created.Id}`,
    },
    body: document('CreateHealthCheckResponse', healthCheckXml(created)),
  };
}

/**
 * Deletes even a check that records use: "Amazon Route 53 does not prevent
 * you from deleting a health check even if the health check is associated
 * with one or more resource record sets" (API reference; the model marks
 * HealthCheckInUse as no longer used). The records keep the HealthCheckId;
 * the check itself is gone (NoSuchHealthCheck from then on).
 */
function deleteHealthCheck(call: Route53Call): void {
  const hc = findHealthCheck(call);
  call.deletedCallerReferences.add(deletedKey(call, hc.CallerReference));
  call.store.healthChecks.delete(hc.Id);
  call.store.changed();
}

export const HEALTH_CHECK_ROUTES: Route53Route[] = [
  {
    method: 'POST',
    path: 'healthcheck',
    operation: 'CreateHealthCheck',
    handler: createHealthCheck,
  },
  {
    method: 'GET',
    path: 'healthcheck',
    operation: 'ListHealthChecks',
    handler: call => {
      const { query } = call;
      const { page, trailer } = markerPage(
        callerHealthChecks(call),
        query,
        maxItems(query, 100, 1000),
      );
      return xmlResponse(
        'ListHealthChecksResponse',
        node('HealthChecks', ...page.map(healthCheckXml)),
        ...trailer,
      );
    },
  },
  {
    method: 'GET',
    path: 'healthcheck/*',
    operation: 'GetHealthCheck',
    handler: call =>
      xmlResponse(
        'GetHealthCheckResponse',
        healthCheckXml(findHealthCheck(call)),
      ),
  },
  {
    method: 'DELETE',
    path: 'healthcheck/*',
    operation: 'DeleteHealthCheck',
    handler: call => {
      deleteHealthCheck(call);
      // "HTTP 200 response with an empty HTTP body" (API reference).
      return { status: 200, body: '' };
    },
  },
  {
    method: 'GET',
    path: 'healthcheck/*/status',
    operation: 'GetHealthCheckStatus',
    handler: call =>
      xmlResponse(
        'GetHealthCheckStatusResponse',
        healthStatusXml(
          healthStatus(
            findHealthCheck(call),
            call.store,
            call.settings.propagationDelayMs(),
          ),
          call.settings.clock(),
        ),
      ),
  },
];

/**
 * Route 53 health checks: XML shapes and the status derived from the live
 * routing-control state (RECOVERY_CONTROL), seen through a propagation delay.
 */
import { AwsError } from '../http/wire';
import { EmulatorStore } from '../store';
import { HealthCheckSnapshot } from '../types';
import { XmlElement, child, leaf, node, textOf } from './xml';

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

export function healthCheckXml(hc: HealthCheckSnapshot): string {
  const c = hc.HealthCheckConfig;
  return node(
    'HealthCheck',
    leaf('Id', hc.Id),
    leaf('CallerReference', hc.CallerReference),
    node(
      'HealthCheckConfig',
      leaf('Type', c.Type),
      leaf('IPAddress', c.IPAddress),
      leaf('Port', c.Port),
      leaf('ResourcePath', c.ResourcePath),
      leaf('FullyQualifiedDomainName', c.FullyQualifiedDomainName),
      leaf('RequestInterval', c.RequestInterval),
      leaf('FailureThreshold', c.FailureThreshold),
      leaf('Inverted', c.Inverted ?? false),
      leaf('Disabled', c.Disabled ?? false),
      leaf('RoutingControlArn', c.RoutingControlArn),
    ),
    leaf('HealthCheckVersion', hc.HealthCheckVersion),
  );
}

function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

function optionalInteger(
  element: XmlElement | undefined,
  name: string,
): number | undefined {
  const text = textOf(element, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw invalidInput(`Invalid ${name}: ${text}`);
  return Number(text);
}

/** Reads a CreateHealthCheckRequest body. */
export function parseCreateHealthCheck(
  root: XmlElement,
  id: string,
): HealthCheckSnapshot {
  const callerReference = textOf(root, 'CallerReference');
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
      Port: optionalInteger(config, 'Port'),
      ResourcePath: textOf(config, 'ResourcePath'),
      RequestInterval: optionalInteger(config, 'RequestInterval'),
      FailureThreshold: optionalInteger(config, 'FailureThreshold'),
    },
  };
}

/** Status line every checker reports, e.g. `Success: Routing control state is On`. */
export function healthStatus(
  hc: HealthCheckSnapshot,
  store: EmulatorStore,
  delayMs: number,
): string {
  const c = hc.HealthCheckConfig;
  if (c.Disabled)
    return 'Success: Health check is disabled; Route 53 considers it healthy';
  let healthy: boolean;
  let reason: string;
  if (c.Type === 'RECOVERY_CONTROL') {
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

export function healthStatusXml(status: string, checkedAt: number): string {
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
export function sameHealthCheckConfig(
  a: HealthCheckSnapshot,
  b: HealthCheckSnapshot,
): boolean {
  return (
    healthCheckXml({ ...a, Id: '', HealthCheckVersion: 0 }) ===
    healthCheckXml({ ...b, Id: '', HealthCheckVersion: 0 })
  );
}

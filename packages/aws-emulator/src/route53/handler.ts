/**
 * A Route 53 subset (restXml, API 2013-04-01, signed for us-east-1): hosted
 * zones, record sets with failover routing, health checks including
 * RECOVERY_CONTROL, and health-check status derived from ARC state.
 */
import { randomUUID } from 'node:crypto';
import { randomHex } from '../arns';
import { dnsName } from '../fixture';
import { ServiceHandler } from '../http/listener';
import { RestRoute, matchRoute } from '../http/routes';
import {
  AwsError,
  HandlerResponse,
  RequestContext,
  pathSegments,
} from '../http/wire';
import { EmulatorStore } from '../store';
import { HostedZoneSnapshot } from '../types';
import {
  healthCheckXml,
  healthStatus,
  healthStatusXml,
  parseCreateHealthCheck,
  sameHealthCheckConfig,
} from './healthChecks';
import {
  applyChangeBatch,
  compareKeys,
  parseChangeBatch,
  recordSortKey,
  recordXml,
  sortRecords,
} from './records';
import { XmlElement, document, leaf, node, parseXml } from './xml';

const VERSION = '2013-04-01';
const CONTENT_TYPE = 'text/xml';

/** Runtime settings of the Route 53 listener. */
export interface Route53Settings {
  propagationDelayMs(): number;
  clock(): number;
}

const ROUTES: RestRoute[] = [
  { method: 'GET', shape: 'hostedzone', operation: 'ListHostedZones' },
  {
    method: 'GET',
    shape: 'hostedzonesbyname',
    operation: 'ListHostedZonesByName',
  },
  { method: 'GET', shape: 'hostedzone/*', operation: 'GetHostedZone' },
  {
    method: 'GET',
    shape: 'hostedzone/*/rrset',
    operation: 'ListResourceRecordSets',
  },
  {
    method: 'POST',
    shape: 'hostedzone/*/rrset',
    operation: 'ChangeResourceRecordSets',
  },
  { method: 'GET', shape: 'change/*', operation: 'GetChange' },
  { method: 'POST', shape: 'healthcheck', operation: 'CreateHealthCheck' },
  { method: 'GET', shape: 'healthcheck', operation: 'ListHealthChecks' },
  { method: 'GET', shape: 'healthcheck/*', operation: 'GetHealthCheck' },
  { method: 'DELETE', shape: 'healthcheck/*', operation: 'DeleteHealthCheck' },
  {
    method: 'GET',
    shape: 'healthcheck/*/status',
    operation: 'GetHealthCheckStatus',
  },
];

function route(
  method: string,
  path: string,
): { operation: string; id: string } | undefined {
  const [version, ...rest] = pathSegments(path);
  const found =
    version === VERSION ? matchRoute(ROUTES, method, rest) : undefined;
  // Accept ids with their resource prefix too, as a raw client may send them.
  return (
    found && {
      operation: found.operation,
      id: found.label.replace(/^\/?(hostedzone|change|healthcheck)\//, ''),
    }
  );
}

function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

function maxItems(
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

interface ChangeRecord {
  id: string;
  submittedAt: number;
  comment?: string;
}

/** The Route 53 handler. */
export class Route53Handler implements ServiceHandler {
  readonly service = 'route53' as const;
  readonly signingService = 'route53';
  readonly signingRegion = 'us-east-1';
  private readonly changes = new Map<string, ChangeRecord>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly settings: Route53Settings,
  ) {}

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    if (mode === 'throttle')
      return new AwsError('Throttling', 400, 'Rate exceeded');
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
    ctx.operation = route(ctx.method, ctx.path)?.operation ?? 'unknown';
    if (ctx.body.length > 0) ctx.logBody = ctx.body.toString('utf8');
  }

  handle(ctx: RequestContext): HandlerResponse {
    const found = route(ctx.method, ctx.path);
    if (!found)
      throw new AwsError(
        'UnknownOperationException',
        404,
        `No operation for ${ctx.method} ${ctx.path}`,
      );
    const ok = (root: string, ...children: string[]): HandlerResponse => ({
      status: 200,
      headers: { 'Content-Type': CONTENT_TYPE },
      body: document(root, ...children),
    });
    const { id, operation } = found;
    switch (operation) {
      case 'ListHostedZones':
        return ok('ListHostedZonesResponse', ...this.listZones(ctx.query));
      case 'ListHostedZonesByName':
        return ok(
          'ListHostedZonesByNameResponse',
          ...this.listZonesByName(ctx.query),
        );
      case 'GetHostedZone':
        return ok(
          'GetHostedZoneResponse',
          this.zoneXml(this.zone(id)),
          node(
            'DelegationSet',
            node(
              'NameServers',
              ...[1, 2, 3, 4].map(n =>
                leaf('NameServer', `ns-${n}.awsdns.emulator.invalid`),
              ),
            ),
          ),
        );
      case 'ListResourceRecordSets':
        return ok(
          'ListResourceRecordSetsResponse',
          ...this.listRecords(this.zone(id), ctx.query),
        );
      case 'ChangeResourceRecordSets':
        return ok(
          'ChangeResourceRecordSetsResponse',
          this.changeRecords(this.zone(id), this.body(ctx)),
        );
      case 'GetChange': {
        const change = this.changes.get(id);
        if (!change)
          throw new AwsError(
            'NoSuchChange',
            404,
            `A change with the specified change ID does not exist: ${id}`,
          );
        return ok('GetChangeResponse', this.changeInfoXml(change));
      }
      case 'CreateHealthCheck':
        return this.createHealthCheck(ctx);
      case 'ListHealthChecks':
        return ok(
          'ListHealthChecksResponse',
          ...this.listHealthChecks(ctx.query),
        );
      case 'GetHealthCheck':
        return ok(
          'GetHealthCheckResponse',
          healthCheckXml(this.healthCheck(id)),
        );
      case 'DeleteHealthCheck':
        this.deleteHealthCheck(id);
        return ok('DeleteHealthCheckResponse');
      default: {
        const status = healthStatus(
          this.healthCheck(id),
          this.store,
          this.settings.propagationDelayMs(),
        );
        return ok(
          'GetHealthCheckStatusResponse',
          healthStatusXml(status, this.settings.clock()),
        );
      }
    }
  }

  private body(ctx: RequestContext): XmlElement {
    try {
      return parseXml(ctx.body.toString('utf8'));
    } catch (error) {
      throw invalidInput(
        `Could not parse the request body as XML: ${(error as Error).message}`,
      );
    }
  }

  private zone(id: string): HostedZoneSnapshot {
    const zone = this.store.zones.get(id);
    if (!zone)
      throw new AwsError(
        'NoSuchHostedZone',
        404,
        `No hosted zone found with ID: ${id}`,
      );
    return zone;
  }

  private healthCheck(id: string) {
    const hc = this.store.healthChecks.get(id);
    if (!hc)
      throw new AwsError(
        'NoSuchHealthCheck',
        404,
        `No health check exists with the specified ID ${id}.`,
      );
    return hc;
  }

  private zoneXml(zone: HostedZoneSnapshot): string {
    return node(
      'HostedZone',
      leaf('Id', `/hostedzone/${zone.Id}`),
      leaf('Name', zone.Name),
      leaf('CallerReference', zone.CallerReference),
      node(
        'Config',
        leaf('Comment', zone.Comment),
        leaf('PrivateZone', zone.PrivateZone),
      ),
      leaf('ResourceRecordSetCount', zone.ResourceRecordSets.length),
    );
  }

  private listZones(query: URLSearchParams): string[] {
    const zones = [...this.store.zones.values()].sort((a, b) =>
      a.Id < b.Id ? -1 : 1,
    );
    const marker = query.get('marker');
    const max = maxItems(query, 100, 100);
    let start = 0;
    if (marker !== null) {
      start = zones.findIndex(
        z => z.Id === marker.replace(/^\/?hostedzone\//, ''),
      );
      if (start < 0) throw invalidInput(`Invalid marker: ${marker}`);
    }
    const page = zones.slice(start, start + max);
    const next = zones[start + max];
    return [
      node('HostedZones', ...page.map(z => this.zoneXml(z))),
      leaf('Marker', marker ?? ''),
      leaf('IsTruncated', next !== undefined),
      leaf('NextMarker', next?.Id),
      leaf('MaxItems', max),
    ];
  }

  private listZonesByName(query: URLSearchParams): string[] {
    const key = (z: HostedZoneSnapshot) => [recordSortKey(z.Name)[0], z.Id];
    const zones = [...this.store.zones.values()].sort((a, b) =>
      compareKeys(key(a), key(b)),
    );
    const name = query.get('dnsname');
    const zoneId = query.get('hostedzoneid');
    if (zoneId !== null && name === null)
      throw invalidInput('hostedzoneid requires dnsname');
    const max = maxItems(query, 100, 100);
    const from =
      name === null ? undefined : [recordSortKey(name)[0], zoneId ?? ''];
    const start = from
      ? zones.findIndex(z => compareKeys(key(z), from) >= 0)
      : 0;
    const rest = start < 0 ? [] : zones.slice(start);
    const page = rest.slice(0, max);
    const next = rest[max];
    return [
      node('HostedZones', ...page.map(z => this.zoneXml(z))),
      leaf('DNSName', name === null ? undefined : dnsName(name)),
      leaf('HostedZoneId', zoneId ?? undefined),
      leaf('IsTruncated', next !== undefined),
      leaf('NextDNSName', next?.Name),
      leaf('NextHostedZoneId', next?.Id),
      leaf('MaxItems', max),
    ];
  }

  private listRecords(
    zone: HostedZoneSnapshot,
    query: URLSearchParams,
  ): string[] {
    const name = query.get('name');
    const type = query.get('type');
    const identifier = query.get('identifier');
    if (type !== null && name === null)
      throw invalidInput('The type parameter requires the name parameter');
    if (identifier !== null && type === null)
      throw invalidInput('The identifier parameter requires name and type');
    const max = maxItems(query, 300, 300);
    const records = sortRecords(zone.ResourceRecordSets);
    const from =
      name === null
        ? undefined
        : recordSortKey(name, type ?? '', identifier ?? '');
    const start = from
      ? records.findIndex(
          r =>
            compareKeys(recordSortKey(r.Name, r.Type, r.SetIdentifier), from) >=
            0,
        )
      : 0;
    const rest = start < 0 ? [] : records.slice(start);
    const page = rest.slice(0, max);
    const next = rest[max];
    return [
      node('ResourceRecordSets', ...page.map(recordXml)),
      leaf('IsTruncated', next !== undefined),
      leaf('NextRecordName', next?.Name),
      leaf('NextRecordType', next?.Type),
      leaf('NextRecordIdentifier', next?.SetIdentifier),
      leaf('MaxItems', max),
    ];
  }

  private changeInfoXml(change: ChangeRecord): string {
    const synced =
      this.settings.clock() >=
      change.submittedAt + this.settings.propagationDelayMs();
    return node(
      'ChangeInfo',
      leaf('Id', `/change/${change.id}`),
      leaf('Status', synced ? 'INSYNC' : 'PENDING'),
      leaf('SubmittedAt', new Date(change.submittedAt).toISOString()),
      leaf('Comment', change.comment),
    );
  }

  private changeRecords(zone: HostedZoneSnapshot, root: XmlElement): string {
    const { changes, comment } = parseChangeBatch(root);
    zone.ResourceRecordSets = applyChangeBatch(zone, changes, id =>
      this.store.healthChecks.has(id),
    );
    this.store.changed();
    const change = {
      id: `C${randomHex(10).toUpperCase()}`,
      submittedAt: this.settings.clock(),
      comment,
    };
    this.changes.set(change.id, change);
    return this.changeInfoXml(change);
  }

  private createHealthCheck(ctx: RequestContext): HandlerResponse {
    const requested = parseCreateHealthCheck(this.body(ctx), randomUUID());
    const existing = [...this.store.healthChecks.values()].find(
      hc => hc.CallerReference === requested.CallerReference,
    );
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
      this.store.healthChecks.set(created.Id, created);
      this.store.changed();
    }
    const host = String(ctx.headers.host ?? 'localhost');
    return {
      status: 201,
      headers: {
        'Content-Type': CONTENT_TYPE,
        Location: `http://${host}/${VERSION}/healthcheck/${created.Id}`,
      },
      body: document('CreateHealthCheckResponse', healthCheckXml(created)),
    };
  }

  private listHealthChecks(query: URLSearchParams): string[] {
    const checks = [...this.store.healthChecks.values()];
    const marker = query.get('marker');
    const max = maxItems(query, 100, 1000);
    let start = 0;
    if (marker !== null) {
      start = checks.findIndex(hc => hc.Id === marker);
      if (start < 0) throw invalidInput(`Invalid marker: ${marker}`);
    }
    const page = checks.slice(start, start + max);
    const next = checks[start + max];
    return [
      node('HealthChecks', ...page.map(healthCheckXml)),
      leaf('Marker', marker ?? ''),
      leaf('IsTruncated', next !== undefined),
      leaf('NextMarker', next?.Id),
      leaf('MaxItems', max),
    ];
  }

  private deleteHealthCheck(id: string): void {
    this.healthCheck(id);
    for (const zone of this.store.zones.values()) {
      const user = zone.ResourceRecordSets.find(r => r.HealthCheckId === id);
      if (user) {
        throw new AwsError(
          'HealthCheckInUse',
          400,
          `The health check ${id} is still referenced by ${user.Name} ${user.Type} in zone ${zone.Name}`,
        );
      }
    }
    this.store.healthChecks.delete(id);
    this.store.changed();
  }
}

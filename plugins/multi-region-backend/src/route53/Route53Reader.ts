import {
  GetHealthCheckStatusCommand,
  HealthCheck,
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  DnsRecordStatus,
  HealthCheckStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { AccountClients } from '@multi-region-failover/plugin-multi-region-node';

/** Route 53 considers an endpoint healthy when more than 18% of its checkers do. */
const HEALTHY_SHARE = 0.18;

/** Interprets GetHealthCheckStatus: only the `Success`/`Failure` prefix is documented. */
export function summariseObservations(
  observations: Array<{ StatusReport?: { Status?: string } }>,
): { status: HealthCheckStatus['status']; healthy: number; total: number } {
  const total = observations.length;
  const healthy = observations.filter(o =>
    (o.StatusReport?.Status ?? '').startsWith('Success'),
  ).length;
  if (total === 0) return { status: 'Unknown', healthy, total };
  return {
    status: healthy / total > HEALTHY_SHARE ? 'Healthy' : 'Unhealthy',
    healthy,
    total,
  };
}

/** What the refresher needs of a health check's configuration. */
export interface HealthCheckConfiguration {
  id: string;
  type: string;
  /** RECOVERY_CONTROL only. */
  routingControlArn?: string;
  inverted: boolean;
  disabled: boolean;
}

function toConfiguration(hc: HealthCheck): HealthCheckConfiguration {
  const c = hc.HealthCheckConfig;
  return {
    id: hc.Id ?? '',
    type: c?.Type ?? '',
    routingControlArn: c?.RoutingControlArn,
    inverted: c?.Inverted ?? false,
    disabled: c?.Disabled ?? false,
  };
}

function toRecord(r: ResourceRecordSet): DnsRecordStatus {
  return {
    name: r.Name ?? '',
    type: r.Type ?? '',
    setIdentifier: r.SetIdentifier,
    failover: r.Failover as DnsRecordStatus['failover'],
    healthCheckId: r.HealthCheckId,
    aliasTarget: r.AliasTarget?.DNSName,
    values: r.ResourceRecords?.map(v => v.Value ?? ''),
    ttl: r.TTL,
  };
}

/**
 * Route 53 reads of the refresher: health-check configurations and status,
 * and failover records.
 * The clients pace every request to the account's budget (see
 * `createRoute53Clients`).
 */
export class Route53Reader {
  constructor(
    private readonly options: {
      clients: AccountClients<Route53Client>;
      timeoutMs: number;
    },
  ) {}

  async healthCheckStatus(accountId: string, id: string) {
    const out = await this.client(accountId).send(
      new GetHealthCheckStatusCommand({ HealthCheckId: id }),
      { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
    );
    return summariseObservations(out.HealthCheckObservations ?? []);
  }

  /**
   * The configuration of every health check of the account: one request per
   * 1,000 checks (the most a ListHealthChecks page holds), where
   * GetHealthCheckStatus takes one per check.
   */
  async healthCheckConfigurations(
    accountId: string,
  ): Promise<Map<string, HealthCheckConfiguration>> {
    const result = new Map<string, HealthCheckConfiguration>();
    let marker: string | undefined;
    do {
      const out = await this.client(accountId).send(
        new ListHealthChecksCommand({ Marker: marker, MaxItems: 1000 }),
        { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
      );
      for (const hc of out.HealthChecks ?? []) {
        if (hc.Id) result.set(hc.Id, toConfiguration(hc));
      }
      marker = out.IsTruncated ? out.NextMarker : undefined;
    } while (marker);
    return result;
  }

  /** Every record of a zone (paginated; one request per page). */
  async zoneRecords(accountId: string, hostedZoneId: string) {
    return this.list(accountId, hostedZoneId, undefined);
  }

  /** The records of one name: one small request. */
  async nameRecords(accountId: string, hostedZoneId: string, name: string) {
    return this.list(accountId, hostedZoneId, name);
  }

  private async list(
    accountId: string,
    hostedZoneId: string,
    name: string | undefined,
  ): Promise<DnsRecordStatus[]> {
    // Route 53 pages records with three tokens (name, type, identifier); the
    // SDK has no paginator for it
    const records: DnsRecordStatus[] = [];
    let start: { name?: string; type?: string; id?: string } = { name };
    for (;;) {
      const out = await this.client(accountId).send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          StartRecordName: start.name,
          StartRecordType: start.type as any,
          StartRecordIdentifier: start.id,
          MaxItems: name ? 10 : 300,
        }),
        { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
      );
      const page = (out.ResourceRecordSets ?? []).map(toRecord);
      records.push(...page);
      if (name) {
        // a name's records are contiguous; stop once past them
        const wanted = name.toLowerCase().replace(/\.$/, '');
        const last = page[page.length - 1];
        const pastName =
          !last || last.name.toLowerCase().replace(/\.$/, '') !== wanted;
        if (pastName || !out.IsTruncated) break;
      } else if (!out.IsTruncated) {
        break;
      }
      start = {
        name: out.NextRecordName,
        type: out.NextRecordType,
        id: out.NextRecordIdentifier,
      };
    }
    return records;
  }

  private client(accountId: string): Route53Client {
    return this.options.clients.forAccount(accountId);
  }
}

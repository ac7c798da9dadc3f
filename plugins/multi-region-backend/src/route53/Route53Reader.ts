import {
  GetHealthCheckStatusCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  DnsRecordStatus,
  HealthCheckStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CredentialsForAccount } from '../config/credentials';
import { RateLimiter } from './RateLimiter';

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
 * The HTTP handler of every Route 53 client: takes a token right before the
 * request goes on the wire (after signing), so pacing holds where AWS counts.
 */
class RateLimitedHandler extends NodeHttpHandler {
  constructor(private readonly limiter: RateLimiter) {
    super();
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>) {
    await this.limiter.take();
    return super.handle(...args);
  }
}

/**
 * Route 53 reads, every request through the one rate limiter (the account
 * allows 5 requests per second in total).
 */
export class Route53Reader {
  private readonly clients = new Map<string, Route53Client>();

  constructor(
    private readonly options: {
      endpoint?: string;
      credentialsFor: CredentialsForAccount;
      limiter: RateLimiter;
      timeoutMs: number;
    },
  ) {}

  async healthCheckStatus(
    accountId: string,
    id: string,
    _signal?: AbortSignal,
  ) {
    const out = await this.client(accountId).send(
      new GetHealthCheckStatusCommand({ HealthCheckId: id }),
      { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
    );
    return summariseObservations(out.HealthCheckObservations ?? []);
  }

  /** Every record of a zone (paginated; one request per page). */
  async zoneRecords(
    accountId: string,
    hostedZoneId: string,
    signal?: AbortSignal,
  ) {
    return this.list(accountId, hostedZoneId, undefined, signal);
  }

  /** The records of one name: one small request. */
  async nameRecords(
    accountId: string,
    hostedZoneId: string,
    name: string,
    signal?: AbortSignal,
  ) {
    return this.list(accountId, hostedZoneId, name, signal);
  }

  destroy(): void {
    this.clients.forEach(c => c.destroy());
  }

  private async list(
    accountId: string,
    hostedZoneId: string,
    name: string | undefined,
    _signal?: AbortSignal,
  ): Promise<DnsRecordStatus[]> {
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
    let client = this.clients.get(accountId);
    if (!client) {
      const { endpoint, credentialsFor } = this.options;
      client = new Route53Client({
        region: 'us-east-1',
        endpoint,
        // the limiter paces requests; the SDK must not add retries of its own
        maxAttempts: 1,
        credentials: async () => (await credentialsFor(accountId))(),
        requestHandler: new RateLimitedHandler(this.options.limiter),
      });
      this.clients.set(accountId, client);
    }
    return client;
  }
}

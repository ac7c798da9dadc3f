import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  HealthCheck,
  ListResourceRecordSetsCommand,
  paginateListHealthChecks,
  ResourceRecordSet,
  Route53Client,
  waitUntilResourceRecordSetsChanged,
} from '@aws-sdk/client-route-53';
import { ConflictError } from '@backstage/errors';
import { awsCall } from '../../lib/awsCall';
import { awaitChange } from '../../lib/deployment';
import { idempotencyToken } from '../../lib/naming';
import { PollTiming, ROUTE53_CHANGE_WAIT_KEY } from '../../lib/pollTiming';

/** One of the two failover records of an app. */
export interface FailoverRecordSpec {
  failover: 'PRIMARY' | 'SECONDARY';
  healthCheckId: string;
  aliasTarget: { dnsName: string; hostedZoneId: string };
}

const SET_IDENTIFIER = { PRIMARY: '1', SECONDARY: '2' } as const;

/** A submitted record change, as ChangeResourceRecordSets answers it (a type: checkpoints store it). */
export type RecordChange = {
  id: string;
  status: string;
};

/**
 * Lookup-before-create of an app's RECOVERY_CONTROL health checks and
 * failover alias records, refusing to touch records that belong to another
 * app. Every request goes through the client's Route 53 budget (and its
 * retry of throttled requests), the polls of a change included.
 */
export class Route53Provisioner {
  constructor(
    private readonly client: Route53Client,
    private readonly options: {
      tokenSeed: string;
      /** How to poll a change (`multiRegionScaffolder.route53.changeWait`). */
      changeWait: PollTiming;
      /** The task log. */
      log: (message: string) => void;
      signal?: AbortSignal;
    },
  ) {}

  /** The RECOVERY_CONTROL health check bound to a routing control: found, or created. */
  async ensureRecoveryControlHealthCheck(
    routingControlArn: string,
  ): Promise<{ id: string; created: boolean }> {
    const existing = (await this.listHealthChecks()).find(
      hc =>
        hc.HealthCheckConfig?.Type === 'RECOVERY_CONTROL' &&
        hc.HealthCheckConfig.RoutingControlArn === routingControlArn,
    );
    if (existing?.Id) {
      return { id: existing.Id, created: false };
    }
    const { HealthCheck: created } = await awsCall(
      `create the health check of ${routingControlArn}`,
      () =>
        this.client.send(
          new CreateHealthCheckCommand({
            // Route 53's own idempotency key: a retry returns the same check.
            CallerReference: idempotencyToken(
              this.options.tokenSeed,
              'health-check',
              routingControlArn,
            ),
            HealthCheckConfig: {
              Type: 'RECOVERY_CONTROL',
              RoutingControlArn: routingControlArn,
            },
          }),
          { abortSignal: this.options.signal },
        ),
    );
    if (!created?.Id) {
      throw new Error(
        `CreateHealthCheck for ${routingControlArn} returned no id`,
      );
    }
    return { id: created.Id, created: true };
  }

  /**
   * Creates the failover alias A records that are missing. Records of the same
   * name that are not exactly ours (another SetIdentifier, another health
   * check, a plain record) stop the step: they are someone else's DNS.
   * Returns the change to wait for ({@link Route53Provisioner.waitUntilInSync})
   * when it made one.
   */
  async ensureFailoverRecords(
    hostedZoneId: string,
    dnsName: string,
    records: FailoverRecordSpec[],
  ): Promise<{ created: string[]; change?: RecordChange }> {
    const fqdn = dnsName.endsWith('.') ? dnsName : `${dnsName}.`;
    const existing = await this.recordsNamed(hostedZoneId, fqdn);
    const missing: FailoverRecordSpec[] = [];
    for (const spec of records) {
      const setIdentifier = SET_IDENTIFIER[spec.failover];
      const same = existing.find(r => r.SetIdentifier === setIdentifier);
      if (!same) {
        missing.push(spec);
      } else if (
        same.Failover !== spec.failover ||
        same.HealthCheckId !== spec.healthCheckId
      ) {
        throw new ConflictError(
          `${fqdn} already has an A record with SetIdentifier "${setIdentifier}" (failover ${
            same.Failover ?? 'none'
          }, health check ${
            same.HealthCheckId ?? 'none'
          }) that is not this service's; choose another subdomain or remove that record.`,
        );
      }
    }
    const foreign = existing.filter(
      r =>
        !Object.values(SET_IDENTIFIER).includes(r.SetIdentifier as '1' | '2'),
    );
    if (foreign.length > 0) {
      throw new ConflictError(
        `${fqdn} already has ${foreign.length} A record(s) that are not failover records of this pattern; choose another subdomain or remove them.`,
      );
    }
    if (missing.length === 0) return { created: [] };
    const { ChangeInfo: info } = await awsCall(
      `create the failover records of ${fqdn}`,
      () =>
        this.client.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: hostedZoneId,
            ChangeBatch: {
              Comment: `multi-region failover records of ${fqdn}`,
              Changes: missing.map(spec => ({
                // CREATE, not UPSERT: never overwrite a record that appeared meanwhile.
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: fqdn,
                  Type: 'A',
                  SetIdentifier: SET_IDENTIFIER[spec.failover],
                  Failover: spec.failover,
                  HealthCheckId: spec.healthCheckId,
                  AliasTarget: {
                    DNSName: spec.aliasTarget.dnsName,
                    HostedZoneId: spec.aliasTarget.hostedZoneId,
                    EvaluateTargetHealth: false,
                  },
                },
              })),
            },
          }),
          { abortSignal: this.options.signal },
        ),
    );
    return {
      created: missing.map(m => m.failover),
      change: info?.Id
        ? { id: info.Id, status: info.Status ?? 'PENDING' }
        : undefined,
    };
  }

  /**
   * Waits until Route 53 has applied a change everywhere (INSYNC), with the
   * SDK's waiter; a throttled poll is retried by the client, then by the
   * waiter after its next pause.
   */
  async waitUntilInSync(change: RecordChange, what: string): Promise<void> {
    const id = change.id.replace(/^\/change\//, '');
    await awaitChange({
      what: `Route 53 change ${id} (${what})`,
      client: this.client,
      waiter: waitUntilResourceRecordSetsChanged,
      input: { Id: id },
      statusOf: answer => answer?.ChangeInfo?.Status,
      done: 'INSYNC',
      known: change.status,
      timing: this.options.changeWait,
      timingKey: ROUTE53_CHANGE_WAIT_KEY,
      log: this.options.log,
      signal: this.options.signal,
    });
  }

  private listHealthChecks(): Promise<HealthCheck[]> {
    return awsCall('list the health checks', async () => {
      const all: HealthCheck[] = [];
      const pages = paginateListHealthChecks(
        { client: this.client },
        {},
        { abortSignal: this.options.signal },
      );
      for await (const page of pages) all.push(...(page.HealthChecks ?? []));
      return all;
    });
  }

  private async recordsNamed(
    hostedZoneId: string,
    fqdn: string,
  ): Promise<ResourceRecordSet[]> {
    const page = await awsCall(
      `list the records of ${fqdn} in ${hostedZoneId}`,
      () =>
        this.client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: hostedZoneId,
            StartRecordName: fqdn,
            StartRecordType: 'A',
            // Two failover records plus anything that should not be there.
            MaxItems: 10,
          }),
          { abortSignal: this.options.signal },
        ),
    );
    return (page.ResourceRecordSets ?? []).filter(
      r => r.Name?.toLowerCase() === fqdn.toLowerCase() && r.Type === 'A',
    );
  }
}

import { toError } from '@backstage/errors';
import {
  ActiveRegionResult,
  ArcDeploymentNotice,
  deriveActiveRegion,
  FAILOVER_RECORD_OF,
  healthCheckIdOf,
  HealthCheckStatus,
  MultiRegionConfig,
  RegionRole,
  RegionStatus,
  PendingArcResource,
  RoutingControlReading,
} from '@multi-region-failover/plugin-multi-region-common';
import { ArcCallError } from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache, PanelDeployment } from '../arc/ControlPlaneCache';
import { deploymentNotice } from '../arc/deployment';
import {
  PanelReading,
  RoutingControlReader,
} from '../arc/RoutingControlReader';
import {
  HealthCheckSettings,
  RefreshRequest,
  Route53Store,
  StoredDnsRecord,
  StoredHealthCheck,
} from '../database/Route53Store';

type RefreshRequestInput = Omit<RefreshRequest, 'id' | 'requestedAt'> & {
  hostedZoneId: string;
};

/** The live picture of one entity's two regions. */
export interface RegionSnapshot {
  regions: Record<RegionRole, RegionStatus>;
  active: ActiveRegionResult;
  reading?: PanelReading;
  readError?: string;
  /** ARC is still deploying the panel or these routing controls (the data plane does not know them yet). */
  deployment?: ArcDeploymentNotice;
  dnsRefreshedAt?: string;
  /**
   * Server-internal (readiness), never sent: each region's health-check
   * configuration as the refresher last listed it, when it did.
   */
  healthConfigs?: Partial<Record<RegionRole, HealthCheckSettings>>;
  /** Server-internal (readiness): the last refresh of the entity's hosted zone. */
  zone?: { refreshedAt?: number; error?: string };
  /**
   * Server-internal (readiness): the refresher has tried the entity's zone
   * and stored a reading of each of its health checks, so what the snapshot
   * says of Route 53 is not merely "not read yet".
   */
  route53Read?: boolean;
}

/** A panel reading, or why the panel could not be read (`notFound`: the data plane does not know it). */
type ReadingOrError = PanelReading | { error: string; notFound: boolean };

const ROLES: RegionRole[] = ['primary', 'secondary'];

/** How often a name without stored records may ask for a refresh. */
const MISSING_NAME_RETRY_MS = 5 * 60_000;
/** Above this many missing names in one zone, the zone is read whole. */
const MAX_NAME_REQUESTS_PER_ZONE = 5;

/** Runs `fn` over items, at most `limit` at a time. */
async function eachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) await fn(items[next++]);
    },
  );
  await Promise.all(workers);
}

/**
 * Builds region snapshots for many entities at once: ONE ARC read per
 * distinct control panel (cached and coalesced by the reader), and Route 53
 * data from the refresher's stored results in two queries.
 */
export class RegionSnapshots {
  constructor(
    private readonly reader: RoutingControlReader,
    private readonly route53: Route53Store,
    /** Asked only about panels the data plane does not show (fully): are they still being deployed? */
    private readonly controlPlane?: Pick<ControlPlaneCache, 'panelDeployment'>,
    private readonly logger?: { warn(message: string): void },
  ) {}

  async build(
    configs: Array<{ entityRef: string; config: MultiRegionConfig }>,
    options: {
      fresh?: boolean;
      /** Ask the control plane about panels the data plane does not know (default true). */
      deployment?: boolean;
    } = {},
  ): Promise<Map<string, RegionSnapshot>> {
    const panels = new Map<string, { cluster: string; panel: string }>();
    for (const { config } of configs) {
      panels.set(`${config.clusterName}|${config.controlPanelArn}`, {
        cluster: config.clusterName,
        panel: config.controlPanelArn,
      });
    }
    // a reading, or why the panel could not be read
    const readings = new Map<string, ReadingOrError>();
    await eachLimited([...panels.entries()], 16, async ([key, p]) => {
      try {
        readings.set(
          key,
          await this.reader.read(p.cluster, p.panel, { fresh: options.fresh }),
        );
      } catch (error) {
        readings.set(key, {
          error: toError(error).message,
          notFound: error instanceof ArcCallError && error.kind === 'not-found',
        });
      }
    });
    const deployments =
      options.deployment === false
        ? new Map<string, PanelDeployment>()
        : await this.deployments(configs, readings);

    const records = await this.route53.records(
      configs.map(({ config }) => ({
        hostedZoneId: config.hostedZoneId,
        name: config.dnsName,
      })),
    );
    const recordsOf = (config: MultiRegionConfig) =>
      records.get(`${config.hostedZoneId}|${config.dnsName}`) ?? [];
    const hcIds = new Set<string>();
    for (const { config } of configs) {
      for (const role of ROLES) {
        const id = healthCheckIdOf(config, role, recordsOf(config));
        if (id) hcIds.add(id);
      }
    }
    const health = await this.route53.health([...hcIds]);
    const zones = await this.route53.zoneRefreshes([
      ...new Set(configs.map(c => c.config.hostedZoneId)),
    ]);
    await this.requestMissing(configs, recordsOf, zones);

    const out = new Map<string, RegionSnapshot>();
    for (const { entityRef, config } of configs) {
      const reading = readings.get(
        `${config.clusterName}|${config.controlPanelArn}`,
      );
      const zone = zones.get(config.hostedZoneId);
      const pending = pendingOf(
        config,
        deployments.get(config.controlPanelArn),
      );
      const regions = {} as Record<RegionRole, RegionStatus>;
      const healthConfigs: Partial<Record<RegionRole, HealthCheckSettings>> =
        {};
      let route53Read = Boolean(zone?.refreshedAt || zone?.error);
      const controlReadings = {} as Record<RegionRole, RoutingControlReading>;
      for (const role of ROLES) {
        const region = config[role];
        const deploying = pendingControl(
          config,
          region.routingControlArn,
          pending,
        );
        let control: RegionStatus['routingControl'];
        if (deploying && !readingHas(reading, region.routingControlArn)) {
          control = {
            arn: region.routingControlArn,
            name: deploying.name,
            state: 'Unknown',
            deployment: deploying.status,
          };
        } else if (!reading || 'error' in reading) {
          control = {
            arn: region.routingControlArn,
            state: 'Unknown',
            error: reading?.error ?? 'not read',
          };
        } else {
          const found = reading.controls.get(region.routingControlArn);
          control = found
            ? {
                arn: region.routingControlArn,
                name: found.name,
                state: found.state,
                readAt: new Date(reading.readAt).toISOString(),
              }
            : {
                arn: region.routingControlArn,
                state: 'Unknown',
                error: `ARC lists no routing control ${region.routingControlArn} in control panel ${config.controlPanelArn}; check the ${role} routing-control annotation.`,
              };
        }
        controlReadings[role] =
          control.state === 'Unknown'
            ? {
                state: 'Unknown',
                reason: control.deployment
                  ? `ARC is still ${
                      control.deployment === 'PENDING'
                        ? 'deploying'
                        : 'deleting'
                    } it (${control.deployment})`
                  : control.error ?? 'unreadable',
              }
            : { state: control.state };
        const record = recordsOf(config).find(
          r => r.failover === FAILOVER_RECORD_OF[role],
        );
        const hcId = healthCheckIdOf(config, role, recordsOf(config));
        const stored = hcId ? health.get(hcId) : undefined;
        if (stored?.config) healthConfigs[role] = stored.config;
        if (hcId && !stored) route53Read = false;
        const healthCheck: HealthCheckStatus = stored
          ? publicHealth(stored)
          : {
              id: hcId,
              status: 'Unknown',
              error: hcId
                ? 'Not read by the Route 53 refresher yet.'
                : 'No health check: neither an annotation nor the failover record names one.',
            };
        regions[role] = {
          role,
          region: region.region,
          routingControl: control,
          healthCheck,
          ...(record
            ? { dnsRecord: stripStored(record) }
            : { dnsError: dnsErrorOf(config, role, zone) }),
        };
      }
      out.set(entityRef, {
        regions,
        active: deriveActiveRegion(config, controlReadings),
        reading: reading && !('error' in reading) ? reading : undefined,
        readError: reading && 'error' in reading ? reading.error : undefined,
        deployment: deploymentNotice(pending),
        dnsRefreshedAt: zone?.refreshedAt
          ? new Date(zone.refreshedAt).toISOString()
          : undefined,
        healthConfigs,
        zone: zone ?? {},
        route53Read,
      });
    }
    return out;
  }

  /**
   * The control plane's word on each panel that the data plane does not
   * know, or that lacks a routing control an entity names: ARC's data plane
   * learns of a panel's controls only once they are deployed, so a freshly
   * created service looks like a missing panel until then. Nothing is asked
   * about panels the data plane shows in full.
   */
  private async deployments(
    configs: Array<{ config: MultiRegionConfig }>,
    readings: Map<string, ReadingOrError>,
  ): Promise<Map<string, PanelDeployment>> {
    const ask = new Map<string, string>();
    for (const { config } of configs) {
      const reading = readings.get(
        `${config.clusterName}|${config.controlPanelArn}`,
      );
      const unknownToDataPlane =
        reading &&
        ('error' in reading
          ? reading.notFound
          : ROLES.some(
              role => !readingHas(reading, config[role].routingControlArn),
            ));
      if (unknownToDataPlane) ask.set(config.controlPanelArn, config.accountId);
    }
    const out = new Map<string, PanelDeployment>();
    if (!this.controlPlane || ask.size === 0) return out;
    await eachLimited([...ask.entries()], 4, async ([panel, accountId]) => {
      try {
        out.set(
          panel,
          await this.controlPlane!.panelDeployment(accountId, panel),
        );
      } catch (error) {
        // the data plane's own error still shows; this only adds "deploying"
        this.logger?.warn(
          `Could not ask the ARC control plane whether ${panel} is being deployed: ${
            toError(error).message
          }`,
        );
      }
    });
    return out;
  }

  /**
   * A name the refresher has no records of yet (typically a service just
   * registered by the template) is read on request, so that its DNS rows
   * appear within seconds instead of after the next scheduled pass. Zones the
   * refresher has not read at all are left to its first pass; a zone with
   * many missing names is read whole (one listing instead of a call per name).
   */
  private async requestMissing(
    configs: Array<{ config: MultiRegionConfig }>,
    recordsOf: (config: MultiRegionConfig) => StoredDnsRecord[],
    zones: Map<string, { refreshedAt?: number }>,
  ) {
    const missingByZone = new Map<string, MultiRegionConfig[]>();
    for (const { config } of configs) {
      if (recordsOf(config).length > 0) continue;
      if (!zones.get(config.hostedZoneId)?.refreshedAt) continue;
      const list = missingByZone.get(config.hostedZoneId) ?? [];
      list.push(config);
      missingByZone.set(config.hostedZoneId, list);
    }
    const requests = [...missingByZone.values()].flatMap(
      (missing): RefreshRequestInput[] =>
        missing.length > MAX_NAME_REQUESTS_PER_ZONE
          ? [
              {
                accountId: missing[0].accountId,
                hostedZoneId: missing[0].hostedZoneId,
                healthCheckIds: [],
              },
            ]
          : missing.map(config => ({
              accountId: config.accountId,
              hostedZoneId: config.hostedZoneId,
              dnsName: config.dnsName,
              healthCheckIds: ROLES.flatMap(role =>
                config[role].healthCheckId ? [config[role].healthCheckId!] : [],
              ),
            })),
    );
    await this.route53.requestRefreshesOnce(requests, MISSING_NAME_RETRY_MS);
  }
}

function readingHas(reading: ReadingOrError | undefined, arn: string): boolean {
  return Boolean(reading && !('error' in reading) && reading.controls.has(arn));
}

/**
 * What of a panel's pending resources concerns this entity: the panel, its
 * two routing controls, and the panel's safety rules.
 */
function pendingOf(
  config: MultiRegionConfig,
  deployment: PanelDeployment | undefined,
): PendingArcResource[] {
  if (!deployment) return [];
  const mine = new Set([
    config.primary.routingControlArn,
    config.secondary.routingControlArn,
  ]);
  return deployment.pending.filter(
    r => r.kind !== 'routing-control' || mine.has(r.arn),
  );
}

/** The pending resource that makes this control unreadable: itself, or its panel. */
function pendingControl(
  config: MultiRegionConfig,
  arn: string,
  pending: PendingArcResource[],
): PendingArcResource | undefined {
  const own = pending.find(r => r.kind === 'routing-control' && r.arn === arn);
  const panel = pending.find(
    r => r.kind === 'control-panel' && r.arn === config.controlPanelArn,
  );
  if (own) return own;
  return panel
    ? { ...panel, kind: 'routing-control', arn, name: undefined }
    : undefined;
}

/** The state of each region's routing control in a snapshot. */
export function controlStates(
  snapshot: RegionSnapshot,
): Record<RegionRole, RegionStatus['routingControl']['state']> {
  return {
    primary: snapshot.regions.primary.routingControl.state,
    secondary: snapshot.regions.secondary.routingControl.state,
  };
}

/** A stored health status as the API shows it: without the configuration. */
function publicHealth({
  config: _config,
  ...status
}: StoredHealthCheck): HealthCheckStatus {
  return status;
}

function stripStored(record: StoredDnsRecord) {
  const { hostedZoneId: _z, refreshedAt: _r, ...rest } = record;
  return rest;
}

function dnsErrorOf(
  config: MultiRegionConfig,
  role: RegionRole,
  zone: { refreshedAt?: number; error?: string } | undefined,
): string {
  if (zone?.error) {
    return `Route 53 refresh of zone ${config.hostedZoneId} failed: ${zone.error}`;
  }
  if (zone?.refreshedAt) {
    return `No ${FAILOVER_RECORD_OF[role]} failover record for ${config.dnsName} in hosted zone ${config.hostedZoneId}.`;
  }
  return 'Not read by the Route 53 refresher yet.';
}

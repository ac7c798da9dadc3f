import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  EntityStatusResponse,
  MultiRegionConfig,
  multiRegionStatusReadPermission,
  ReadinessReport,
  ServicesResponse,
  ServiceSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { PanelReading } from '../arc/RoutingControlReader';
import { OperationsStore } from '../database/OperationsStore';
import { ReadinessStore } from '../database/ReadinessStore';
import { ExternalChangeDetector } from '../operations/ExternalChangeDetector';
import { authorizeEach } from '../permissions/decisions';
import { EntityAccess } from './EntityAccess';
import { EntityResolver, ResolvedEntity } from './EntityResolver';
import { DrillsStore, EntityDrills } from '../database/DrillsStore';
import { drillStatus, serviceDrillSummary } from '../drills/drillStatus';
import { publicOperation } from './publicOperation';
import { currentReadiness } from './ReadinessService';
import { RegionSnapshot, RegionSnapshots } from './RegionSnapshots';

/**
 * The read side: the status of one entity (card, tab) and the summary of
 * every multi-region entity the caller may read (org-wide page).
 */
export class StatusService {
  /** The entities each panel reading was observed for (see detect). */
  private readonly observed = new WeakMap<PanelReading, Set<string>>();

  constructor(
    private readonly deps: {
      access: EntityAccess;
      entities: EntityResolver;
      snapshots: RegionSnapshots;
      operations: OperationsStore;
      readinessStore: Pick<ReadinessStore, 'getMany'>;
      drills: Pick<DrillsStore, 'forEntities'>;
      drillSettings: { overdueAfterDays: number };
      detector: ExternalChangeDetector;
      permissions: PermissionsService;
      logger: LoggerService;
      readOnly: boolean;
    },
  ) {}

  async status(
    rawRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityStatusResponse> {
    const { access, snapshots, operations } = this.deps;
    const { resolved, decisions } = await access.readable(rawRef, credentials, {
      reuse: true,
    });
    const { entityRef, config } = resolved;
    const permissions = access.callerPermissions(decisions, credentials);
    const base = {
      entityRef,
      permissions,
      readOnly: this.deps.readOnly,
      fetchedAt: new Date().toISOString(),
    };
    if (!config) {
      return { ...base, annotationErrors: resolved.annotationErrors };
    }
    const snapshot = (await snapshots.build([{ entityRef, config }])).get(
      entityRef,
    )!;
    await this.detect(entityRef, config, snapshot);
    const [pending, last, readiness, drills] = await Promise.all([
      operations.pendingFor([entityRef]),
      operations.lastChangeFor([entityRef]),
      this.storedReadiness([entityRef]),
      this.deps.drills.forEntities([entityRef]),
    ]);
    const lastChange = last.get(entityRef);
    const active = snapshot.active;
    return {
      ...base,
      primaryRegion: config.primary.region,
      secondaryRegion: config.secondary.region,
      dnsName: config.dnsName,
      rtoMinutes: config.rtoMinutes,
      regions: snapshot.regions,
      active,
      activeSince:
        lastChange &&
        active.certainty !== 'unknown' &&
        lastChange.toRegion === active.activeRegion
          ? lastChange.completedAt
          : undefined,
      pendingOperation: publicOperation(pending.get(entityRef)),
      lastChange: publicOperation(lastChange),
      ...(snapshot.deployment ? { deployment: snapshot.deployment } : {}),
      dnsRefreshedAt: snapshot.dnsRefreshedAt,
      readiness: currentReadiness(readiness.get(entityRef), config, active),
      drills: drillStatus(
        drills.get(entityRef),
        this.deps.drillSettings.overdueAfterDays,
        permissions.canFailover ? undefined : permissions.failoverDeniedReason,
      ),
    };
  }

  async services(credentials: BackstageCredentials): Promise<ServicesResponse> {
    const { items } = await this.summaries(credentials);
    return { items, fetchedAt: new Date().toISOString() };
  }

  /**
   * The org-wide list (what {@link StatusService.services} answers), with
   * the entities it was made of and their drills: the organisation report
   * lists exactly what the caller may read here.
   */
  async summaries(credentials: BackstageCredentials): Promise<{
    items: ServiceSummary[];
    entities: ResolvedEntity[];
    drills: Map<string, EntityDrills>;
  }> {
    const visible = await this.readableEntities(credentials);
    const refs = new Set(visible.map(e => e.entityRef));
    const configs = visible.flatMap(e =>
      e.config ? [{ entityRef: e.entityRef, config: e.config }] : [],
    );
    const [snapshots, pending, last, readiness, drills] = await Promise.all([
      this.deps.snapshots.build(configs),
      this.deps.operations.pendingFor([...refs]),
      this.deps.operations.lastChangeFor([...refs]),
      this.storedReadiness(configs.map(c => c.entityRef)),
      this.deps.drills.forEntities(configs.map(c => c.entityRef)),
    ]);
    const items: ServiceSummary[] = visible.map(e => {
      const snapshot = snapshots.get(e.entityRef);
      const active = snapshot?.active;
      return {
        entityRef: e.entityRef,
        title: e.entity.metadata.title ?? e.entity.metadata.name,
        owner: ownerOf(e.entity),
        system:
          typeof e.entity.spec?.system === 'string'
            ? e.entity.spec.system
            : undefined,
        appRole: e.config?.appRole ?? 'service',
        primaryRegion: e.config?.primary.region,
        secondaryRegion: e.config?.secondary.region,
        active,
        activeHealth:
          snapshot && active && active.certainty !== 'unknown'
            ? snapshot.regions[active.activeRole].healthCheck.status
            : undefined,
        lastChange: publicOperation(last.get(e.entityRef)),
        pendingOperation: publicOperation(pending.get(e.entityRef)),
        annotationErrors: e.annotationErrors,
        ...(snapshot?.deployment ? { deployment: snapshot.deployment } : {}),
        dependsOn: dependsOnRefs(e.entity, refs),
        readiness:
          e.config &&
          currentReadiness(readiness.get(e.entityRef), e.config, active)
            ?.summary,
        ...(e.config
          ? {
              drill: serviceDrillSummary(
                drills.get(e.entityRef),
                this.deps.drillSettings.overdueAfterDays,
              ),
            }
          : {}),
      };
    });
    return { items, entities: visible, drills };
  }

  /**
   * The multi-region entities the caller may see in the catalog (the list is
   * read as the caller) and read the status of: one conditional decision for
   * the whole list, its conditions applied by the catalog in the same query;
   * only conditions no catalog query can express are decided per entity.
   */
  private async readableEntities(
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity[]> {
    const { access, entities, permissions } = this.deps;
    const scope = await access.statusReadScope(credentials);
    switch (scope.kind) {
      case 'none':
        return [];
      case 'all':
        return entities.list(credentials);
      case 'matching':
        return entities.list(credentials, { matching: scope.predicate });
      default: {
        const all = await entities.list(credentials);
        const readable = await authorizeEach(
          permissions,
          credentials,
          all.map(e => e.entityRef),
          [multiRegionStatusReadPermission],
        );
        return all.filter(e => readable.get(e.entityRef)?.[0]);
      }
    }
  }

  /**
   * The stored readiness reports of these entities, in one query; the status
   * is still served when they cannot be read (they are an addition to it).
   */
  private async storedReadiness(
    entityRefs: string[],
  ): Promise<Map<string, ReadinessReport>> {
    if (entityRefs.length === 0) return new Map();
    try {
      return await this.deps.readinessStore.getMany(entityRefs);
    } catch (error) {
      this.deps.logger.warn(
        `Reading the stored readiness reports failed: ${stringifyError(error)}`,
      );
      return new Map();
    }
  }

  /**
   * A status read is also a chance to notice a change made outside the
   * portal; each reading once per entity (the reader hands out the same
   * reading while it is cached, and observing it again changes nothing).
   */
  private async detect(
    entityRef: string,
    config: MultiRegionConfig,
    snapshot: RegionSnapshot,
  ): Promise<void> {
    const reading = snapshot.reading;
    if (!reading) return;
    const seen = this.observed.get(reading);
    if (seen?.has(entityRef)) return;
    try {
      await this.deps.detector.observe(
        entityRef,
        config,
        snapshot.active,
        reading,
        'status read',
      );
      const entities = this.observed.get(reading) ?? new Set<string>();
      entities.add(entityRef);
      this.observed.set(reading, entities);
    } catch (error) {
      this.deps.logger.warn(
        `External-change detection for ${entityRef} failed: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

/** The owner to show: the catalog's ownedBy relation, else spec.owner (display only, never authorisation). */
export function ownerOf(entity: Entity): string | undefined {
  return (
    entity.relations?.find(r => r.type === 'ownedBy')?.targetRef ??
    (typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined)
  );
}

function dependsOnRefs(entity: Entity, known: Set<string>) {
  return (entity.relations ?? [])
    .filter(r => r.type === 'dependsOn' && known.has(r.targetRef))
    .map(r => r.targetRef);
}

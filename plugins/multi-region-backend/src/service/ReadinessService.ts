import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, stringifyError } from '@backstage/errors';
import {
  ActiveRegionResult,
  MultiRegionConfig,
  nextTargetRole,
  ReadinessReport,
  ReadinessRequest,
  RegionRole,
} from '@multi-region-failover/plugin-multi-region-common';
import { ReadinessStore } from '../database/ReadinessStore';
import { ReadinessEvaluator } from '../readiness/ReadinessEvaluator';
import { EntityAccess, targetRoleOf } from './EntityAccess';
import { EntityResolver } from './EntityResolver';
import { RegionSnapshots } from './RegionSnapshots';

/** Reports not evaluated for this long belong to entities gone from the catalog. */
const FORGET_AFTER_MS = 7 * 24 * 3600_000;

/**
 * The region whose readiness the card and the org-wide page show: the
 * region that is not active (`nextTargetRole`). Undefined while the active
 * region is unknown.
 */
export function shownTargetRegion(
  config: MultiRegionConfig,
  active: ActiveRegionResult | undefined,
): string | undefined {
  const role = nextTargetRole(active);
  return role ? config[role].region : undefined;
}

/**
 * A stored report as the status shows it: only while it is about the region
 * a change would go to now (after a failover, the report of the change
 * before it no longer is, until the next evaluation).
 */
export function currentReadiness<T extends { targetRegion: string }>(
  stored: T | undefined,
  config: MultiRegionConfig,
  active: ActiveRegionResult | undefined,
): T | undefined {
  const target = shownTargetRegion(config, active);
  return stored && (!target || stored.targetRegion === target)
    ? stored
    : undefined;
}

/**
 * Readiness on request (`GET /readiness`, as the caller) and for every
 * entity (the scheduled run); both store each entity's latest report.
 */
export class ReadinessService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      entities: EntityResolver;
      snapshots: RegionSnapshots;
      readiness: Pick<ReadinessEvaluator, 'evaluate' | 'evaluateMany'>;
      readinessStore: ReadinessStore;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /**
   * The checks of a change of the entity to `targetRegion` (default: the
   * region that is not active), evaluated now. Read permission on the entity
   * is enough (a service may ask). Stored as the entity's latest when it is
   * about that default target.
   */
  async readiness(
    request: ReadinessRequest,
    credentials: BackstageCredentials,
  ): Promise<ReadinessReport> {
    const { access, snapshots } = this.deps;
    const { resolved, config } = await access.configured(
      request.entityRef,
      credentials,
    );
    const { entityRef } = resolved;
    const snapshot = (await snapshots.build([{ entityRef, config }])).get(
      entityRef,
    )!;
    const next = nextTargetRole(snapshot.active);
    let targetRole: RegionRole;
    if (request.targetRegion !== undefined) {
      targetRole = targetRoleOf(entityRef, config, request.targetRegion);
    } else if (next) {
      targetRole = next;
    } else {
      const why =
        snapshot.active.certainty === 'unknown'
          ? ` (${snapshot.active.reason})`
          : '';
      throw new ConflictError(
        `The active region of ${entityRef} is unknown${why}, so there is no default target: ask again with targetRegion=${config.primary.region} or targetRegion=${config.secondary.region}.`,
      );
    }
    const report = await this.deps.readiness.evaluate({
      entityRef,
      config,
      snapshot,
      targetRole,
    });
    if (!next || next === targetRole) await this.store([report]);
    return report;
  }

  /**
   * The scheduled run: evaluates every configured entity whose latest report
   * is due, that is missing (a service just added to the catalog, or the
   * catalog not read yet at the previous run), about another target than a
   * change would have now (the active region changed), or older than
   * `maxAgeMs`. An entity whose records and health checks the Route 53
   * refresher has not read yet waits for them (right after start, or a
   * service just added), rather than being judged on "not read yet". The
   * target is the region that is not active, or the secondary while the
   * active region is unknown. Never rejects; failures are logged.
   */
  async evaluateDue(maxAgeMs: number): Promise<{ evaluated: number }> {
    const { entities, snapshots, logger } = this.deps;
    try {
      const configs = (await entities.list()).flatMap(e =>
        e.config ? [{ entityRef: e.entityRef, config: e.config }] : [],
      );
      const [built, stored] = await Promise.all([
        snapshots.build(configs),
        this.deps.readinessStore.getMany(configs.map(c => c.entityRef)),
      ]);
      const now = (this.deps.now ?? Date.now)();
      const due = configs.flatMap(({ entityRef, config }) => {
        const snapshot = built.get(entityRef)!;
        if (!snapshot.route53Read) return [];
        const targetRole = nextTargetRole(snapshot.active) ?? 'secondary';
        const report = stored.get(entityRef);
        const fresh =
          report &&
          report.targetRegion === config[targetRole].region &&
          now - Date.parse(report.evaluatedAt) < maxAgeMs;
        return fresh ? [] : [{ entityRef, config, snapshot, targetRole }];
      });
      if (due.length === 0) return { evaluated: 0 };
      const reports = await this.deps.readiness.evaluateMany(due);
      await this.store([...reports.values()]);
      await this.deps.readinessStore.deleteEvaluatedBefore(
        now - FORGET_AFTER_MS,
      );
      return { evaluated: reports.size };
    } catch (error) {
      logger.warn(
        `Scheduled readiness evaluation failed: ${stringifyError(error)}`,
      );
      return { evaluated: 0 };
    }
  }

  /** A report that cannot be stored is still answered; the next run stores it. */
  private async store(reports: ReadinessReport[]): Promise<void> {
    try {
      await this.deps.readinessStore.putMany(reports);
    } catch (error) {
      this.deps.logger.warn(
        `Storing ${reports.length} readiness report(s) failed: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

import { ConflictError } from '@backstage/errors';
import {
  Drill,
  DrillEvent,
  DrillOutcome,
  DrillState,
  MultiRegionConfig,
  RUNNING_DRILL_STATES,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import { ChangeFeed, RecordListener } from './ChangeFeed';
import { claimStaleRows, insertUnderLock, requestStopOnce } from './heartbeats';

const DRILLS = 'multi_region_drills';
const LOCKS = 'multi_region_drill_locks';

/** A drill with what only the server keeps: the configuration it fails back with. */
export interface StoredDrill extends Drill {
  controlPanelArn: string;
  config: MultiRegionConfig;
}

/** The fields of a drill kept as one JSON column. */
type DrillDetails = Pick<
  Drill,
  | 'primaryRegion'
  | 'secondaryRegion'
  | 'failoverOperationId'
  | 'failbackOperationId'
  | 'watch'
  | 'outcomeAlarms'
  | 'blockingAlarms'
  | 'events'
  | 'failoverTimings'
  | 'failbackTimings'
  | 'rtoMinutes'
  | 'rtoMet'
>;

interface DrillRow {
  seq: number;
  id: string;
  entity_ref: string;
  control_panel_arn: string;
  actor: string;
  reason: string;
  soak_seconds: number;
  state: string;
  outcome: string | null;
  outcome_detail: string | null;
  config: string;
  details: string;
  soak_started_at: number | string | null;
  soak_ends_at: number | string | null;
  stop_request: string | null;
  created_at: number | string;
  updated_at: number | string;
  completed_at: number | string | null;
}

/** Drill fields that change while it runs. */
export interface DrillPatch
  extends Partial<
    Pick<
      Drill,
      | 'state'
      | 'outcome'
      | 'outcomeDetail'
      | 'failoverOperationId'
      | 'failbackOperationId'
      | 'watch'
      | 'failoverTimings'
      | 'failbackTimings'
      | 'rtoMet'
      | 'soakStartedAt'
      | 'soakEndsAt'
    >
  > {
  /** Appended to the drill's events. */
  events?: string[];
}

/** The drills of some entities, as the card and the org-wide page need them. */
export interface EntityDrills {
  running?: StoredDrill;
  last?: StoredDrill;
  /** When the latest passed drill completed. */
  lastPassedAt?: number;
}

const iso = (ms: number | string | null | undefined) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();
const ms = (value: string | undefined) =>
  value === undefined ? null : Date.parse(value);
const RUNNING = RUNNING_DRILL_STATES as string[];

function toDrill(row: DrillRow): StoredDrill {
  const details = JSON.parse(row.details) as DrillDetails;
  return {
    id: row.id,
    entityRef: row.entity_ref,
    controlPanelArn: row.control_panel_arn,
    actor: row.actor,
    reason: row.reason,
    soakSeconds: Number(row.soak_seconds),
    state: row.state as DrillState,
    ...(row.outcome ? { outcome: row.outcome as DrillOutcome } : {}),
    ...(row.outcome_detail ? { outcomeDetail: row.outcome_detail } : {}),
    ...details,
    soakStartedAt: iso(row.soak_started_at),
    soakEndsAt: iso(row.soak_ends_at),
    ...(row.stop_request ? { stop: JSON.parse(row.stop_request) } : {}),
    config: JSON.parse(row.config),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    completedAt: iso(row.completed_at),
  };
}

/**
 * The drills and their per-panel lock: one running drill per control panel,
 * on every replica. The replica running a drill bumps `updated_at` as its
 * heartbeat; a drill whose heartbeat went stale is taken over (and failed
 * back) by another replica ({@link DrillsStore.claimStale}).
 *
 * @public
 */
export class DrillsStore {
  private readonly feed = new ChangeFeed();

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Listens to drills starting, moving on and ending (live updates, notifications). */
  onChange(listener: RecordListener): void {
    this.feed.add(listener);
  }

  /**
   * Records a new drill with its panel's drill lock, in one transaction: a
   * drill already running on the panel is a ConflictError with
   * `refusal: 'drill-running'`.
   */
  async create(drill: StoredDrill): Promise<void> {
    const holder = await insertUnderLock(
      this.db,
      {
        table: LOCKS,
        key: { control_panel_arn: drill.controlPanelArn },
        row: { drill_id: drill.id, created_at: this.now() },
      },
      async tx => {
        await tx(DRILLS).insert(this.toRow(drill));
      },
    );
    if (holder) {
      throw Object.assign(
        new ConflictError(
          `Another drill of this control panel is under way (drill ${holder.drill_id}); stop it or wait for it to end.`,
        ),
        { refusal: 'drill-running' },
      );
    }
    await this.feed.emit('started', drill.id);
  }

  async get(id: string): Promise<StoredDrill | undefined> {
    const row = await this.db<DrillRow>(DRILLS).where({ id }).first();
    return row ? toDrill(row) : undefined;
  }

  /** Newest first. */
  async list(entityRef: string, limit: number): Promise<StoredDrill[]> {
    const rows = await this.db<DrillRow>(DRILLS)
      .where({ entity_ref: entityRef })
      .orderBy('seq', 'desc')
      .limit(limit);
    return rows.map(toDrill);
  }

  /** The running drill, the latest finished one and the latest passed one, per entity. */
  async forEntities(entityRefs: string[]): Promise<Map<string, EntityDrills>> {
    const result = new Map<string, EntityDrills>();
    const entry = (ref: string) => {
      let e = result.get(ref);
      if (!e) result.set(ref, (e = {}));
      return e;
    };
    for (let i = 0; i < entityRefs.length; i += 500) {
      const chunk = entityRefs.slice(i, i + 500);
      const latest = (states: (q: Knex.QueryBuilder) => Knex.QueryBuilder) =>
        this.db<DrillRow>(DRILLS).whereIn(
          'seq',
          states(
            this.db(DRILLS).max('seq as seq').whereIn('entity_ref', chunk),
          ).groupBy('entity_ref'),
        );
      for (const row of await latest(q => q.whereIn('state', RUNNING))) {
        entry(row.entity_ref).running = toDrill(row);
      }
      for (const row of await latest(q => q.whereNotIn('state', RUNNING))) {
        entry(row.entity_ref).last = toDrill(row);
      }
      for (const row of await latest(q => q.where('outcome', 'passed'))) {
        entry(row.entity_ref).lastPassedAt = Number(row.completed_at);
      }
    }
    return result;
  }

  /**
   * Applies a patch written by the replica running the drill, and bumps its
   * heartbeat. Returns the drill as stored afterwards (with any stop request
   * another replica wrote).
   */
  async update(id: string, patch: DrillPatch): Promise<StoredDrill> {
    const updated = await this.db.transaction(async tx => {
      const row = await tx<DrillRow>(DRILLS).where({ id }).first();
      if (!row) throw new Error(`Drill ${id} does not exist`);
      const drill = toDrill(row);
      await tx(DRILLS).where({ id }).update(this.patchRow(drill, patch));
      return toDrill((await tx<DrillRow>(DRILLS).where({ id }).first())!);
    });
    await this.feed.emit('updated', id);
    return updated;
  }

  /** The heartbeat of the replica running the drill. */
  async touch(id: string): Promise<void> {
    await this.db(DRILLS)
      .where({ id })
      .whereIn('state', RUNNING)
      .update({ updated_at: this.now() });
  }

  /** Finishes the drill and releases its panel's drill lock, together. */
  async complete(
    id: string,
    patch: DrillPatch & { state: DrillState; outcome: DrillOutcome },
  ): Promise<StoredDrill> {
    return this.db
      .transaction(async tx => {
        const row = await tx<DrillRow>(DRILLS).where({ id }).first();
        if (!row) throw new Error(`Drill ${id} does not exist`);
        await tx(DRILLS)
          .where({ id })
          .update({
            ...this.patchRow(toDrill(row), patch),
            completed_at: this.now(),
          });
        await tx(LOCKS).where({ drill_id: id }).delete();
        return toDrill((await tx<DrillRow>(DRILLS).where({ id }).first())!);
      })
      .then(async done => {
        await this.feed.emit('finished', id);
        return done;
      });
  }

  /**
   * Asks the replica running the drill to fail back now. False when the
   * drill is not running (or a stop was asked already: the first one stands).
   */
  async requestStop(
    id: string,
    stop: { by: string; reason: string },
  ): Promise<boolean> {
    const asked = await requestStopOnce(
      this.db,
      DRILLS,
      q => q.whereIn('state', RUNNING),
      id,
      stop,
      this.now(),
    );
    if (asked) await this.feed.emit('updated', id);
    return asked;
  }

  /**
   * Running drills whose heartbeat is older than `before` (their replica
   * stopped), each claimed for this replica by a compare-and-set of its
   * heartbeat: two replicas never take over the same drill. Each is returned
   * with `updatedAt` its last heartbeat before the claim (when its replica was
   * last heard of), which the takeover reports.
   */
  async claimStale(before: number): Promise<StoredDrill[]> {
    const rows = await claimStaleRows<DrillRow>(
      this.db,
      DRILLS,
      q => q.whereIn('state', RUNNING),
      before,
      this.now(),
    );
    const claimed: StoredDrill[] = [];
    for (const row of rows) {
      claimed.push({
        ...(await this.get(row.id))!,
        updatedAt: iso(row.updated_at)!,
      });
    }
    return claimed;
  }

  private toRow(drill: StoredDrill) {
    const details: DrillDetails = {
      primaryRegion: drill.primaryRegion,
      secondaryRegion: drill.secondaryRegion,
      failoverOperationId: drill.failoverOperationId,
      failbackOperationId: drill.failbackOperationId,
      watch: drill.watch,
      outcomeAlarms: drill.outcomeAlarms,
      blockingAlarms: drill.blockingAlarms,
      events: drill.events,
      failoverTimings: drill.failoverTimings,
      failbackTimings: drill.failbackTimings,
      rtoMinutes: drill.rtoMinutes,
      rtoMet: drill.rtoMet,
    };
    return {
      id: drill.id,
      entity_ref: drill.entityRef,
      control_panel_arn: drill.controlPanelArn,
      actor: drill.actor,
      reason: drill.reason,
      soak_seconds: drill.soakSeconds,
      state: drill.state,
      outcome: drill.outcome ?? null,
      outcome_detail: drill.outcomeDetail ?? null,
      config: JSON.stringify(drill.config),
      details: JSON.stringify(details),
      soak_started_at: ms(drill.soakStartedAt),
      soak_ends_at: ms(drill.soakEndsAt),
      stop_request: drill.stop ? JSON.stringify(drill.stop) : null,
      created_at: Date.parse(drill.createdAt),
      updated_at: Date.parse(drill.updatedAt),
      completed_at: ms(drill.completedAt),
    };
  }

  /** The row update of a patch on top of the drill as stored. */
  private patchRow(drill: StoredDrill, patch: DrillPatch) {
    const at = new Date(this.now()).toISOString();
    const { events, ...fields } = patch;
    const added: DrillEvent[] = (events ?? []).map(message => ({
      at,
      message,
    }));
    const next: StoredDrill = {
      ...drill,
      ...fields,
      events: [...drill.events, ...added],
    };
    const row = this.toRow(next);
    return {
      state: row.state,
      outcome: row.outcome,
      outcome_detail: row.outcome_detail,
      details: row.details,
      soak_started_at: row.soak_started_at,
      soak_ends_at: row.soak_ends_at,
      updated_at: this.now(),
    };
  }
}

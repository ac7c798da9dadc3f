import { ConflictError } from '@backstage/errors';
import {
  Evacuation,
  EvacuationItem,
  EvacuationOutcome,
  EvacuationSelection,
  MultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import { ChangeFeed, RecordListener } from './ChangeFeed';
import { claimStaleRows, insertUnderLock, requestStopOnce } from './heartbeats';

const EVACUATIONS = 'multi_region_evacuations';
const ITEMS = 'multi_region_evacuation_items';
const EVENTS = 'multi_region_evacuation_events';
const LOCKS = 'multi_region_evacuation_locks';

/** One service of an evacuation, with the configuration it moves with (absent when skipped at start). */
export interface StoredEvacuationItem extends EvacuationItem {
  config?: MultiRegionConfig;
}

/** An evacuation as stored: every service, named (the API filters them per caller). */
export interface StoredEvacuation
  extends Omit<Evacuation, 'items' | 'unlisted' | 'counts'> {
  items: StoredEvacuationItem[];
}

/** Fields of an item that change while the evacuation runs. */
export type EvacuationItemPatch = Partial<
  Pick<
    EvacuationItem,
    'state' | 'skip' | 'error' | 'operationId' | 'startedAt' | 'completedAt'
  >
>;

interface EvacuationRow {
  seq: number;
  id: string;
  region: string;
  selection: string;
  actor: string;
  reason: string;
  stop_on_failure: boolean | number;
  state: string;
  outcome: string | null;
  stop_request: string | null;
  created_at: number | string;
  updated_at: number | string;
  completed_at: number | string | null;
}

interface ItemRow {
  evacuation_id: string;
  entity_ref: string;
  position: number;
  state: string;
  details: string;
  config: string | null;
  operation_id: string | null;
}

/** The item fields kept as one JSON column. */
type ItemDetails = Omit<
  StoredEvacuationItem,
  'entityRef' | 'state' | 'config' | 'operationId'
>;

const iso = (ms: number | string | null | undefined) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();

function toItem(row: ItemRow): StoredEvacuationItem {
  const details = JSON.parse(row.details) as ItemDetails;
  return {
    entityRef: row.entity_ref,
    state: row.state as EvacuationItem['state'],
    ...details,
    ...(row.operation_id ? { operationId: row.operation_id } : {}),
    ...(row.config ? { config: JSON.parse(row.config) } : {}),
  };
}

function itemRow(
  evacuationId: string,
  position: number,
  item: StoredEvacuationItem,
): ItemRow {
  const { entityRef, state, config, operationId, ...details } = item;
  return {
    evacuation_id: evacuationId,
    entity_ref: entityRef,
    position,
    state,
    details: JSON.stringify(details),
    config: config ? JSON.stringify(config) : null,
    operation_id: operationId ?? null,
  };
}

/**
 * Evacuations, their services and events, and the per-region lock: one
 * running evacuation per region, on every replica. Each service is a row of
 * its own, so services moving in parallel update only themselves. The
 * replica running an evacuation bumps `updated_at` as its heartbeat; one
 * whose heartbeat went stale is taken over by another replica
 * ({@link EvacuationsStore.claimStale}).
 */
export class EvacuationsStore {
  private readonly feed = new ChangeFeed();

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Listens to evacuations starting, moving on and ending (live updates, notifications). */
  onChange(listener: RecordListener): void {
    this.feed.add(listener);
  }

  /**
   * Records a new evacuation with its region's lock, in one transaction: one
   * already running for the region is a ConflictError with
   * `refusal: 'evacuation-running'`.
   */
  async create(evacuation: StoredEvacuation): Promise<void> {
    const holder = await insertUnderLock(
      this.db,
      {
        table: LOCKS,
        key: { region: evacuation.region },
        row: { evacuation_id: evacuation.id, created_at: this.now() },
      },
      async tx => {
        await tx(EVACUATIONS).insert({
          id: evacuation.id,
          region: evacuation.region,
          selection: JSON.stringify(evacuation.selection),
          actor: evacuation.actor,
          reason: evacuation.reason,
          stop_on_failure: evacuation.stopOnFailure,
          state: evacuation.state,
          outcome: null,
          stop_request: null,
          created_at: Date.parse(evacuation.createdAt),
          updated_at: Date.parse(evacuation.updatedAt),
          completed_at: null,
        });
        const rows = evacuation.items.map((item, i) =>
          itemRow(evacuation.id, i, item),
        );
        // a few rows per insert: SQLite's limit on bound variables
        for (let i = 0; i < rows.length; i += 50) {
          await tx(ITEMS).insert(rows.slice(i, i + 50));
        }
        await this.insertEvents(tx, evacuation.id, evacuation.events);
      },
    );
    if (holder) {
      throw Object.assign(
        new ConflictError(
          `An evacuation of ${evacuation.region} is already under way (evacuation ${holder.evacuation_id}); follow it, or stop it first.`,
        ),
        { refusal: 'evacuation-running', evacuationId: holder.evacuation_id },
      );
    }
    await this.feed.emit('started', evacuation.id);
  }

  async get(id: string): Promise<StoredEvacuation | undefined> {
    const row = await this.db<EvacuationRow>(EVACUATIONS).where({ id }).first();
    return row ? (await this.withParts([row]))[0] : undefined;
  }

  /** The evacuation under way for the region, if any (its lock's holder). */
  async runningFor(region: string): Promise<string | undefined> {
    const lock = await this.db(LOCKS).where({ region }).first();
    return lock?.evacuation_id;
  }

  /** Newest first. */
  async list(limit: number): Promise<StoredEvacuation[]> {
    const rows = await this.db<EvacuationRow>(EVACUATIONS)
      .orderBy('seq', 'desc')
      .limit(limit);
    return this.withParts(rows);
  }

  /** Updates one service of the evacuation, and bumps the heartbeat. */
  async updateItem(
    id: string,
    entityRef: string,
    patch: EvacuationItemPatch,
  ): Promise<StoredEvacuationItem> {
    return this.db
      .transaction(async tx => {
        const row = await tx<ItemRow>(ITEMS)
          .where({ evacuation_id: id, entity_ref: entityRef })
          .first();
        if (!row) throw new Error(`Evacuation ${id} has no ${entityRef}`);
        const next = { ...toItem(row), ...patch };
        const { state, details, operation_id } = itemRow(
          id,
          row.position,
          next,
        );
        await tx(ITEMS)
          .where({ evacuation_id: id, entity_ref: entityRef })
          .update({ state, details, operation_id });
        await tx(EVACUATIONS).where({ id }).update({ updated_at: this.now() });
        return next;
      })
      .then(async next => {
        await this.feed.emit('updated', id);
        return next;
      });
  }

  /** Appends to the evacuation's events. */
  async addEvents(id: string, messages: string[]): Promise<void> {
    const at = new Date(this.now()).toISOString();
    await this.insertEvents(
      this.db,
      id,
      messages.map(message => ({ at, message })),
    );
    await this.feed.emit('updated', id);
  }

  /** The heartbeat of the replica running the evacuation. */
  async touch(id: string): Promise<void> {
    await this.db(EVACUATIONS)
      .where({ id, state: 'running' })
      .update({ updated_at: this.now() });
  }

  /**
   * Asks the replica running the evacuation to start nothing more. False
   * when it is not running (or a stop was asked already: the first stands).
   */
  async requestStop(
    id: string,
    stop: { by: string; reason: string },
  ): Promise<boolean> {
    const asked = await requestStopOnce(
      this.db,
      EVACUATIONS,
      q => q.where({ state: 'running' }),
      id,
      stop,
      this.now(),
    );
    if (asked) await this.feed.emit('updated', id);
    return asked;
  }

  /** The stop request, if any (read by the runner between services). */
  async stopRequest(id: string): Promise<Evacuation['stop']> {
    const row = await this.db<EvacuationRow>(EVACUATIONS)
      .where({ id })
      .first('stop_request');
    return row?.stop_request ? JSON.parse(row.stop_request) : undefined;
  }

  /** Finishes the evacuation and releases its region's lock, together. */
  async complete(
    id: string,
    outcome: EvacuationOutcome,
  ): Promise<StoredEvacuation> {
    await this.db.transaction(async tx => {
      await tx(EVACUATIONS).where({ id }).update({
        state: 'completed',
        outcome,
        updated_at: this.now(),
        completed_at: this.now(),
      });
      await tx(LOCKS).where({ evacuation_id: id }).delete();
    });
    await this.feed.emit('finished', id);
    return (await this.get(id))!;
  }

  /**
   * Running evacuations whose heartbeat is older than `before` (their
   * replica stopped), each claimed for this replica by a compare-and-set of
   * its heartbeat: two replicas never take over the same evacuation.
   */
  async claimStale(before: number): Promise<StoredEvacuation[]> {
    const rows = await claimStaleRows<EvacuationRow>(
      this.db,
      EVACUATIONS,
      q => q.where({ state: 'running' }),
      before,
      this.now(),
    );
    const claimed: StoredEvacuation[] = [];
    for (const row of rows) {
      claimed.push({
        ...(await this.get(row.id))!,
        updatedAt: iso(row.updated_at)!,
      });
    }
    return claimed;
  }

  private async insertEvents(
    db: Knex,
    id: string,
    events: { at: string; message: string }[],
  ) {
    for (let i = 0; i < events.length; i += 50) {
      await db(EVENTS).insert(
        events.slice(i, i + 50).map(e => ({
          evacuation_id: id,
          at: Date.parse(e.at),
          message: e.message,
        })),
      );
    }
  }

  /** The evacuations of these rows with their services and events. */
  private async withParts(rows: EvacuationRow[]): Promise<StoredEvacuation[]> {
    if (rows.length === 0) return [];
    const ids = rows.map(r => r.id);
    const [items, events] = await Promise.all([
      this.db<ItemRow>(ITEMS)
        .whereIn('evacuation_id', ids)
        .orderBy('position', 'asc'),
      this.db(EVENTS).whereIn('evacuation_id', ids).orderBy('seq', 'asc'),
    ]);
    return rows.map(row => ({
      id: row.id,
      region: row.region,
      selection: JSON.parse(row.selection) as EvacuationSelection,
      actor: row.actor,
      reason: row.reason,
      stopOnFailure: Boolean(row.stop_on_failure),
      state: row.state as StoredEvacuation['state'],
      ...(row.outcome ? { outcome: row.outcome as EvacuationOutcome } : {}),
      ...(row.stop_request ? { stop: JSON.parse(row.stop_request) } : {}),
      items: items.filter(i => i.evacuation_id === row.id).map(toItem),
      events: events
        .filter(e => e.evacuation_id === row.id)
        .map(e => ({ at: iso(e.at)!, message: e.message })),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      ...(row.completed_at ? { completedAt: iso(row.completed_at) } : {}),
    }));
  }
}

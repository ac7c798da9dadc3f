import { ConflictError } from '@backstage/errors';
import {
  Operation,
  OperationReadiness,
  OperationStep,
  OperationStatus,
  OperationTimings,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import { WAIT_PERIOD_ERROR, WaitPeriodStart } from '../arc/waitPeriods';

const OPS = 'multi_region_operations';
const LOCKS = 'multi_region_locks';
const KNOWN = 'multi_region_known_states';

/** An operation with the columns the API does not show. */
export interface StoredOperation extends Operation {
  controlPanelArn: string;
  /** What the operation set out to do, for reconciliation after a crash. */
  intent?: OperationIntent;
  found?: unknown;
}

/** The ARC write an operation intends. */
export interface OperationIntent {
  clusterName: string;
  entries: Array<{ arn: string; state: 'On' | 'Off' }>;
  safetyRulesToOverride: string[];
}

interface OperationRow {
  seq: number;
  id: string;
  entity_ref: string;
  control_panel_arn: string;
  action: string;
  from_region: string;
  to_region: string;
  reason: string;
  actor: string;
  source: string;
  override_safety_rules: boolean | number;
  status: string;
  steps: string;
  error: string | null;
  intent: string | null;
  found: string | null;
  created_at: number | string;
  updated_at: number | string;
  completed_at: number | string | null;
  dns_followed_after_ms: number | null;
  superseded_by?: string | null;
  readiness?: string | null;
  drill_id?: string | null;
  evacuation_id?: string | null;
  timings?: string | null;
}

const iso = (ms: number | string | null | undefined) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();

function toOperation(row: OperationRow): StoredOperation {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    controlPanelArn: row.control_panel_arn,
    action: row.action as Operation['action'],
    fromRegion: row.from_region,
    toRegion: row.to_region,
    reason: row.reason,
    actor: row.actor,
    source: row.source as Operation['source'],
    overrideSafetyRules: Boolean(row.override_safety_rules),
    status: row.status as OperationStatus,
    steps: JSON.parse(row.steps),
    error: row.error ? JSON.parse(row.error) : undefined,
    intent: row.intent ? JSON.parse(row.intent) : undefined,
    found: row.found ? JSON.parse(row.found) : undefined,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    completedAt: iso(row.completed_at),
    dnsFollowedAfterMs: row.dns_followed_after_ms ?? undefined,
    ...(row.superseded_by ? { supersededBy: row.superseded_by } : {}),
    ...(row.readiness
      ? { readiness: JSON.parse(row.readiness) as OperationReadiness }
      : {}),
    ...(row.drill_id ? { drillId: row.drill_id } : {}),
    ...(row.evacuation_id ? { evacuationId: row.evacuation_id } : {}),
    ...(row.timings
      ? { timings: JSON.parse(row.timings) as OperationTimings }
      : {}),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** Operation fields that change while it runs. */
export interface OperationPatch {
  status?: OperationStatus;
  steps?: OperationStep[];
  error?: { name: string; message: string } | null;
  found?: unknown;
  completedAt?: number;
  dnsFollowedAfterMs?: number;
  timings?: OperationTimings;
}

const UNFINISHED: OperationStatus[] = ['pending', 'in-progress'];

/** The active region the portal itself just set (so it is not seen as external). */
export interface KnownState {
  entityRef: string;
  activeRegion: string;
  states: Record<string, string>;
}

/** What a heartbeat of an operation following DNS found. */
export type Heartbeat =
  | { state: 'running' }
  /** A later operation of the same panel took over: stop following DNS. */
  | { state: 'superseded'; by: string }
  /** Completed by someone else (e.g. reconciled as stale): stop, write nothing. */
  | { state: 'finished' };

/**
 * An operation the portal started, one that moved on (a step), or one that
 * ended (an external change is recorded ended).
 */
export interface OperationChange {
  kind: 'started' | 'updated' | 'finished';
  operation: StoredOperation;
}

/** Told of every {@link OperationChange} once it is committed; must not throw or take long. */
export type OperationListener = (change: OperationChange) => Promise<void>;

/**
 * The audit trail and the per-panel lock. An operation is written (with its
 * lock, in one transaction) BEFORE any ARC call. The lock covers the ARC write
 * (and its read-back) only: it is released when the write has settled
 * ({@link OperationsStore.settleWrite} or {@link OperationsStore.complete}),
 * while the operation may go on following DNS, `in-progress` and without the
 * lock, until it completes or a later operation of the panel supersedes it.
 *
 * @public
 */
export class OperationsStore {
  private readonly listeners: OperationListener[] = [];
  /** Operations a caller's transaction ended, announced once it commits. */
  private readonly endedIn = new WeakMap<Knex, string[]>();

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Listens to operations starting and ending: the one place every start
   * and end passes (executor, reconciler, external changes), so events and
   * notifications never miss one.
   */
  onChange(listener: OperationListener): void {
    this.listeners.push(listener);
  }

  /**
   * Inserts the operation and takes the control panel's lock in one
   * transaction; a lock already held means another failover of the same panel
   * is writing to ARC (on any replica): ConflictError. So is a view that an
   * operation still following DNS has already changed: the caller checked
   * the active region (`fromRegion`) before taking the lock, and that
   * operation's write may have settled in between.
   */
  async createWithLock(op: StoredOperation): Promise<void> {
    const at = this.now();
    try {
      await this.db.transaction(async tx => {
        await tx(LOCKS).insert({
          control_panel_arn: op.controlPanelArn,
          operation_id: op.id,
          created_at: at,
        });
        await this.refuseStaleView(tx, op);
        await tx(OPS).insert(this.toRow(op));
      });
      await this.announce('started', op.id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const holder = await this.db(LOCKS)
        .where({ control_panel_arn: op.controlPanelArn })
        .first();
      throw new ConflictError(
        `Another failover of this control panel is in progress (operation ${
          holder?.operation_id ?? 'unknown'
        }); wait for it to finish and look at the new state before trying again.`,
      );
    }
  }

  /**
   * Under the lock: the latest operation of the panel still following DNS
   * (its write settled, so it holds no lock) moved the active region away
   * from what the caller saw, and nothing seen since (the known state) says
   * the caller's view is current again: ConflictError.
   */
  private async refuseStaleView(tx: Knex, op: StoredOperation) {
    const observing = await tx<OperationRow>(OPS)
      .where({ control_panel_arn: op.controlPanelArn })
      .whereIn('status', UNFINISHED)
      .orderBy('seq', 'desc')
      .first();
    if (!observing || observing.to_region === op.fromRegion) return;
    const known = await tx(KNOWN).where({ entity_ref: op.entityRef }).first();
    if (known?.active_region === op.fromRegion) return;
    throw new ConflictError(
      `You saw ${op.fromRegion} as the active region of ${op.entityRef}, but it is now ${observing.to_region}: operation ${observing.id} changed it a moment ago and is still in progress (following DNS). Reload the status and decide again.`,
    );
  }

  /** Records a finished operation that needs no lock (e.g. an external change). */
  async insert(op: StoredOperation): Promise<void> {
    await this.db(OPS).insert(this.toRow(op));
  }

  async update(id: string, patch: OperationPatch): Promise<void> {
    await this.db(OPS).where({ id }).update(this.patchRow(patch));
    await this.announce('updated', id);
  }

  /**
   * Completes the operation and releases its lock, together. With
   * `knownState`, the portal's own change is recorded as the known state in
   * the same transaction; with `supersede`, earlier operations of the panel
   * still following DNS are marked as superseded by this one (its write may
   * have changed the controls they watch). Returns the ids it superseded.
   */
  async complete(
    id: string,
    patch: OperationPatch,
    options: { knownState?: KnownState; supersede?: boolean } = {},
  ): Promise<string[]> {
    return this.db
      .transaction(async tx => {
        await tx(OPS)
          .where({ id })
          .update(this.patchRow({ completedAt: this.now(), ...patch }));
        if (options.knownState) await this.setKnown(tx, options.knownState);
        const superseded = options.supersede
          ? await this.supersedeEarlier(tx, id)
          : [];
        await tx(LOCKS).where({ operation_id: id }).delete();
        return superseded;
      })
      .then(async superseded => {
        await this.announce('finished', id);
        return superseded;
      });
  }

  /**
   * The ARC write of an in-progress operation has settled as applied: in one
   * transaction its steps are saved, the known state set (so the change is
   * not taken for an external one), earlier operations of the panel still
   * following DNS are marked as superseded by it, and the panel's lock is
   * released. The operation stays `in-progress` while it follows DNS. Returns
   * the ids it superseded.
   */
  async settleWrite(
    id: string,
    patch: OperationPatch,
    knownState: KnownState,
  ): Promise<string[]> {
    const superseded = await this.db.transaction(async tx => {
      await tx(OPS).where({ id }).update(this.patchRow(patch));
      await this.setKnown(tx, knownState);
      const earlier = await this.supersedeEarlier(tx, id);
      await tx(LOCKS).where({ operation_id: id }).delete();
      return earlier;
    });
    await this.announce('updated', id);
    return superseded;
  }

  /**
   * "Still following DNS": bumps `updated_at` (so the operation is not taken
   * for one whose replica died) unless a later operation superseded it or it
   * was completed meanwhile, which it reports instead.
   */
  async heartbeat(id: string): Promise<Heartbeat> {
    const bumped = await this.db(OPS)
      .where({ id })
      .whereIn('status', UNFINISHED)
      .whereNull('superseded_by')
      .update({ updated_at: this.now() });
    if (bumped > 0) return { state: 'running' };
    const row = await this.db<OperationRow>(OPS).where({ id }).first();
    if (row?.superseded_by && UNFINISHED.includes(row.status as any)) {
      return { state: 'superseded', by: row.superseded_by };
    }
    return { state: 'finished' };
  }

  async get(id: string): Promise<StoredOperation | undefined> {
    const row = await this.db<OperationRow>(OPS).where({ id }).first();
    return row ? toOperation(row) : undefined;
  }

  /**
   * The operation of each entity whose ARC write is under way (it holds its
   * panel's lock), if any: what stands in the way of another change. An
   * operation whose write has settled and that only follows DNS is not
   * pending: a failback may start at once (and supersedes it).
   */
  async pendingFor(
    entityRefs: string[],
  ): Promise<Map<string, StoredOperation>> {
    const result = new Map<string, StoredOperation>();
    for (const chunk of chunks(entityRefs, 500)) {
      const rows = await this.db<OperationRow>(OPS)
        .whereIn('entity_ref', chunk)
        .whereIn('status', UNFINISHED)
        .whereIn('id', this.db(LOCKS).select('operation_id'))
        .orderBy('seq', 'asc');
      for (const row of rows) result.set(row.entity_ref, toOperation(row));
    }
    return result;
  }

  /** The latest finished change that moved traffic, per entity. */
  lastChangeFor(entityRefs: string[]): Promise<Map<string, StoredOperation>> {
    return this.latestMovedTraffic(entityRefs, { realOnly: false });
  }

  /**
   * The latest real change of each entity that moved traffic: a failover
   * or failback made in the portal that is not a drill's (the organisation
   * report's "last real failover").
   */
  lastRealChangeFor(
    entityRefs: string[],
  ): Promise<Map<string, StoredOperation>> {
    return this.latestMovedTraffic(entityRefs, { realOnly: true });
  }

  /** One query per 500 entities: the latest operation that moved traffic. */
  private async latestMovedTraffic(
    entityRefs: string[],
    { realOnly }: { realOnly: boolean },
  ): Promise<Map<string, StoredOperation>> {
    const result = new Map<string, StoredOperation>();
    for (const chunk of chunks(entityRefs, 500)) {
      let latest = this.db(OPS)
        .max('seq as seq')
        .whereIn('entity_ref', chunk)
        // a reconciled operation moved traffic only if it has no error
        .where(q =>
          q
            .where('status', 'succeeded')
            .orWhere(r => r.where('status', 'reconciled').whereNull('error')),
        );
      if (realOnly)
        latest = latest.where('source', 'portal').whereNull('drill_id');
      const rows = await this.db<OperationRow>(OPS).whereIn(
        'seq',
        latest.groupBy('entity_ref'),
      );
      for (const row of rows) result.set(row.entity_ref, toOperation(row));
    }
    return result;
  }

  /**
   * The last event of the panel's routing controls that a safety rule's wait
   * period counts from, as far as the portal knows: its own latest write
   * that was (or may have been) applied, at the time ARC answered it; or an
   * ARC refusal for a wait period that came after it. Changes made outside
   * the portal are known only from ARC's refusals (the time they were
   * noticed is not the time they were made).
   */
  async lastWaitPeriodStart(
    controlPanelArn: string,
  ): Promise<WaitPeriodStart | undefined> {
    const rows = await this.db<OperationRow>(OPS)
      .where({ control_panel_arn: controlPanelArn, source: 'portal' })
      .whereNotNull('intent')
      .orderBy('seq', 'desc')
      .limit(20);
    for (const row of rows) {
      const op = toOperation(row);
      const write = op.steps.find(s => s.name === 'routing-controls-updated');
      const controls = op.intent!.entries.map(e => e.arn);
      if (
        write?.at &&
        (write.status === 'done' || write.status === 'unknown')
      ) {
        return { at: Date.parse(write.at), basis: 'portal-change', controls };
      }
      if (op.error?.name === WAIT_PERIOD_ERROR) {
        const refusal = (
          op.found as {
            waitPeriodRefusal?: {
              at?: number;
              ruleArn?: string;
              remainingMs?: number;
            };
          }
        )?.waitPeriodRefusal;
        return {
          at:
            refusal?.at ??
            Date.parse(write?.at ?? op.completedAt ?? op.updatedAt),
          basis: 'arc-refusal',
          controls,
          ruleArn: refusal?.ruleArn,
          remainingMs: refusal?.remainingMs,
        };
      }
    }
    return undefined;
  }

  /** Newest first; `cursor` is the `seq` of the last row of the previous page. */
  async history(options: {
    entityRef?: string;
    entityRefs?: string[];
    cursor?: number;
    limit: number;
  }): Promise<{ items: StoredOperation[]; nextCursor?: number }> {
    let query = this.db<OperationRow>(OPS)
      .orderBy('seq', 'desc')
      .limit(options.limit + 1);
    if (options.entityRef)
      query = query.where({ entity_ref: options.entityRef });
    if (options.cursor !== undefined)
      query = query.where('seq', '<', options.cursor);
    const rows = await query;
    const page = rows.slice(0, options.limit);
    return {
      items: page.map(toOperation),
      nextCursor:
        rows.length > options.limit
          ? Number(page[page.length - 1].seq)
          : undefined,
    };
  }

  /** The operations an evacuation started, oldest first (a takeover finds those its replica started). */
  async forEvacuation(evacuationId: string): Promise<StoredOperation[]> {
    const rows = await this.db<OperationRow>(OPS)
      .where({ evacuation_id: evacuationId })
      .orderBy('seq', 'asc');
    return rows.map(toOperation);
  }

  /** Unfinished operations not updated since `before` (their replica died). */
  async staleUnfinished(before: number): Promise<StoredOperation[]> {
    const rows = await this.db<OperationRow>(OPS)
      .whereIn('status', UNFINISHED)
      .where('updated_at', '<', before)
      .orderBy('seq', 'asc');
    return rows.map(toOperation);
  }

  /** Locks whose operation is finished or missing (left by a crash). */
  async releaseOrphanLocks(): Promise<number> {
    const orphans = await this.db(LOCKS)
      .leftJoin(OPS, `${OPS}.id`, `${LOCKS}.operation_id`)
      .where(q =>
        q.whereNull(`${OPS}.id`).orWhereNotIn(`${OPS}.status`, UNFINISHED),
      )
      .select(`${LOCKS}.operation_id as operation_id`);
    if (orphans.length === 0) return 0;
    return this.db(LOCKS)
      .whereIn(
        'operation_id',
        orphans.map(o => o.operation_id),
      )
      .delete();
  }

  /** Whether a failover of this panel is in flight. */
  async isLocked(controlPanelArn: string): Promise<boolean> {
    return Boolean(
      await this.db(LOCKS)
        .where({ control_panel_arn: controlPanelArn })
        .first(),
    );
  }

  /** Sets the known active region (after a portal change or a reconciliation). */
  async setKnownState(
    entityRef: string,
    activeRegion: string,
    states: Record<string, string>,
    tx: Knex = this.db,
  ): Promise<void> {
    await this.setKnown(tx, { entityRef, activeRegion, states });
  }

  /**
   * Records what a fresh reading showed as the known state when nothing is
   * known yet (a baseline: a later change is then noticed). A known state
   * that exists is left to {@link OperationsStore.observeActiveRegion}.
   */
  async setKnownStateIfAbsent(known: KnownState, readAt: number) {
    await this.setKnown(this.db, known, { observedAt: readAt, ifAbsent: true });
  }

  private async setKnown(
    tx: Knex,
    known: KnownState,
    options: { observedAt?: number; ifAbsent?: boolean } = {},
  ): Promise<void> {
    const insert = tx(KNOWN)
      .insert({
        entity_ref: known.entityRef,
        active_region: known.activeRegion,
        states: JSON.stringify(known.states),
        observed_at: options.observedAt ?? this.now(),
      })
      .onConflict('entity_ref');
    await (options.ifAbsent ? insert.ignore() : insert.merge());
  }

  /**
   * Marks the unfinished operations of the same panel that started before
   * `id` as superseded by it (they follow DNS, their writes settled: the
   * lock `id` holds proves none of them is still writing).
   */
  private async supersedeEarlier(tx: Knex, id: string): Promise<string[]> {
    const me = await tx<OperationRow>(OPS).where({ id }).first();
    if (!me) return [];
    const earlier: string[] = (
      await tx<OperationRow>(OPS)
        .where({ control_panel_arn: me.control_panel_arn })
        .where('seq', '<', me.seq)
        .whereIn('status', UNFINISHED)
        .whereNull('superseded_by')
        .select('id')
    ).map(r => r.id);
    if (earlier.length > 0) {
      // updated_at stays: a superseded operation whose replica died must
      // still look stale to the reconciler
      await tx(OPS).whereIn('id', earlier).update({ superseded_by: id });
    }
    return earlier;
  }

  /**
   * The latest operation of an entity that is not a refusal, if it is an
   * `unknown` (unconfirmed) portal write completed at or after `since`.
   */
  async unconfirmedWriteOf(
    entityRef: string,
    since: number,
    tx: Knex = this.db,
  ): Promise<StoredOperation | undefined> {
    const row = await tx<OperationRow>(OPS)
      .where({ entity_ref: entityRef })
      .whereNot('status', 'refused')
      .orderBy('seq', 'desc')
      .first();
    if (!row || row.status !== 'unknown' || row.source !== 'portal') {
      return undefined;
    }
    const completed = row.completed_at === null ? 0 : Number(row.completed_at);
    return completed >= since ? toOperation(row) : undefined;
  }

  /** Patches an operation inside a caller's transaction. */
  async updateIn(tx: Knex, id: string, patch: OperationPatch): Promise<void> {
    await tx(OPS).where({ id }).update(this.patchRow(patch));
    if (patch.status && !UNFINISHED.includes(patch.status)) {
      this.endedIn.set(tx, [...(this.endedIn.get(tx) ?? []), id]);
    }
  }

  /**
   * Compare-and-set of the known active region from a reading taken at
   * `readAt`. Readings older than the known state are ignored (the portal
   * sets the known state after its own writes). When THIS caller moves the
   * known region, `onChange` runs in the same transaction, so exactly one
   * replica records an external change.
   */
  async observeActiveRegion(
    entityRef: string,
    activeRegion: string,
    states: Record<string, string>,
    readAt: number,
    onChange: (previous: string, tx: Knex) => Promise<void>,
  ): Promise<void> {
    const known = await this.db(KNOWN).where({ entity_ref: entityRef }).first();
    const row = {
      entity_ref: entityRef,
      active_region: activeRegion,
      states: JSON.stringify(states),
      observed_at: readAt,
    };
    if (!known) {
      await this.db(KNOWN).insert(row).onConflict('entity_ref').ignore();
      return;
    }
    if (
      known.active_region === activeRegion ||
      Number(known.observed_at) >= readAt
    ) {
      return;
    }
    let ended: string[] = [];
    await this.db.transaction(async tx => {
      const updated = await tx(KNOWN)
        .where({
          entity_ref: entityRef,
          active_region: known.active_region,
          observed_at: known.observed_at,
        })
        .update(row);
      if (updated === 1) await onChange(known.active_region, tx);
      ended = this.endedIn.get(tx) ?? [];
    });
    for (const id of ended) await this.announce('finished', id);
  }

  /** Inserts inside a caller's transaction. */
  async insertIn(tx: Knex, op: StoredOperation): Promise<void> {
    await tx(OPS).insert(this.toRow(op));
    if (!UNFINISHED.includes(op.status)) {
      this.endedIn.set(tx, [...(this.endedIn.get(tx) ?? []), op.id]);
    }
  }

  /** Tells the listeners, reading the operation as committed; a listener's failure is its own. */
  private async announce(kind: OperationChange['kind'], id: string) {
    if (this.listeners.length === 0) return;
    const operation = await this.get(id).catch(() => undefined);
    if (!operation) return;
    for (const listener of this.listeners) {
      await listener({ kind, operation }).catch(() => {});
    }
  }

  private toRow(op: StoredOperation) {
    return {
      id: op.id,
      entity_ref: op.entityRef,
      control_panel_arn: op.controlPanelArn,
      action: op.action,
      from_region: op.fromRegion,
      to_region: op.toRegion,
      reason: op.reason,
      actor: op.actor,
      source: op.source,
      override_safety_rules: op.overrideSafetyRules,
      status: op.status,
      steps: JSON.stringify(op.steps),
      error: op.error ? JSON.stringify(op.error) : null,
      intent: op.intent ? JSON.stringify(op.intent) : null,
      found: op.found === undefined ? null : JSON.stringify(op.found),
      created_at: Date.parse(op.createdAt),
      updated_at: Date.parse(op.updatedAt),
      completed_at: op.completedAt ? Date.parse(op.completedAt) : null,
      dns_followed_after_ms: op.dnsFollowedAfterMs ?? null,
      readiness: op.readiness ? JSON.stringify(op.readiness) : null,
      drill_id: op.drillId ?? null,
      evacuation_id: op.evacuationId ?? null,
      timings: op.timings ? JSON.stringify(op.timings) : null,
    };
  }

  private patchRow(patch: OperationPatch) {
    const row: Record<string, unknown> = { updated_at: this.now() };
    if (patch.status) row.status = patch.status;
    if (patch.steps) row.steps = JSON.stringify(patch.steps);
    if (patch.error !== undefined)
      row.error = patch.error ? JSON.stringify(patch.error) : null;
    if (patch.found !== undefined) row.found = JSON.stringify(patch.found);
    if (patch.completedAt !== undefined) row.completed_at = patch.completedAt;
    if (patch.dnsFollowedAfterMs !== undefined)
      row.dns_followed_after_ms = patch.dnsFollowedAfterMs;
    if (patch.timings) row.timings = JSON.stringify(patch.timings);
    return row;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * Region evacuation: every selected service whose active region is R moves
 * to its other region, each as its own operation, in dependency order, under
 * one confirmation and one reason. Shared by the backend (which plans and
 * runs them) and the org-wide page. docs/evacuation.md describes it.
 */
import { IsoTimestamp } from './api';
import { ReadinessSummary } from './readiness';

/**
 * Which services an evacuation considers, beyond "active in the region":
 * every multi-region service the caller may read, or those of one owner
 * (a group or user ref) or of one system.
 *
 * @public
 */
export interface EvacuationSelection {
  /** Only services whose `spec.owner` is this entity ref, e.g. `group:default/team-orders`. */
  owner?: string;
  /** Only services whose `spec.system` is this entity ref, e.g. `system:default/public-api`. */
  system?: string;
}

/** Body of `POST /evacuations/plan`. @public */
export interface EvacuationPlanRequest {
  /** The region to move out of, e.g. `us-east-1`. */
  region: string;
  selection?: EvacuationSelection;
}

/**
 * Why a service active in the region is not moved:
 * - `not-permitted`: the caller lacks `multi-region.failover.execute` on it (not an owner, not a platform admin);
 * - `readiness-failing`: readiness checks of the move fail (fail it over from its own page, acknowledging them);
 * - `safety-rule`: an ARC safety rule blocks the move (break-glass is per service, from its page);
 * - `no-region-outside`: its other region is the evacuated region too;
 * - `active-unknown`: its active region cannot be read;
 * - `busy`: a failover, failback or drill of it is under way;
 * - `deploying`: ARC is still deploying its control panel;
 * - `wait-period`: a safety rule's wait period has not ended;
 * - `moved-meanwhile`: it left the region after the plan (someone else moved it);
 * - `not-confirmed`: the person did not confirm it (it became movable after the plan they saw), or it could not be authorised at start;
 * - `stopped`: the evacuation was stopped before it started (or a service it waited for failed, with stopOnFailure).
 *
 * @public
 */
export type EvacuationSkipKind =
  | 'not-permitted'
  | 'readiness-failing'
  | 'safety-rule'
  | 'no-region-outside'
  | 'active-unknown'
  | 'busy'
  | 'deploying'
  | 'wait-period'
  | 'moved-meanwhile'
  | 'not-confirmed'
  | 'stopped';

/** A service not moved, and why. @public */
export interface EvacuationSkip {
  kind: EvacuationSkipKind;
  message: string;
}

/** One service of an evacuation plan. @public */
export interface EvacuationPlanItem {
  entityRef: string;
  title?: string;
  owner?: string;
  fromRegion: string;
  /** Where it would move: its other region. */
  toRegion?: string;
  /** Absent when it moves. */
  skip?: EvacuationSkip;
  /**
   * Services of this evacuation it waits for: those it depends on (catalog
   * `dependsOn`) that move too. They move first.
   */
  after: string[];
  /** Why it does not wait for a dependency it has (skipped, or a cycle). */
  orderNotes: string[];
  /** Position in the order: 0 moves first; services of one wave move in parallel. */
  wave: number;
  readiness?: ReadinessSummary;
}

/**
 * The dry run of an evacuation, as the caller: what moves, in what order,
 * and what is skipped and why. Nothing is written.
 *
 * @public
 */
export interface EvacuationPlan {
  region: string;
  selection: EvacuationSelection;
  /** The moving services in order (by wave), then the skipped ones. */
  items: EvacuationPlanItem[];
  /** Services active in the region that the caller may not read: counted, not named. */
  unreadable: number;
  /** What the person types to confirm: {@link evacuationConfirmation}. */
  confirmation: string;
  /** How many services move at once at most (`multiRegion.evacuation.concurrency`). */
  concurrency: number;
  /** Why it cannot start now (nothing to move, one of the region is under way); absent when it can. */
  refusal?: string;
  plannedAt: IsoTimestamp;
}

/** Body of `POST /evacuations`. @public */
export interface StartEvacuationRequest {
  region: string;
  selection?: EvacuationSelection;
  /** Why, for the history of every service moved (the same limits as a failover's reason). */
  reason: string;
  /** Must equal {@link evacuationConfirmation} of the region. */
  confirmation: string;
  /**
   * The services the person saw moving in the plan. Only these move: one
   * that became movable since is skipped (not confirmed), one that can no
   * longer move is skipped with the reason.
   */
  services: string[];
  /** Stop the services not yet started when one fails (default: the others go on). */
  stopOnFailure?: boolean;
}

/**
 * Where one service of an evacuation is:
 * - `waiting`: for services it depends on, or for a free slot;
 * - `moving`: its operation is under way;
 * - `moved`: its operation succeeded (or ARC shows the move applied);
 * - `failed`: its operation failed or was refused at execution;
 * - `skipped`: not moved, with `skip` saying why.
 *
 * @public
 */
export type EvacuationItemState =
  | 'waiting'
  | 'moving'
  | 'moved'
  | 'failed'
  | 'skipped';

/** One service of an evacuation. @public */
export interface EvacuationItem {
  entityRef: string;
  title?: string;
  owner?: string;
  fromRegion: string;
  toRegion?: string;
  state: EvacuationItemState;
  skip?: EvacuationSkip;
  after: string[];
  orderNotes: string[];
  wave: number;
  /** Its failover operation, once started (in the entity's history). */
  operationId?: string;
  /** Why it failed. */
  error?: string;
  startedAt?: IsoTimestamp;
  completedAt?: IsoTimestamp;
}

/**
 * How an evacuation ended: every confirmed service moved (`succeeded`),
 * some did not (`partly-failed`), none did (`failed`), or someone stopped it
 * (`stopped`).
 *
 * @public
 */
export type EvacuationOutcome =
  | 'succeeded'
  | 'partly-failed'
  | 'failed'
  | 'stopped';

/** An evacuation, as `GET /evacuations/:id` returns it. @public */
export interface Evacuation {
  id: string;
  region: string;
  selection: EvacuationSelection;
  actor: string;
  reason: string;
  stopOnFailure: boolean;
  state: 'running' | 'completed';
  outcome?: EvacuationOutcome;
  /** Who asked it to stop, when and why. */
  stop?: { by: string; at: IsoTimestamp; reason: string };
  /** The services the caller may read (others of it are counted in `unlisted`). */
  items: EvacuationItem[];
  unlisted: number;
  counts: EvacuationCounts;
  /** What happened, oldest first. */
  events: { at: IsoTimestamp; message: string }[];
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  completedAt?: IsoTimestamp;
}

/** Services of an evacuation by state, for its progress view. @public */
export type EvacuationCounts = Record<EvacuationItemState, number>;

/** Body of `POST /evacuations/:id/stop`. @public */
export interface StopEvacuationRequest {
  reason: string;
}

/** Response of `GET /evacuations`. @public */
export interface EvacuationsResponse {
  items: Evacuation[];
}

/** What the person types to confirm an evacuation of `region`. @public */
export function evacuationConfirmation(region: string): string {
  return `evacuate ${region}`;
}

/** The states of an evacuation's services, in the order they are counted and shown. @public */
export const EVACUATION_ITEM_STATES: readonly EvacuationItemState[] = [
  'waiting',
  'moving',
  'moved',
  'failed',
  'skipped',
];

/** Counts the services of an evacuation by state. @public */
export function evacuationCounts(
  items: readonly { state: EvacuationItemState }[],
): EvacuationCounts {
  const counts = Object.fromEntries(
    EVACUATION_ITEM_STATES.map(state => [state, 0]),
  ) as EvacuationCounts;
  for (const item of items) counts[item.state] += 1;
  return counts;
}

/** "2 moved, 1 failed, 3 skipped": the states that have services, in order. @public */
export function describeEvacuationCounts(counts: EvacuationCounts): string {
  const parts = EVACUATION_ITEM_STATES.filter(state => counts[state] > 0).map(
    state => `${counts[state]} ${state}`,
  );
  return parts.length ? parts.join(', ') : 'no services';
}

/** Whether the service's part of the evacuation is over. @public */
export function isEvacuationItemFinal(item: {
  state: EvacuationItemState;
}): boolean {
  return (
    item.state === 'moved' ||
    item.state === 'failed' ||
    item.state === 'skipped'
  );
}

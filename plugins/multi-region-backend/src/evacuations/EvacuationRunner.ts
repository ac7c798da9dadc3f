import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError, stringifyError } from '@backstage/errors';
import {
  describeEvacuationCounts,
  evacuationCounts,
  EvacuationOutcome,
  isEvacuationItemFinal,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  EvacuationItemPatch,
  EvacuationsStore,
  StoredEvacuation,
  StoredEvacuationItem,
} from '../database/EvacuationsStore';
import { OperationsStore } from '../database/OperationsStore';
import { BackgroundRuns } from '../lib/BackgroundRuns';
import { sleep } from '../lib/sleep';
import { movedTraffic, settledOperation } from '../operations/operationEnd';
import { StartedOperation } from '../service/FailoverRequests';

/**
 * Runs evacuations: starts each service's failover once the services it
 * waits for are done and a slot is free (at most `concurrency` at once), and
 * records every end. A failure of one service never stops the others unless
 * the evacuation asked for that; a stop request starts nothing more. Runs on
 * the replica that started it and keeps its heartbeat; one whose replica
 * stopped is claimed by another ({@link EvacuationRunner.adoptStale}), which
 * waits for the failovers under way (the Reconciler settles them) and goes on.
 */
export class EvacuationRunner {
  private readonly runs: BackgroundRuns;

  constructor(
    private readonly deps: {
      evacuations: EvacuationsStore;
      operations: Pick<OperationsStore, 'get' | 'forEvacuation'>;
      /** Starts one service's failover (FailoverRequests, automatic, as the person who confirmed). */
      move(
        evacuation: StoredEvacuation,
        item: StoredEvacuationItem,
      ): Promise<StartedOperation>;
      logger: LoggerService;
      auditor?: AuditorService;
      concurrency: number;
      staleAfterMs: number;
      /** How often a stop request and operations of another replica are looked at. */
      pollIntervalMs: number;
    },
  ) {
    this.runs = new BackgroundRuns('An evacuation run', deps.logger);
  }

  /** Runs a just-created evacuation in the background. */
  start(evacuation: StoredEvacuation): void {
    this.runs.track(this.drive(evacuation, false));
  }

  /** Takes over running evacuations whose replica stopped (stale heartbeat). */
  async adoptStale(): Promise<StoredEvacuation[]> {
    const claimed = await this.deps.evacuations.claimStale(
      Date.now() - this.deps.staleAfterMs,
    );
    for (const evacuation of claimed) {
      this.deps.logger.warn(
        `Taking over evacuation ${evacuation.id} of ${evacuation.region}: the replica running it stopped`,
      );
      this.runs.track(this.drive(evacuation, true));
    }
    return claimed;
  }

  /** Resolves when every run of this replica has ended (tests). */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /**
   * At shutdown: stops driving (the heartbeat stops too, so another replica
   * takes the work over).
   */
  shutdown(): Promise<void> {
    return this.runs.shutdown();
  }

  private async drive(initial: StoredEvacuation, adopted: boolean) {
    const { evacuations, concurrency, pollIntervalMs } = this.deps;
    const id = initial.id;
    const heartbeat = setInterval(
      () => evacuations.touch(id).catch(() => {}),
      Math.max(200, Math.min(pollIntervalMs, this.deps.staleAfterMs / 3)),
    );
    const items = new Map(initial.items.map(i => [i.entityRef, i]));
    const update = async (ref: string, patch: EvacuationItemPatch) => {
      items.set(ref, await evacuations.updateItem(id, ref, patch));
    };
    const moves = new Map<string, Promise<void>>();
    try {
      if (adopted) await this.resume(initial, items, update, moves);
      for (;;) {
        if (this.runs.signal.aborted) return;
        const why = await this.whyStartNothingMore(initial, items);
        // one being started is still `waiting` here until its update is written
        const waiting = [...items.values()].filter(
          i => i.state === 'waiting' && !moves.has(i.entityRef),
        );
        if (why) {
          for (const item of waiting) {
            await update(item.entityRef, {
              state: 'skipped',
              skip: { kind: 'stopped', message: why },
              completedAt: new Date().toISOString(),
            });
          }
        } else {
          const ready = waiting.filter(item =>
            item.after.every(dep => {
              const d = items.get(dep);
              return !d || isEvacuationItemFinal(d);
            }),
          );
          for (const item of ready.slice(0, concurrency - moves.size)) {
            const move = this.moveOne(initial, item, update).finally(() =>
              moves.delete(item.entityRef),
            );
            moves.set(item.entityRef, move);
          }
        }
        if (moves.size === 0) {
          if ([...items.values()].every(isEvacuationItemFinal)) break;
          // waiting on nothing running: a dependency outside reach; never spin
          await sleep(pollIntervalMs, this.runs.signal);
          continue;
        }
        // wake when a service is done, or to look for a stop request
        await Promise.race([
          ...moves.values(),
          sleep(pollIntervalMs, this.runs.signal),
        ]);
      }
      await this.finish(initial, [...items.values()]);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * After a takeover: services the stopped replica was moving are followed
   * to their end (their failover was recorded before any ARC write, and the
   * Reconciler settles it); one it marked moving without an operation never
   * started, and waits again.
   */
  private async resume(
    evacuation: StoredEvacuation,
    items: Map<string, StoredEvacuationItem>,
    update: (ref: string, patch: EvacuationItemPatch) => Promise<void>,
    moves: Map<string, Promise<void>>,
  ) {
    const started = await this.deps.operations.forEvacuation(evacuation.id);
    await this.deps.evacuations.addEvents(evacuation.id, [
      `Taken over by another replica (the one running it was last heard of at ${evacuation.updatedAt}).`,
    ]);
    for (const item of [...items.values()]) {
      if (item.state !== 'moving') continue;
      const op =
        started.find(o => o.id === item.operationId) ??
        [...started].reverse().find(o => o.entityRef === item.entityRef);
      if (!op) {
        await update(item.entityRef, { state: 'waiting' });
        continue;
      }
      const follow = this.follow(evacuation, item, op.id, update).finally(() =>
        moves.delete(item.entityRef),
      );
      moves.set(item.entityRef, follow);
    }
  }

  /** Why no further service starts: a stop request, or a failure with stopOnFailure. */
  private async whyStartNothingMore(
    evacuation: StoredEvacuation,
    items: Map<string, StoredEvacuationItem>,
  ): Promise<string | undefined> {
    const stop = await this.deps.evacuations.stopRequest(evacuation.id);
    if (stop) {
      return `The evacuation was stopped by ${stop.by} before it moved: ${stop.reason}`;
    }
    const failed = [...items.values()].find(i => i.state === 'failed');
    if (evacuation.stopOnFailure && failed) {
      return `${failed.entityRef} failed to move and the evacuation was to stop at the first failure.`;
    }
    return undefined;
  }

  /** One service: its failover, followed to its end; never throws. */
  private async moveOne(
    evacuation: StoredEvacuation,
    item: StoredEvacuationItem,
    update: (ref: string, patch: EvacuationItemPatch) => Promise<void>,
  ) {
    const ref = item.entityRef;
    await update(ref, { state: 'moving', startedAt: new Date().toISOString() });
    let started: StartedOperation;
    try {
      started = await this.deps.move(evacuation, item);
    } catch (error) {
      const refusal = isError(error)
        ? (error as { refusal?: string }).refusal
        : undefined;
      const message = stringifyError(error);
      await update(
        ref,
        refusal === 'already-active'
          ? {
              state: 'skipped',
              skip: {
                kind: 'moved-meanwhile',
                message: `It already runs in ${item.toRegion}: ${message}`,
              },
              completedAt: new Date().toISOString(),
            }
          : {
              state: 'failed',
              error: message,
              completedAt: new Date().toISOString(),
            },
      );
      await this.deps.evacuations.addEvents(evacuation.id, [
        `${ref} was not moved: ${message}`,
      ]);
      return;
    }
    await update(ref, { operationId: started.operation.id });
    await this.deps.evacuations.addEvents(evacuation.id, [
      `${ref}: moving to ${item.toRegion} (operation ${started.operation.id}).`,
    ]);
    await started.run;
    await this.follow(evacuation, item, started.operation.id, update);
  }

  /** Records how a service's failover ended, once it has. */
  private async follow(
    evacuation: StoredEvacuation,
    item: StoredEvacuationItem,
    operationId: string,
    update: (ref: string, patch: EvacuationItemPatch) => Promise<void>,
  ) {
    const op = await settledOperation(
      this.deps.operations,
      operationId,
      this.deps.pollIntervalMs,
      this.runs.signal,
    );
    if (this.runs.signal.aborted) return;
    const moved = op !== undefined && movedTraffic(op);
    const error = moved
      ? undefined
      : op?.error?.message ??
        `its operation ended ${op?.status ?? 'unrecorded'}`;
    await update(item.entityRef, {
      state: moved ? 'moved' : 'failed',
      operationId,
      ...(error ? { error } : {}),
      completedAt: new Date().toISOString(),
    });
    await this.deps.evacuations.addEvents(evacuation.id, [
      moved
        ? `${item.entityRef}: now in ${item.toRegion}.`
        : `${item.entityRef}: the move failed: ${error}`,
    ]);
  }

  private async finish(
    evacuation: StoredEvacuation,
    items: StoredEvacuationItem[],
  ) {
    const stop = await this.deps.evacuations.stopRequest(evacuation.id);
    const outcome = outcomeOf(items, Boolean(stop));

    await this.deps.evacuations.addEvents(evacuation.id, [
      `Evacuation ${outcome}: ${describeEvacuationCounts(
        evacuationCounts(items),
      )}.`,
    ]);
    const done = await this.deps.evacuations.complete(evacuation.id, outcome);
    this.deps.logger.info(
      `Evacuation ${done.id} of ${done.region} by ${done.actor} ended ${outcome}`,
    );
    const event = await this.deps.auditor?.createEvent({
      eventId: 'evacuation-ended',
      severityLevel: outcome === 'succeeded' ? 'medium' : 'high',
      meta: {
        evacuationId: done.id,
        region: done.region,
        actor: done.actor,
        outcome,
        services: done.items.map(i => ({
          entityRef: i.entityRef,
          state: i.state,
          operationId: i.operationId ?? null,
        })),
      },
    });
    if (outcome === 'succeeded' || outcome === 'stopped') {
      await event?.success();
    } else {
      await event?.fail({ error: new Error(`Evacuation ${outcome}`) });
    }
  }
}

/**
 * How an evacuation ended, over the services confirmed to move (those
 * skipped when it was planned never count): stopped by a person, every one
 * moved or found already out, some failed, or none moved.
 */
export function outcomeOf(
  items: StoredEvacuationItem[],
  stopped: boolean,
): EvacuationOutcome {
  if (stopped) return 'stopped';
  const confirmed = items.filter(i => i.config);
  const failed = confirmed.filter(
    i => i.state === 'failed' || i.skip?.kind === 'stopped',
  );
  if (failed.length === 0) return 'succeeded';
  return confirmed.some(i => i.state === 'moved') ? 'partly-failed' : 'failed';
}

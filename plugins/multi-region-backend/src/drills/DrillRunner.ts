import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError, stringifyError } from '@backstage/errors';
import {
  DrillOutcome,
  DrillWatch,
} from '@multi-region-failover/plugin-multi-region-common';
import { DrillsStore, StoredDrill } from '../database/DrillsStore';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { BackgroundRuns } from '../lib/BackgroundRuns';
import { sleep } from '../lib/sleep';
import { movedTraffic, settledOperation } from '../operations/operationEnd';
import { StartedOperation } from '../service/FailoverRequests';
import { badOutcome, DrillWatcher } from './DrillWatcher';

/** Why a drill fails back, and how it will be recorded if the failback works. */
interface FailbackCause {
  outcome: DrillOutcome;
  detail: string;
}

/** Refusals a failback waits out (a wait period, a deployment, another write of the panel). */
const RETRIED_REFUSALS = ['wait-period', 'deploying'];

/**
 * Drives drills: waits for the failover, soaks while the watcher looks at the
 * outcome, then fails back. Runs on the replica that started the drill and
 * keeps its heartbeat; a drill whose replica stopped is claimed by another
 * one ({@link DrillRunner.adoptStale}), which fails back at once and says
 * why. Never throws out of a run: every end is recorded on the drill.
 *
 * @public
 */
export class DrillRunner {
  private readonly runs: BackgroundRuns;

  constructor(
    private readonly deps: {
      drills: DrillsStore;
      operations: OperationsStore;
      watcher: DrillWatcher;
      /** Starts a drill's failback (FailoverRequests.startDrillFailback). */
      failBack(drill: StoredDrill, why: string): Promise<StartedOperation>;
      logger: LoggerService;
      auditor?: AuditorService;
      watchIntervalMs: number;
      staleAfterMs: number;
      /** How long a failback keeps trying through wait periods and conflicts; default 10 min. */
      failbackDeadlineMs?: number;
    },
  ) {
    this.runs = new BackgroundRuns('A drill run', deps.logger);
  }

  /** Runs a drill whose failover was just started, in the background. */
  start(drill: StoredDrill, failover: Promise<void>): void {
    this.runs.track(this.drive(drill, { failover }));
  }

  /**
   * Takes over running drills whose replica stopped (stale heartbeat): the
   * drill fails back at once, whatever phase it was in, once its failover
   * operation is settled (the Reconciler settles interrupted operations).
   */
  async adoptStale(): Promise<StoredDrill[]> {
    const { drills, staleAfterMs } = this.deps;
    const claimed = await drills.claimStale(Date.now() - staleAfterMs);
    for (const drill of claimed) {
      this.deps.logger.warn(
        `Taking over drill ${drill.id} of ${drill.entityRef} (${drill.state}): the replica running it stopped`,
      );
      this.runs.track(this.drive(drill, { adopted: true }));
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

  private async drive(
    drill: StoredDrill,
    how: { failover?: Promise<void>; adopted?: boolean },
  ): Promise<void> {
    const heartbeat = setInterval(() => {
      this.deps.drills.touch(drill.id).catch(() => {});
    }, Math.max(200, Math.min(this.deps.watchIntervalMs, this.deps.staleAfterMs / 3)));
    try {
      const cause = await this.untilFailback(drill, how);
      if (this.runs.signal.aborted) return;
      if (cause) await this.failBack(drill, cause);
    } finally {
      clearInterval(heartbeat);
      this.deps.watcher.forget(drill.id);
    }
  }

  /**
   * The failover and the soak; returns why to fail back, or undefined when
   * the drill has been completed without a failback.
   */
  private async untilFailback(
    initial: StoredDrill,
    how: { failover?: Promise<void>; adopted?: boolean },
  ): Promise<FailbackCause | undefined> {
    let drill = initial;
    const interrupted = `The replica running the drill stopped during the ${phaseWords(
      drill,
    )} (last heartbeat ${
      drill.updatedAt
    }); another replica took it over and failed back at once.`;
    if (drill.state === 'failing-back') {
      return {
        outcome: drill.outcome ?? 'interrupted',
        detail: drill.outcomeDetail ?? interrupted,
      };
    }
    if (drill.state === 'failing-over') {
      if (how.failover) await how.failover;
      const op = await this.settled(drill.failoverOperationId);
      if (this.runs.signal.aborted) return undefined;
      const timings = op?.timings;
      drill = await this.deps.drills.update(drill.id, {
        ...(timings
          ? { failoverTimings: timings, rtoMet: timings.rtoMet }
          : {}),
        events: [
          `Failover ${op?.status ?? 'missing'}${
            op?.error ? `: ${op.error.message}` : '.'
          }`,
        ],
      });
      const next = afterFailover(drill, op, how.adopted === true, interrupted);
      if ('failed' in next) {
        await this.finish(drill, 'failed', 'failover-failed', next.failed);
        return undefined;
      }
      if (!('soak' in next)) return next;
    }
    if (how.adopted) return { outcome: 'interrupted', detail: interrupted };
    return this.soak(drill);
  }

  /** Waits out the soak, looking at the outcome every watch interval. */
  private async soak(initial: StoredDrill): Promise<FailbackCause | undefined> {
    const { drills, watcher, watchIntervalMs } = this.deps;
    const endsAt = Date.now() + initial.soakSeconds * 1000;
    let drill = await drills.update(initial.id, {
      state: 'soaking',
      soakStartedAt: new Date().toISOString(),
      soakEndsAt: new Date(endsAt).toISOString(),
      events: [
        `Soaking for ${initial.soakSeconds} s in ${
          initial.secondaryRegion
        }, watching its health check${
          initial.outcomeAlarms.length
            ? ` and ${initial.outcomeAlarms.join(', ')}`
            : ''
        }${
          initial.blockingAlarms.length
            ? `; blocking alarm${
                initial.blockingAlarms.length > 1 ? 's' : ''
              } ${initial.blockingAlarms.join(', ')}`
            : ''
        }.`,
      ],
    });
    for (;;) {
      if (this.runs.signal.aborted) return undefined;
      if (drill.stop) {
        return {
          outcome: 'stopped',
          detail: `Stopped by ${drill.stop.by} during the soak: ${drill.stop.reason}`,
        };
      }
      const watch: DrillWatch = await watcher.look(drill);
      const bad = badOutcome(drill, watch);
      drill = await drills.update(drill.id, {
        watch,
        ...(bad ? { events: [bad.detail] } : {}),
      });
      if (bad) return bad;
      const left = endsAt - Date.now();
      if (left <= 0) {
        return {
          outcome: 'passed',
          detail: `The outcome stayed good for the whole ${drill.soakSeconds} s soak in ${drill.secondaryRegion}.`,
        };
      }
      await sleep(Math.min(watchIntervalMs, left), this.runs.signal);
      drill = (await drills.get(drill.id)) ?? drill;
    }
  }

  /**
   * Fails back, waiting out wait periods and conflicts up to the deadline;
   * records the drill as completed, or as needing attention.
   */
  private async failBack(initial: StoredDrill, cause: FailbackCause) {
    const { drills, logger } = this.deps;
    let drill = await drills.update(initial.id, {
      state: 'failing-back',
      outcome: cause.outcome,
      outcomeDetail: cause.detail,
      events: [`Failing back to ${initial.primaryRegion}: ${cause.detail}`],
    });
    const deadline = Date.now() + (this.deps.failbackDeadlineMs ?? 600_000);
    let last = 'not attempted';
    let told: string | undefined;
    // an adopted drill may have a failback under way or done already
    const earlier = await this.settled(drill.failbackOperationId);
    if (earlier && movedTraffic(earlier)) {
      await this.finishFailback(drill, cause, earlier);
      return;
    }
    while (Date.now() < deadline && !this.runs.signal.aborted) {
      let started: StartedOperation;
      try {
        started = await this.deps.failBack(drill, cause.detail);
      } catch (error) {
        const kind = isError(error)
          ? (error as { refusal?: string }).refusal
          : undefined;
        if (kind === 'already-active') {
          await this.finishFailback(drill, cause);
          return;
        }
        last = stringifyError(error);
        const retried =
          RETRIED_REFUSALS.includes(kind ?? '') ||
          (isError(error) &&
            ['ConflictError', 'ServiceUnavailableError'].includes(error.name));
        if (!retried) break;
        // a wait period: one pause until it ends, not a refusal per interval
        const endsAt = Date.parse(
          (error as { waitPeriodEndsAt?: string }).waitPeriodEndsAt ?? '',
        );
        const pauseMs = Number.isFinite(endsAt)
          ? Math.max(this.deps.watchIntervalMs, endsAt - Date.now() + 250)
          : this.deps.watchIntervalMs;
        // the same refusal again is not news: one event per distinct one
        if (last !== told) {
          told = last;
          drill = await drills.update(drill.id, {
            events: [`The failback has to wait, retrying: ${last}`],
          });
        }
        await sleep(pauseMs, this.runs.signal);
        continue;
      }
      drill = await drills.update(drill.id, {
        failbackOperationId: started.operation.id,
        events: [`Failback operation ${started.operation.id} started.`],
      });
      await started.run;
      const op = await this.settled(started.operation.id);
      if (op && movedTraffic(op)) {
        await this.finishFailback(drill, cause, op);
        return;
      }
      last =
        op?.error?.message ??
        `the failback ended ${op?.status ?? 'unrecorded'}`;
      if (op?.status === 'unknown') break;
      await sleep(this.deps.watchIntervalMs, this.runs.signal);
    }
    if (this.runs.signal.aborted) return;
    logger.error(
      `Drill ${drill.id} of ${drill.entityRef} could not fail back: ${last}`,
    );
    await this.finish(
      drill,
      'needs-attention',
      'failback-failed',
      `${cause.detail} The failback to ${drill.primaryRegion} did not happen, so traffic may still be in ${drill.secondaryRegion}: look now. Last: ${last}`,
    );
  }

  private async finishFailback(
    drill: StoredDrill,
    cause: FailbackCause,
    op?: StoredOperation,
  ) {
    await this.finish(drill, 'completed', cause.outcome, cause.detail, {
      ...(op?.timings ? { failbackTimings: op.timings } : {}),
      events: [`Back on ${drill.primaryRegion}.`],
    });
  }

  private async finish(
    drill: StoredDrill,
    state: 'completed' | 'failed' | 'needs-attention',
    outcome: DrillOutcome,
    detail: string,
    extra: {
      failbackTimings?: StoredDrill['failbackTimings'];
      events?: string[];
    } = {},
  ) {
    const done = await this.deps.drills.complete(drill.id, {
      state,
      outcome,
      outcomeDetail: detail,
      ...extra,
    });
    this.deps.logger.info(
      `Drill ${done.id} of ${done.entityRef} by ${done.actor} ended ${state} (${outcome}): ${detail}`,
    );
    await this.audit(done);
  }

  /** The drill's end, in the audit log (it is not tied to a request). */
  private async audit(drill: StoredDrill) {
    const event = await this.deps.auditor?.createEvent({
      eventId: 'drill-ended',
      severityLevel: drill.state === 'needs-attention' ? 'high' : 'medium',
      meta: {
        drillId: drill.id,
        entityRef: drill.entityRef,
        actor: drill.actor,
        state: drill.state,
        outcome: drill.outcome ?? null,
        failoverOperationId: drill.failoverOperationId ?? null,
        failbackOperationId: drill.failbackOperationId ?? null,
        rtoMet: drill.rtoMet ?? null,
      },
    });
    if (drill.state === 'needs-attention') {
      await event?.fail({ error: new Error(drill.outcomeDetail) });
    } else {
      await event?.success();
    }
  }

  private settled(id?: string): Promise<StoredOperation | undefined> {
    return settledOperation(
      this.deps.operations,
      id,
      this.deps.watchIntervalMs,
      this.runs.signal,
    );
  }
}

/** Go on with the soak. */
const SOAK = { soak: true } as const;

/**
 * What the failover operation's end means for the drill: soak, fail back
 * (and why), or end as failed with nothing to fail back.
 */
function afterFailover(
  drill: StoredDrill,
  op: StoredOperation | undefined,
  adopted: boolean,
  interrupted: string,
): FailbackCause | { failed: string } | typeof SOAK {
  if (!op) return { failed: 'The failover operation was not recorded.' };
  if (op.status === 'failed' || op.status === 'refused') {
    return {
      failed: `The failover did not happen, so there was nothing to fail back: ${
        op.error?.message ?? op.status
      }`,
    };
  }
  if (op.status === 'reconciled' && op.error) {
    return {
      failed: `The replica running the drill stopped during its failover, which ARC shows was not applied: traffic stayed in ${drill.primaryRegion}.`,
    };
  }
  if (op.status === 'unknown') {
    return {
      outcome: 'failover-failed',
      detail: `The failover's ARC write is unconfirmed, so the drill fails back to be sure traffic is in ${drill.primaryRegion}.`,
    };
  }
  if (adopted || op.status === 'reconciled') {
    return { outcome: 'interrupted', detail: interrupted };
  }
  const dns = op.steps.find(s => s.name === 'dns-answering');
  if (dns?.status !== 'done') {
    return {
      outcome: 'outcome-failed',
      detail: `Route 53 was not seen answering with ${
        drill.secondaryRegion
      } after the failover (${
        dns?.detail ?? 'not observed'
      }), so the drill fails back without a soak.`,
    };
  }
  return SOAK;
}

function phaseWords(drill: StoredDrill): string {
  if (drill.state === 'failing-over') return 'failover';
  if (drill.state === 'soaking') return 'soak';
  return 'failback';
}

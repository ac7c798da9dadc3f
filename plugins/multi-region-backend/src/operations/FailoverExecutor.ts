import {
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError, toError } from '@backstage/errors';
import {
  deriveActiveRegion,
  FAILOVER_RECORD_OF,
  healthCheckIdOf,
  MultiRegionConfig,
  operationTimings,
  otherRole,
  RegionRole,
  RoutingControlReading,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  ArcCallError,
  ArcClusters,
  ArcSafetyRule,
  describeAttempt,
} from '@multi-region-failover/plugin-multi-region-node';
import {
  runningWaitPeriod,
  WAIT_PERIOD_ERROR,
  waitPeriodRefusal,
} from '../arc/waitPeriods';
import {
  PanelReading,
  RoutingControlReader,
} from '../arc/RoutingControlReader';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { Route53Store } from '../database/Route53Store';
import { answeredRecord } from '../route53/failoverAnswer';
import { sleep } from '../lib/sleep';
import { skipRemaining, withStep } from './steps';
import {
  assessWriteFailure,
  decideFailedWrite,
  intentInWords,
  readingFinding,
  readingSource,
  statesInWords,
} from './writeOutcome';

/** Options of the background part of one failover. */
export interface RunOptions {
  op: StoredOperation;
  config: MultiRegionConfig;
  targetRole: RegionRole;
  auditEvent?: AuditorServiceEvent;
  /** The panel's safety rules as the checks read them: to say when a wait period ARC refused for ends. */
  rules?: ArcSafetyRule[];
}

/** How the one ARC write of an operation settled. */
type SettledWrite =
  | {
      outcome: 'applied';
      detail: string;
      at: number;
      states: Record<string, string>;
    }
  | {
      outcome: 'not-applied' | 'unknown';
      detail: string;
      errorName: string;
      error: unknown;
      found: unknown;
    };

/** Why following DNS ended before DNS followed. */
type WatchEnd =
  | { steps: StoredOperation['steps']; dnsAt?: number }
  | { supersededBy: string }
  | { finishedElsewhere: true };

/** Ends following DNS from inside the loop (superseded, or completed elsewhere). */
class StopWatching extends Error {
  constructor(readonly end: WatchEnd) {
    super('stop watching');
  }
}

/**
 * Runs a failover after the operation row (and its panel lock) exists:
 * ONE UpdateRoutingControlStates call; when its answer is an error, a fresh
 * read of the controls decides what is true (applied, not applied, or
 * unknown). The panel lock is released as soon as the write has settled;
 * then it watches Route 53 (through the refresher, within the request budget)
 * until DNS answers with the target region, or until a later operation of the
 * same panel supersedes it. Every step is written to the operation as it
 * happens.
 *
 * @public
 */
export class FailoverExecutor {
  private readonly running = new Set<Promise<void>>();
  /** Operations of this replica following DNS: abort = "look, you may be superseded". */
  private readonly watching = new Map<string, AbortController>();

  constructor(
    private readonly deps: {
      clusters: ArcClusters;
      reader: RoutingControlReader;
      operations: OperationsStore;
      route53: Route53Store;
      logger: LoggerService;
      dnsTimeoutMs: number;
      pollIntervalMs?: number;
    },
  ) {}

  /**
   * Starts the background run and returns at once; the promise (which never
   * rejects) settles when the run has ended, for a drill that waits on it.
   */
  start(options: RunOptions): Promise<void> {
    const run: Promise<void> = this.run(options)
      .catch(error =>
        this.deps.logger.error(
          `Failover operation ${options.op.id} crashed: ${error}`,
        ),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return run;
  }

  /** Resolves when every background run has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async run({ op, config, targetRole, auditEvent, rules }: RunOptions) {
    const { operations, logger } = this.deps;
    let steps = withStep(op.steps, 'routing-controls-updated', 'running');
    await operations.update(op.id, { steps });

    const write = await this.write(op, config, steps, rules ?? []);
    if (write.outcome !== 'applied') {
      const unknown = write.outcome === 'unknown';
      steps = skipRemaining(
        withStep(
          steps,
          'routing-controls-updated',
          unknown ? 'unknown' : 'failed',
          write.detail,
        ),
        unknown
          ? 'Not observed: the ARC write is unconfirmed; check ARC.'
          : 'Not attempted: the routing controls were not updated.',
      );
      const superseded = await operations.complete(
        op.id,
        {
          status: unknown ? 'unknown' : 'failed',
          steps,
          error: { name: write.errorName, message: write.detail },
          found: write.found,
        },
        // an unconfirmed write may have changed what earlier operations watch
        { supersede: unknown },
      );
      this.wake(superseded);
      if (unknown) {
        logger.warn(
          `Failover ${op.id} of ${op.entityRef}: ARC write unconfirmed (check ARC): ${write.detail}`,
        );
      }
      const auditError = new Error(write.detail);
      auditError.name = write.errorName;
      auditError.cause = toError(write.error);
      await auditEvent?.fail({
        error: auditError,
        meta: {
          operationId: op.id,
          outcome: unknown ? 'unknown' : 'not-updated',
        },
      });
      return;
    }

    steps = withStep(steps, 'routing-controls-updated', 'done', write.detail);
    // the lock covers the write only: from here on a failback may start (and
    // supersedes this operation's DNS observation)
    this.wake(
      await operations.settleWrite(
        op.id,
        { steps },
        {
          entityRef: op.entityRef,
          activeRegion: op.toRegion,
          states: write.states,
        },
      ),
    );

    const watched = await this.watchDns(op, config, targetRole, steps);
    if ('finishedElsewhere' in watched) {
      logger.warn(
        `Failover ${op.id} of ${op.entityRef} was completed elsewhere while this replica followed DNS`,
      );
      return;
    }
    if ('supersededBy' in watched) {
      const why = `Superseded by operation ${watched.supersededBy}: a later change of this control panel started, so DNS is no longer followed for this one. The routing controls were updated (see the step above).`;
      steps = skipRemaining((await operations.get(op.id))?.steps ?? steps, why);
      await operations.complete(op.id, {
        status: 'succeeded',
        steps,
        timings: operationTimings(
          { createdAt: op.createdAt, steps },
          config.rtoMinutes,
        ),
      });
      logger.info(
        `Failover ${op.id} of ${op.entityRef} to ${op.toRegion} by ${op.actor} superseded by ${watched.supersededBy}`,
      );
      await auditEvent?.success({
        meta: { operationId: op.id, supersededBy: watched.supersededBy },
      });
      return;
    }
    steps = watched.steps;
    const dnsFollowedAfterMs = watched.dnsAt
      ? watched.dnsAt - write.at
      : undefined;
    await operations.complete(op.id, {
      status: 'succeeded',
      steps,
      dnsFollowedAfterMs,
      timings: operationTimings(
        { createdAt: op.createdAt, steps },
        config.rtoMinutes,
      ),
    });
    logger.info(
      `Failover ${op.id} of ${op.entityRef} to ${op.toRegion} by ${op.actor} completed`,
    );
    await auditEvent?.success({
      meta: { operationId: op.id, dnsFollowedAfterMs },
    });
  }

  /**
   * The one ARC write, settled: accepted; or, when the call failed, decided
   * by a fresh read of the controls (any endpoint, never the cache).
   */
  private async write(
    op: StoredOperation,
    config: MultiRegionConfig,
    steps: StoredOperation['steps'],
    rules: ArcSafetyRule[],
  ): Promise<SettledWrite> {
    const { operations, clusters, reader } = this.deps;
    const intent = op.intent!;
    const client = clusters.get(intent.clusterName);
    if (!client) {
      const detail = `ARC cluster "${intent.clusterName}" is not configured (multiRegion.clusters); nothing was sent. The routing controls were not updated.`;
      return {
        outcome: 'not-applied',
        detail,
        errorName: 'Error',
        error: new Error(detail),
        found: undefined,
      };
    }
    try {
      const result = await client.updateRoutingControlStates(
        intent.entries,
        intent.safetyRulesToOverride,
      );
      const failedBefore = result.attempts.length
        ? ` Failed before: ${result.attempts.map(describeAttempt).join('; ')}.`
        : '';
      return {
        outcome: 'applied',
        at: Date.now(),
        states: Object.fromEntries(intent.entries.map(e => [e.arn, e.state])),
        detail: `Accepted by ${result.region} (${
          result.endpoint
        }), request id ${result.requestId ?? 'n/a'}, after ${
          result.elapsedMs
        } ms.${failedBefore}`,
      };
    } catch (error) {
      const message = sentence(
        error instanceof ArcCallError ? error.message : stringifyError(error),
      );
      const refusedAt = Date.now();
      const certainty = assessWriteFailure(error);
      // also a heartbeat: the read-back may take another ARC deadline
      await operations.update(op.id, {
        steps: withStep(
          steps,
          'routing-controls-updated',
          'running',
          `The write got an error; reading the routing controls back to see whether it was applied. ${message}`,
        ),
      });
      reader.invalidate(intent.clusterName, config.controlPanelArn);
      let reading: PanelReading | undefined;
      let readError: unknown;
      try {
        reading = await reader.read(
          intent.clusterName,
          config.controlPanelArn,
          {
            fresh: true,
          },
        );
      } catch (e) {
        readError = e;
      }
      const decision = decideFailedWrite(intent, certainty, {
        reading,
        readError,
      });
      const found = readingFinding(intent, reading, readError);
      if (decision.outcome === 'applied') {
        return {
          outcome: 'applied',
          at: decision.reading.readAt,
          states: found.readBack.states ?? {},
          detail: `Confirmed by read-back: the write got an error, but a fresh read from ${readingSource(
            decision.reading,
          )} shows the routing controls at the requested states (${statesInWords(
            intent,
            decision.reading,
          )}), so the write was applied. The error: ${message}`,
        };
      }
      const waiting = waitPeriodRefusal(error);
      if (decision.outcome === 'not-applied' && waiting) {
        return this.waitPeriodRefused(op, rules, waiting, refusedAt, found);
      }
      if (decision.outcome === 'not-applied') {
        const readNote = reading
          ? ` Read back from ${readingSource(reading)}: ${statesInWords(
              intent,
              reading,
            )}.`
          : ` The controls could not be read back (${stringifyError(
              readError,
            )}), but every endpoint refused the write.`;
        return {
          outcome: 'not-applied',
          detail: `${message}${readNote} The routing controls were not updated.`,
          errorName:
            error instanceof ArcCallError
              ? `Arc${kindName(error.kind)}`
              : 'Error',
          error,
          found,
        };
      }
      if (reading) await this.baseline(op, config, reading);
      const lastRead = reading
        ? `Last read from ${readingSource(reading)}: ${statesInWords(
            intent,
            reading,
          )} (requested: ${intentInWords(
            intent,
            reading,
          )}); the write may still land.`
        : `The routing controls could not be read back: ${stringifyError(
            readError,
          )}.`;
      return {
        outcome: 'unknown',
        detail: `Unknown — check ARC: the write may or may not have been applied (${
          certainty === 'unanswered'
            ? 'at least one endpoint gave no answer to it'
            : 'an endpoint answered with an error that does not say whether it was applied'
        }): ${message} ${lastRead}`,
        errorName: 'ArcWriteUnconfirmed',
        error,
        found,
      };
    } finally {
      reader.invalidate(intent.clusterName, config.controlPanelArn);
    }
  }

  /**
   * ARC refused the write because a safety rule's wait period had not
   * ended: nothing changed, and the operation says when the wait period
   * ends, in the words the plan uses (never ARC's raw message).
   */
  private waitPeriodRefused(
    op: StoredOperation,
    rules: ArcSafetyRule[],
    refusal: { ruleArn?: string; remainingMs?: number },
    at: number,
    found: ReturnType<typeof readingFinding>,
  ): SettledWrite {
    const controls = op.intent!.entries.map(e => e.arn);
    const wait = runningWaitPeriod(
      rules,
      controls,
      { at, basis: 'arc-refusal', controls, ...refusal },
      at,
    );
    const rule = rules.find(r => r.arn === refusal.ruleArn);
    const detail = `Refused by ARC: ${
      wait
        ? `${wait.message[0].toLowerCase()}${wait.message.slice(1)}`
        : `a safety rule's wait period${
            rule ? ` ("${rule.name}")` : ''
          } after the last change of these routing controls has not ended. Plan again in a few seconds.`
    } The routing controls were not updated.`;
    return {
      outcome: 'not-applied',
      detail,
      errorName: WAIT_PERIOD_ERROR,
      error: new Error(detail),
      found: { ...found, waitPeriodRefusal: { at, ...refusal } },
    };
  }

  /**
   * After an unconfirmed write: what the read-back showed becomes the known
   * state if none is known yet, so that the write landing later is noticed
   * (and confirms this operation, see ExternalChangeDetector).
   */
  private async baseline(
    op: StoredOperation,
    config: MultiRegionConfig,
    reading: PanelReading,
  ) {
    const state = (arn: string): RoutingControlReading => {
      const s = reading.controls.get(arn)?.state;
      return s
        ? { state: s }
        : { state: 'Unknown', reason: 'not in the panel' };
    };
    const active = deriveActiveRegion(config, {
      primary: state(config.primary.routingControlArn),
      secondary: state(config.secondary.routingControlArn),
    });
    if (active.certainty !== 'known') return;
    await this.deps.operations.setKnownStateIfAbsent(
      {
        entityRef: op.entityRef,
        activeRegion: active.activeRegion,
        states: Object.fromEntries(
          [config.primary, config.secondary].map(r => [
            r.routingControlArn,
            reading.controls.get(r.routingControlArn)!.state,
          ]),
        ),
      },
      reading.readAt,
    );
  }

  /** Tells this replica's watchers of these operations to look: they were superseded. */
  private wake(ids: string[]) {
    for (const id of ids) this.watching.get(id)?.abort();
  }

  /**
   * Asks the refresher for this entity's Route 53 data until DNS follows,
   * the time is up, or a later operation of the panel supersedes this one.
   */
  private async watchDns(
    op: StoredOperation,
    config: MultiRegionConfig,
    targetRole: RegionRole,
    initial: StoredOperation['steps'],
  ): Promise<WatchEnd> {
    const wakeUp = new AbortController();
    this.watching.set(op.id, wakeUp);
    try {
      return await this.follow(op, config, targetRole, initial, wakeUp.signal);
    } catch (error) {
      if (error instanceof StopWatching) return error.end;
      throw error;
    } finally {
      this.watching.delete(op.id);
    }
  }

  private async follow(
    op: StoredOperation,
    config: MultiRegionConfig,
    targetRole: RegionRole,
    initial: StoredOperation['steps'],
    wakeUp: AbortSignal,
  ): Promise<WatchEnd> {
    const { operations, route53, dnsTimeoutMs } = this.deps;
    const pollMs = this.deps.pollIntervalMs ?? 250;
    const deadline = Date.now() + dnsTimeoutMs;
    const wanted = FAILOVER_RECORD_OF[targetRole];
    const beat = async () => {
      const heartbeat = await operations.heartbeat(op.id);
      if (heartbeat.state === 'superseded')
        throw new StopWatching({ supersededBy: heartbeat.by });
      if (heartbeat.state === 'finished')
        throw new StopWatching({ finishedElsewhere: true });
    };
    /** A pause that a supersession cuts short, then a heartbeat that reports it. */
    const pause = async () => {
      await sleep(pollMs, wakeUp);
      await beat();
    };
    let steps = withStep(initial, 'health-checks-observed', 'running');
    await beat();
    await operations.update(op.id, { steps });
    let healthSeen = false;
    let last = 'no Route 53 data yet';

    while (Date.now() < deadline) {
      const records =
        (
          await route53.records([
            { hostedZoneId: config.hostedZoneId, name: config.dnsName },
          ])
        ).get(`${config.hostedZoneId}|${config.dnsName}`) ?? [];
      const target = healthCheckIdOf(config, targetRole, records);
      const other = healthCheckIdOf(config, otherRole(targetRole), records);
      const ids = [target, other].filter((id): id is string => Boolean(id));
      const requestId = await route53.requestRefresh({
        accountId: config.accountId,
        hostedZoneId: config.hostedZoneId,
        dnsName: config.dnsName,
        healthCheckIds: ids,
      });
      while (!(await route53.isServed(requestId)) && Date.now() < deadline) {
        await pause(); // heartbeat: this replica is alive
      }
      const fresh =
        (
          await route53.records([
            { hostedZoneId: config.hostedZoneId, name: config.dnsName },
          ])
        ).get(`${config.hostedZoneId}|${config.dnsName}`) ?? [];
      const health = await route53.health(ids);
      const targetHealth = target ? health.get(target)?.status : undefined;
      const otherHealth = other ? health.get(other)?.status : undefined;
      last = `target ${target ?? '(no health check)'} ${
        targetHealth ?? 'unknown'
      }, other ${other ?? '(no health check)'} ${otherHealth ?? 'unknown'}`;
      if (
        !healthSeen &&
        targetHealth === 'Healthy' &&
        (targetRole === 'primary' || otherHealth !== 'Healthy')
      ) {
        healthSeen = true;
        steps = withStep(
          steps,
          'health-checks-observed',
          'done',
          `Route 53 health checks: ${last}.`,
        );
        steps = withStep(steps, 'dns-answering', 'running');
        await beat();
        await operations.update(op.id, { steps });
      }
      if (healthSeen) {
        const answer = answeredRecord(fresh, id => health.get(id)?.status);
        if (answer === wanted) {
          const record = fresh.find(r => r.failover === wanted);
          steps = withStep(
            steps,
            'dns-answering',
            'done',
            `${config.dnsName} now answers with the ${wanted} record (${
              op.toRegion
            }${record?.aliasTarget ? `, ${record.aliasTarget}` : ''}).`,
          );
          return { steps, dnsAt: Date.now() };
        }
        last = `Route 53 would answer with ${
          answer ?? 'an undetermined record'
        }`;
      }
      await pause();
    }
    const why = `Not observed within ${Math.round(
      dnsTimeoutMs / 1000,
    )} s (${last}). The routing controls were updated; check Route 53.`;
    steps = healthSeen
      ? withStep(steps, 'dns-answering', 'failed', why)
      : withStep(
          withStep(steps, 'health-checks-observed', 'failed', why),
          'dns-answering',
          'skipped',
          'Health checks were not seen to follow.',
        );
    return { steps };
  }
}

/** The text with a closing full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function kindName(kind: string): string {
  return kind
    .split('-')
    .map(p => p[0].toUpperCase() + p.slice(1))
    .join('');
}

import {
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError, toError } from '@backstage/errors';
import {
  FAILOVER_RECORD_OF,
  healthCheckIdOf,
  MultiRegionConfig,
  otherRole,
  RegionRole,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  ArcCallError,
  ArcClusters,
  describeAttempt,
} from '@multi-region-failover/plugin-multi-region-node';
import { RoutingControlReader } from '../arc/RoutingControlReader';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { Route53Store } from '../database/Route53Store';
import { answeredRecord } from '../route53/failoverAnswer';
import { sleep } from '../lib/sleep';
import { skipRemaining, withStep } from './steps';

/** Options of the background part of one failover. */
export interface RunOptions {
  op: StoredOperation;
  config: MultiRegionConfig;
  targetRole: RegionRole;
  auditEvent?: AuditorServiceEvent;
}

/**
 * Runs a failover after the operation row (and its panel lock) exists:
 * ONE UpdateRoutingControlStates call, then it watches Route 53 (through the
 * refresher, within the request budget) until DNS answers with the target
 * region. Every step is written to the operation as it happens.
 *
 * @public
 */
export class FailoverExecutor {
  private readonly running = new Set<Promise<void>>();

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

  /** Starts the background run; returns at once. */
  start(options: RunOptions): void {
    const run = this.run(options)
      .catch(error =>
        this.deps.logger.error(
          `Failover operation ${options.op.id} crashed: ${error}`,
        ),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when every background run has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async run({ op, config, targetRole, auditEvent }: RunOptions) {
    const { operations, clusters, reader, logger } = this.deps;
    const intent = op.intent!;
    let steps = withStep(op.steps, 'routing-controls-updated', 'running');
    await operations.update(op.id, { steps });

    const client = clusters.get(intent.clusterName)!;
    let arcAcceptedAt: number;
    try {
      const result = await client.updateRoutingControlStates(
        intent.entries,
        intent.safetyRulesToOverride,
      );
      arcAcceptedAt = Date.now();
      const failedBefore = result.attempts.length
        ? ` Failed before: ${result.attempts.map(describeAttempt).join('; ')}.`
        : '';
      steps = withStep(
        steps,
        'routing-controls-updated',
        'done',
        `Accepted by ${result.region} (${result.endpoint}), request id ${
          result.requestId ?? 'n/a'
        }, after ${result.elapsedMs} ms.${failedBefore}`,
      );
      // the portal's own change: not an external one
      await operations.setKnownState(
        op.entityRef,
        op.toRegion,
        Object.fromEntries(intent.entries.map(e => [e.arn, e.state])),
      );
      await operations.update(op.id, { steps });
    } catch (error) {
      const message =
        error instanceof ArcCallError ? error.message : stringifyError(error);
      steps = skipRemaining(
        withStep(steps, 'routing-controls-updated', 'failed', message),
        'Not attempted: the routing controls were not updated.',
      );
      await operations.complete(op.id, {
        status: 'failed',
        steps,
        error: {
          name:
            error instanceof ArcCallError
              ? `Arc${kindName(error.kind)}`
              : 'Error',
          message,
        },
      });
      await auditEvent?.fail({
        error: toError(error),
        meta: { operationId: op.id },
      });
      return;
    } finally {
      reader.invalidate(intent.clusterName, config.controlPanelArn);
    }

    const observed = await this.watchDns(op, config, targetRole, steps);
    steps = observed.steps;
    await operations.complete(op.id, {
      status: 'succeeded',
      steps,
      dnsFollowedAfterMs: observed.dnsAt
        ? observed.dnsAt - arcAcceptedAt
        : undefined,
    });
    logger.info(
      `Failover ${op.id} of ${op.entityRef} to ${op.toRegion} by ${op.actor} completed`,
    );
    await auditEvent?.success({
      meta: {
        operationId: op.id,
        dnsFollowedAfterMs: observed.dnsAt
          ? observed.dnsAt - arcAcceptedAt
          : undefined,
      },
    });
  }

  /** Asks the refresher for this entity's Route 53 data until DNS follows. */
  private async watchDns(
    op: StoredOperation,
    config: MultiRegionConfig,
    targetRole: RegionRole,
    initial: StoredOperation['steps'],
  ): Promise<{ steps: StoredOperation['steps']; dnsAt?: number }> {
    const { operations, route53, dnsTimeoutMs } = this.deps;
    const pollMs = this.deps.pollIntervalMs ?? 250;
    const deadline = Date.now() + dnsTimeoutMs;
    const wanted = FAILOVER_RECORD_OF[targetRole];
    let steps = withStep(initial, 'health-checks-observed', 'running');
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
        await sleep(pollMs);
        await operations.update(op.id, {}); // heartbeat: this replica is alive
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
      await sleep(pollMs);
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

function kindName(kind: string): string {
  return kind
    .split('-')
    .map(p => p[0].toUpperCase() + p.slice(1))
    .join('');
}

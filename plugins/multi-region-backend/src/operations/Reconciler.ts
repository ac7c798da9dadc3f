import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  PanelReading,
  RoutingControlReader,
} from '../arc/RoutingControlReader';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { skipRemaining, withStep } from './steps';
import { intentInWords, readingFinding } from './writeOutcome';

/** What reconciliation found in ARC for an interrupted operation. */
export interface ReconciliationFinding {
  applied: boolean;
  states: Record<string, string>;
  readAt: string;
  readFrom: string;
  requestId?: string;
}

/**
 * Settles operations left unfinished by a crashed replica. One whose ARC
 * write had not settled: reads the real routing-control states, records what
 * it found (status `reconciled`) and releases the panel lock; when ARC stays
 * unreadable for `giveUpAfterMs`, it is recorded as `unknown` (check ARC) and
 * the lock is released, so a lock is never held forever. One whose write had
 * settled (it was following DNS, without the lock): completed without an ARC
 * read, `reconciled` (DNS not observed), or `succeeded` when a later operation
 * had superseded it. Runs at start and with every refresher run.
 *
 * @public
 */
export class Reconciler {
  constructor(
    private readonly deps: {
      operations: OperationsStore;
      reader: RoutingControlReader;
      logger: LoggerService;
      staleAfterMs: number;
      /** How long an interrupted write may stay unreadable before it is `unknown`; default 10 × staleAfterMs, at least 5 min. */
      giveUpAfterMs?: number;
    },
  ) {}

  async reconcileStale(): Promise<StoredOperation[]> {
    const { operations, logger, staleAfterMs } = this.deps;
    const stale = await operations.staleUnfinished(Date.now() - staleAfterMs);
    const settled: StoredOperation[] = [];
    for (const op of stale) {
      try {
        settled.push(await this.reconcile(op));
      } catch (error) {
        logger.warn(
          `Could not reconcile interrupted operation ${op.id} of ${op.entityRef} yet (its lock stays): ${error}`,
        );
      }
    }
    const released = await operations.releaseOrphanLocks();
    if (released > 0)
      logger.info(`Released ${released} orphaned failover lock(s)`);
    return settled;
  }

  private async reconcile(op: StoredOperation): Promise<StoredOperation> {
    const { operations, reader, logger } = this.deps;
    if (!op.intent) {
      await operations.complete(op.id, {
        status: 'reconciled',
        steps: skipRemaining(
          op.steps,
          'Interrupted before the ARC call was planned.',
        ),
        error: {
          name: 'Interrupted',
          message: 'The backend stopped before this operation reached ARC.',
        },
      });
      return (await operations.get(op.id))!;
    }
    const write = op.steps.find(s => s.name === 'routing-controls-updated');
    if (write?.status === 'done') return this.settleObservation(op);
    let reading: PanelReading;
    try {
      reading = await reader.read(op.intent.clusterName, op.controlPanelArn, {
        fresh: true,
      });
    } catch (error) {
      const giveUpAfterMs =
        this.deps.giveUpAfterMs ??
        Math.max(10 * this.deps.staleAfterMs, 5 * 60_000);
      if (Date.parse(op.updatedAt) > Date.now() - giveUpAfterMs) throw error;
      return this.giveUp(op, error, giveUpAfterMs);
    }
    const states: Record<string, string> = {};
    for (const e of op.intent.entries) {
      states[e.arn] = reading.controls.get(e.arn)?.state ?? 'missing';
    }
    const applied = op.intent.entries.every(e => states[e.arn] === e.state);
    const finding: ReconciliationFinding = {
      applied,
      states,
      readAt: new Date(reading.readAt).toISOString(),
      readFrom: `${reading.region} (${reading.endpoint})`,
      requestId: reading.requestId,
    };
    const words = Object.entries(states)
      .map(([arn, s]) => `${arn.split('/').pop()}=${s}`)
      .join(', ');
    const detail = applied
      ? `Interrupted; on restart ARC showed the change applied (${words}).`
      : `Interrupted; on restart ARC showed the change NOT applied (${words}).`;
    const steps = skipRemaining(
      withStep(
        op.steps,
        'routing-controls-updated',
        applied ? 'done' : 'failed',
        detail,
      ),
      'Not observed: the operation was interrupted and reconciled.',
    );
    await operations.complete(
      op.id,
      {
        status: 'reconciled',
        steps,
        found: finding,
        error: applied
          ? null
          : {
              name: 'Interrupted',
              message: `${detail} Traffic stayed in ${op.fromRegion}.`,
            },
      },
      applied
        ? {
            knownState: {
              entityRef: op.entityRef,
              activeRegion: op.toRegion,
              states,
            },
            supersede: true,
          }
        : {},
    );
    logger.warn(
      `Reconciled interrupted operation ${op.id} of ${op.entityRef}: ${detail}`,
    );
    return (await operations.get(op.id))!;
  }

  /**
   * The write had settled (the lock is already free) and the replica died
   * while following DNS, or after a later operation superseded it: nothing
   * to read from ARC, the write's outcome is recorded in its step.
   */
  private async settleObservation(
    op: StoredOperation,
  ): Promise<StoredOperation> {
    const { operations, logger } = this.deps;
    const by = op.supersededBy;
    const steps = skipRemaining(
      op.steps,
      by
        ? `Superseded by operation ${by}: a later change of this control panel started, so DNS is no longer followed for this one. The routing controls were updated (see the step above).`
        : 'Not observed: the backend stopped while following DNS. The routing controls had been updated (see the step above); check Route 53.',
    );
    await operations.complete(op.id, {
      status: by ? 'succeeded' : 'reconciled',
      steps,
      error: null,
    });
    logger.warn(
      `Completed operation ${op.id} of ${
        op.entityRef
      }, interrupted while following DNS${
        by ? ` (superseded by ${by})` : ''
      }; its ARC write had been applied`,
    );
    return (await operations.get(op.id))!;
  }

  /** ARC stayed unreadable: the write is unconfirmed, the lock is released. */
  private async giveUp(
    op: StoredOperation,
    error: unknown,
    giveUpAfterMs: number,
  ): Promise<StoredOperation> {
    const { operations, logger } = this.deps;
    const detail = `Unknown — check ARC: the backend stopped during the ARC write, and the routing controls could not be read for ${Math.round(
      giveUpAfterMs / 60_000,
    )} min to see whether it was applied (requested: ${intentInWords(
      op.intent!,
    )}). Last error: ${stringifyError(error)}`;
    const steps = skipRemaining(
      withStep(op.steps, 'routing-controls-updated', 'unknown', detail),
      'Not observed: the ARC write is unconfirmed; check ARC.',
    );
    logger.warn(
      `Gave up reconciling interrupted operation ${op.id} of ${op.entityRef} (lock released): ${detail}`,
    );
    await operations.complete(
      op.id,
      {
        status: 'unknown',
        steps,
        found: readingFinding(op.intent!, undefined, error),
        error: { name: 'ArcWriteUnconfirmed', message: detail },
      },
      { supersede: true },
    );
    return (await operations.get(op.id))!;
  }
}

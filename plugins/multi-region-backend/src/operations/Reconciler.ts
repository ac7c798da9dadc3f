import { LoggerService } from '@backstage/backend-plugin-api';
import { RoutingControlReader } from '../arc/RoutingControlReader';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { skipRemaining, withStep } from './steps';

/** What reconciliation found in ARC for an interrupted operation. */
export interface ReconciliationFinding {
  applied: boolean;
  states: Record<string, string>;
  readAt: string;
  readFrom: string;
  requestId?: string;
}

/**
 * Settles operations left unfinished by a crashed replica: reads the real
 * routing-control states, records what it found (status `reconciled`) and
 * releases the panel lock. Runs at start and with every refresher run.
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
    const reading = await reader.read(
      op.intent.clusterName,
      op.controlPanelArn,
      { fresh: true },
    );
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
    if (applied) {
      await operations.setKnownState(op.entityRef, op.toRegion, states);
    }
    await operations.complete(op.id, {
      status: 'reconciled',
      steps,
      found: finding,
      error: applied
        ? null
        : {
            name: 'Interrupted',
            message: `${detail} Traffic stayed in ${op.fromRegion}.`,
          },
    });
    logger.warn(
      `Reconciled interrupted operation ${op.id} of ${op.entityRef}: ${detail}`,
    );
    return (await operations.get(op.id))!;
  }
}

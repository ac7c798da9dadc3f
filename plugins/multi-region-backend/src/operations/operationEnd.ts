import { OperationStatus } from '@multi-region-failover/plugin-multi-region-common';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { sleep } from '../lib/sleep';

/** Statuses an operation ends in. */
export const FINAL_OPERATION_STATUSES: readonly OperationStatus[] = [
  'succeeded',
  'failed',
  'reconciled',
  'refused',
  'unknown',
];

/** Whether the operation moved traffic (its ARC write was applied). */
export function movedTraffic(op: StoredOperation): boolean {
  return op.status === 'succeeded' || (op.status === 'reconciled' && !op.error);
}

/**
 * The operation once it has ended. One this replica does not run (after a
 * takeover) is waited for, looking every `intervalMs`, while the Reconciler
 * settles it; an abort returns it as it stands.
 */
export async function settledOperation(
  operations: Pick<OperationsStore, 'get'>,
  id: string | undefined,
  intervalMs: number,
  signal: AbortSignal,
): Promise<StoredOperation | undefined> {
  if (!id) return undefined;
  for (;;) {
    const op = await operations.get(id);
    if (!op || FINAL_OPERATION_STATUSES.includes(op.status) || signal.aborted) {
      return op;
    }
    await sleep(intervalMs, signal);
  }
}

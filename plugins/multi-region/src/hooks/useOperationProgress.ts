import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { usePollUntilFinal } from './usePollUntilFinal';

const FINAL: ReadonlyArray<Operation['status']> = [
  'succeeded',
  'failed',
  'reconciled',
  'refused',
  // the write could not be confirmed either way: nothing more will happen
  'unknown',
];

/** True once an operation will not change any more. */
export function isFinished(operation: Operation): boolean {
  return FINAL.includes(operation.status);
}

/**
 * Follows an operation with `GET /operations/:id` until it finishes: at once
 * on each signal naming it, else every `intervalMs` (see `usePollUntilFinal`).
 * `live`: signals drive it.
 */
export function useOperationProgress(
  started: Operation | undefined,
  intervalMs: number,
) {
  const api = useApi(multiRegionApiRef);
  const load = useCallback((id: string) => api.getOperation(id), [api]);
  const { value, pollError, live } = usePollUntilFinal({
    started,
    load,
    isFinal: isFinished,
    intervalMs,
    signalKind: 'operation',
  });
  return { operation: value, pollError, live };
}

import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

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
 * Follows an operation with `GET /operations/:id` until it finishes. A failed
 * poll is shown but polling goes on: a network blip must not hide the outcome.
 */
export function useOperationProgress(
  started: Operation | undefined,
  intervalMs: number,
) {
  const api = useApi(multiRegionApiRef);
  const [operation, setOperation] = useState<Operation | undefined>(started);
  const [pollError, setPollError] = useState<unknown>();

  useEffect(() => {
    setOperation(started);
    if (!started || isFinished(started)) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.getOperation(started.id);
        if (cancelled) return;
        setOperation(next);
        setPollError(undefined);
        if (isFinished(next)) return;
      } catch (e) {
        if (cancelled) return;
        setPollError(e);
      }
      timer = setTimeout(poll, intervalMs);
    };
    timer = setTimeout(poll, intervalMs);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, started, intervalMs]);

  return { operation, pollError };
}

import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { isDrillRunning } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/**
 * The drills of one entity, newest first (`GET /drills`). Re-read every
 * `refreshWhileRunningMs` while one of them is still running, so its row
 * follows it to its outcome.
 */
export function useDrills(
  entityRef: string,
  options: { limit?: number; refreshWhileRunningMs?: number } = {},
) {
  const { limit, refreshWhileRunningMs } = options;
  const api = useApi(multiRegionApiRef);
  const state = useAsyncRetry(
    () => api.listDrills(entityRef, limit),
    [api, entityRef, limit],
  );
  const { retry } = state;
  const running = Boolean(state.value?.items.some(isDrillRunning));
  useEffect(() => {
    if (!running || !refreshWhileRunningMs) return undefined;
    const timer = setInterval(retry, refreshWhileRunningMs);
    return () => clearInterval(timer);
  }, [running, refreshWhileRunningMs, retry]);
  return {
    drills: state.value?.items,
    loading: state.loading,
    error: state.error,
    refresh: retry,
  };
}

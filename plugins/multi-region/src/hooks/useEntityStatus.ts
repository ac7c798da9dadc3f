import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/** Faster polling while DNS rows are missing, for this long after mount. */
const SETTLE_INTERVAL_MS = 5_000;
const SETTLE_FOR_MS = 120_000;

/** True while a region has no DNS row yet (the backend is asking Route 53). */
function dnsIncomplete(status: EntityStatusResponse | undefined): boolean {
  return Boolean(
    status && Object.values(status.regions ?? {}).some(r => !r.dnsRecord),
  );
}

/**
 * Loads `GET /status` for one entity and keeps it fresh. The last value stays
 * on screen while a refresh runs, so the card never blanks out. A service
 * just registered has no DNS rows until the backend has read Route 53 for
 * it: until then (for two minutes at most) it polls every few seconds.
 */
export function useEntityStatus(
  entityRef: string | undefined,
  options: { refreshIntervalMs?: number } = {},
) {
  const api = useApi(multiRegionApiRef);
  const state = useAsyncRetry<EntityStatusResponse | undefined>(
    async () => (entityRef ? api.getStatus(entityRef) : undefined),
    [api, entityRef],
  );
  const { retry } = state;
  const [mountedAt] = useState(() => Date.now());
  const settling =
    dnsIncomplete(state.value) && Date.now() - mountedAt < SETTLE_FOR_MS;
  const interval =
    settling && options.refreshIntervalMs
      ? Math.min(SETTLE_INTERVAL_MS, options.refreshIntervalMs)
      : options.refreshIntervalMs;
  useEffect(() => {
    if (!entityRef || !interval) return undefined;
    const timer = setInterval(retry, interval);
    return () => clearInterval(timer);
  }, [entityRef, interval, retry]);
  return {
    status: state.value,
    loading: state.loading,
    error: state.error,
    refresh: retry,
  };
}

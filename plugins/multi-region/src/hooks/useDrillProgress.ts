import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Drill,
  isDrillRunning,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { usePollUntilFinal } from './usePollUntilFinal';

/** True once a drill is completed, failed or needs attention. */
export function isDrillFinal(drill: Drill): boolean {
  return !isDrillRunning(drill);
}

/**
 * Follows a drill with `GET /drills/:id` while it runs (failing over,
 * soaking, failing back), at once on each signal naming it, else every
 * `intervalMs`. `replace` shows the drill a stop request returned; `live`:
 * signals drive it.
 */
export function useDrillProgress(
  started: Drill | undefined,
  intervalMs: number,
) {
  const api = useApi(multiRegionApiRef);
  const load = useCallback((id: string) => api.getDrill(id), [api]);
  const { value, pollError, replace, live } = usePollUntilFinal({
    started,
    load,
    isFinal: isDrillFinal,
    intervalMs,
    signalKind: 'drill',
  });
  return { drill: value, pollError, replace, live };
}

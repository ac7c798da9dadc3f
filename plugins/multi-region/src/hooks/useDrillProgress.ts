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
 * soaking, failing back). `replace` shows the drill a stop request returned.
 */
export function useDrillProgress(
  started: Drill | undefined,
  intervalMs: number,
) {
  const api = useApi(multiRegionApiRef);
  const load = useCallback((id: string) => api.getDrill(id), [api]);
  const { value, pollError, replace } = usePollUntilFinal({
    started,
    load,
    isFinal: isDrillFinal,
    intervalMs,
  });
  return { drill: value, pollError, replace };
}

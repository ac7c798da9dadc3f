import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { isEvacuationFinal } from '../utils/evacuations';
import { usePollUntilFinal } from './usePollUntilFinal';

/**
 * Follows an evacuation with `GET /evacuations/:id` until it is completed,
 * at once on each signal naming it, else every `intervalMs`. `replace` shows
 * the evacuation a stop request returned; `live`: signals drive it.
 */
export function useEvacuationProgress(
  started: Evacuation | undefined,
  intervalMs: number,
) {
  const api = useApi(multiRegionApiRef);
  const load = useCallback((id: string) => api.getEvacuation(id), [api]);
  const { value, pollError, replace, live } = usePollUntilFinal({
    started,
    load,
    isFinal: isEvacuationFinal,
    intervalMs,
    signalKind: 'evacuation',
  });
  return { evacuation: value, pollError, replace, live };
}

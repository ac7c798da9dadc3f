import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/**
 * Stops a running evacuation (`POST /evacuations/:id/stop`): services not
 * started yet are skipped, those moving finish. `onStopped` gets the
 * evacuation the server answered with.
 */
export function useStopEvacuation(
  onStopped?: (evacuation: Evacuation) => void,
) {
  const api = useApi(multiRegionApiRef);
  const [state, stop] = useAsyncFn(
    async (id: string, reason: string) => {
      const evacuation = await api.stopEvacuation(id, reason.trim());
      onStopped?.(evacuation);
      return evacuation;
    },
    [api, onStopped],
  );
  return { stop, stopping: state.loading, error: state.error };
}

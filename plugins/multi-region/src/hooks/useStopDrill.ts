import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/**
 * Stops a running drill (`POST /drills/:id/stop`): it fails back within a
 * watch interval. `onStopped` gets the drill the server answered with.
 */
export function useStopDrill(onStopped?: (drill: Drill) => void) {
  const api = useApi(multiRegionApiRef);
  const [state, stop] = useAsyncFn(
    async (id: string, reason: string) => {
      const drill = await api.stopDrill(id, reason.trim());
      onStopped?.(drill);
      return drill;
    },
    [api, onStopped],
  );
  return { stop, stopping: state.loading, error: state.error };
}

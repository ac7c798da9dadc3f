import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { DrillPlan } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/**
 * The plan the drill dialog shows (`POST /drills/plan`), planned again on
 * demand. Idle while `enabled` is false (the dialog follows a drill already
 * under way). The last plan stays on screen while a new one loads.
 */
export function useDrillPlan(entityRef: string, enabled: boolean) {
  const api = useApi(multiRegionApiRef);
  const state = useAsyncRetry<DrillPlan | undefined>(
    async () => (enabled ? api.planDrill(entityRef) : undefined),
    [api, entityRef, enabled],
  );
  return {
    plan: state.value,
    loading: state.loading,
    error: state.error,
    reload: state.retry,
  };
}

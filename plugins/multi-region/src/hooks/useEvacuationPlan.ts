import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { EvacuationPlanRequest } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/**
 * The evacuation plan (`POST /evacuations/plan`), made when the person asks
 * for it, kept with the request it answers so the dialog can tell when the
 * region or selection chosen since no longer matches it. The last plan
 * stays while a new one loads.
 */
export function useEvacuationPlan() {
  const api = useApi(multiRegionApiRef);
  const [state, makePlan] = useAsyncFn(
    async (request: EvacuationPlanRequest) => ({
      request,
      plan: await api.planEvacuation(request),
    }),
    [api],
  );
  return {
    planned: state.value,
    loading: state.loading,
    error: state.error,
    makePlan,
  };
}

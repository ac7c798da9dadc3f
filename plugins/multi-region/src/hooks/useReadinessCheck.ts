import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { ReadinessReport } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/** The later of two reports (a fresh check may be older than a status read since). */
export function newerReport(
  a?: ReadinessReport,
  b?: ReadinessReport,
): ReadinessReport | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(a.evaluatedAt) >= Date.parse(b.evaluatedAt) ? a : b;
}

/**
 * "Check now": evaluates an entity's readiness on demand (`GET /readiness`,
 * towards the region that is not active, as the scheduled evaluation does).
 */
export function useReadinessCheck(entityRef: string) {
  const api = useApi(multiRegionApiRef);
  const [state, check] = useAsyncFn(
    () => api.getReadiness({ entityRef }),
    [api, entityRef],
  );
  return {
    report: state.value,
    checking: state.loading,
    error: state.error,
    check,
  };
}

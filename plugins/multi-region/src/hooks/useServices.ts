import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { multiRegionApiRef } from '../api/MultiRegionApi';

/** One `GET /services` call: every multi-region entity the caller can read. */
export function useServices() {
  const api = useApi(multiRegionApiRef);
  const state = useAsyncRetry(() => api.getServices(), [api]);
  return {
    services: state.value?.items,
    fetchedAt: state.value?.fetchedAt,
    loading: state.loading,
    error: state.error,
    refresh: state.retry,
  };
}

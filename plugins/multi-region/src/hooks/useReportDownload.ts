import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { ReportFormat } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef, ReportTarget } from '../api/MultiRegionApi';
import { saveBlob } from '../utils/saveBlob';

/**
 * Downloads a report through the API (so with the caller's token) and saves
 * it under the server's file name; the last failure stays in `error` until
 * the next download succeeds.
 */
export function useReportDownload(target: ReportTarget) {
  const api = useApi(multiRegionApiRef);
  const [state, download] = useAsyncFn(
    async (format: ReportFormat) => {
      const report = await api.downloadReport(target, format);
      saveBlob(report.blob, report.filename);
    },
    [api, target],
  );
  return { download, downloading: state.loading, error: state.error };
}

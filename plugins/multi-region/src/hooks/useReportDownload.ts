import { DependencyList } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { ReportFormat } from '@multi-region-failover/plugin-multi-region-common';
import {
  DownloadedReport,
  multiRegionApiRef,
  ReportTarget,
} from '../api/MultiRegionApi';
import { saveBlob } from '../utils/saveBlob';

/**
 * Fetches a file with `fetchFile` (through the API, so with the caller's
 * token) and saves it under the server's file name; the last failure stays
 * in `error` until the next download succeeds.
 */
export function useFileDownload<Args extends unknown[]>(
  fetchFile: (...args: Args) => Promise<DownloadedReport>,
  deps: DependencyList,
) {
  const [state, download] = useAsyncFn(async (...args: Args) => {
    const file = await fetchFile(...args);
    saveBlob(file.blob, file.filename);
  }, deps);
  return { download, downloading: state.loading, error: state.error };
}

/** Downloads a report in the format given to `download` and saves it. */
export function useReportDownload(target: ReportTarget) {
  const api = useApi(multiRegionApiRef);
  return useFileDownload(
    (format: ReportFormat) => api.downloadReport(target, format),
    [api, target],
  );
}

/** Downloads the entity's break-glass runbook and saves it. */
export function useRunbookDownload(entityRef: string) {
  const api = useApi(multiRegionApiRef);
  return useFileDownload(
    () => api.downloadRunbook(entityRef),
    [api, entityRef],
  );
}

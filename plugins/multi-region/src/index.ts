/**
 * Frontend of the multi-region failover plugins: see where each API runs and
 * fail it over from its own entity page.
 *
 * @packageDocumentation
 */
export {
  multiRegionPlugin,
  EntityMultiRegionCard,
  EntityMultiRegionContent,
  MultiRegionPage,
} from './plugin';
export { isMultiRegionAvailable } from './isMultiRegionAvailable';
export { multiRegionApiRef } from './api/MultiRegionApi';
export type {
  MultiRegionApi,
  HistoryQuery,
  ReportTarget,
  DownloadedReport,
} from './api/MultiRegionApi';
export { MultiRegionClient } from './api/MultiRegionClient';
export type { MultiRegionCardProps } from './components/MultiRegionCard';
export type { MultiRegionContentProps } from './components/MultiRegionContent';

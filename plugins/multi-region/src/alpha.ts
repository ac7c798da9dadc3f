/**
 * The multi-region failover plugin for Backstage's new frontend system:
 * `import multiRegionPlugin from '@multi-region-failover/plugin-multi-region/alpha'`.
 *
 * @packageDocumentation
 */
import { multiRegionFrontendPlugin } from './alpha/plugin';

export default multiRegionFrontendPlugin;

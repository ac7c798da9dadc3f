import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The org-wide page, mounted at /multi-region by the app. Adopters reach it
 * as `multiRegionPlugin.routes.root`.
 */
export const rootRouteRef = createRouteRef({ id: 'multi-region' });

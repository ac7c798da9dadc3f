import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide page, mounted at /multi-region by the app. @public */
export const rootRouteRef = createRouteRef({ id: 'multi-region' });

import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { multiRegionApiRef } from './api/MultiRegionApi';
import { MultiRegionClient } from './api/MultiRegionClient';
import { lazyComponents } from './components/lazyComponents';
import type { MultiRegionCardProps } from './components/MultiRegionCard';
import type { MultiRegionContentProps } from './components/MultiRegionContent';
import { rootRouteRef } from './routes';

/**
 * The multi-region failover plugin (legacy frontend system).
 *
 * @public
 */
export const multiRegionPlugin = createPlugin({
  id: 'multi-region',
  apis: [
    createApiFactory({
      api: multiRegionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MultiRegionClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * Entity card: the active region, both regions' state, the last change and the
 * failover button. Use inside an `EntitySwitch` with `isMultiRegionAvailable`.
 *
 * @public
 */
export const EntityMultiRegionCard: (
  props: MultiRegionCardProps,
) => JSX.Element = multiRegionPlugin.provide(
  createComponentExtension({
    name: 'EntityMultiRegionCard',
    component: { lazy: lazyComponents.card },
  }),
);

/**
 * Entity tab: history timeline, per-region detail and, for the external API,
 * the topology of the services it calls.
 *
 * @public
 */
export const EntityMultiRegionContent: (
  props: MultiRegionContentProps,
) => JSX.Element = multiRegionPlugin.provide(
  createComponentExtension({
    name: 'EntityMultiRegionContent',
    component: { lazy: lazyComponents.content },
  }),
);

/**
 * Org-wide page of every multi-region service, at /multi-region.
 *
 * @public
 */
export const MultiRegionPage: () => JSX.Element = multiRegionPlugin.provide(
  createRoutableExtension({
    name: 'MultiRegionPage',
    component: lazyComponents.page,
    mountPoint: rootRouteRef,
  }),
);

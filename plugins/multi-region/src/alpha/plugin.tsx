import { ComponentType } from 'react';
import {
  ApiBlueprint,
  ExtensionDefinition,
  OverridableFrontendPlugin,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import PublicIcon from '@material-ui/icons/Public';
import SwapHorizIcon from '@material-ui/icons/SwapHoriz';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { MultiRegionClient } from '../api/MultiRegionClient';
import { lazyComponents } from '../components/lazyComponents';
import { isMultiRegionAvailable } from '../isMultiRegionAvailable';
import { rootRouteRef } from '../routes';
import { useFailoverMenuItemProps } from './useFailoverMenuItemProps';

/** Loads a legacy component on first use, wrapped for the new frontend system. */
function compatLoader(load: () => Promise<ComponentType>) {
  return () => load().then(Component => compatWrapper(<Component />));
}

/** The plugin's routes, converted once for the page and the plugin. */
const routes = convertLegacyRouteRefs({ root: rootRouteRef });

/** The API client, built from the discovery and fetch APIs. */
const multiRegionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: multiRegionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MultiRegionClient({ discoveryApi, fetchApi }),
    }),
});

/** The entity card, on entities with multi-region annotations. */
const multiRegionEntityCard = EntityCardBlueprint.make({
  name: 'multi-region',
  params: {
    filter: isMultiRegionAvailable,
    loader: compatLoader(lazyComponents.card),
  },
});

/** The "Multi-region" entity tab. */
const multiRegionEntityContent = EntityContentBlueprint.make({
  name: 'multi-region',
  params: {
    path: 'multi-region',
    title: 'Multi-region',
    group: 'operation',
    filter: isMultiRegionAvailable,
    loader: compatLoader(lazyComponents.content),
  },
});

/** "Fail over / fail back…" in the entity page's context menu. */
const multiRegionFailoverMenuItem = EntityContextMenuItemBlueprint.make({
  name: 'failover',
  params: {
    icon: <SwapHorizIcon fontSize="small" />,
    filter: isMultiRegionAvailable,
    useProps: useFailoverMenuItemProps,
  },
});

/** The org-wide page at /multi-region. */
const multiRegionPage = PageBlueprint.make({
  params: {
    path: '/multi-region',
    title: 'Multi-region',
    icon: <PublicIcon />,
    routeRef: routes.root,
    // The page draws its own Backstage header.
    noHeader: true,
    loader: compatLoader(lazyComponents.page),
  },
});

/**
 * The multi-region failover plugin for the new frontend system. Typed
 * explicitly because two copies of `@backstage/filter-predicates` make the
 * inferred type unnameable in declarations.
 *
 * @alpha
 */
export const multiRegionFrontendPlugin: OverridableFrontendPlugin =
  createFrontendPlugin({
    pluginId: 'multi-region',
    title: 'Multi-region',
    icon: <PublicIcon />,
    routes,
    extensions: [
      multiRegionApi,
      multiRegionEntityCard,
      multiRegionEntityContent,
      multiRegionFailoverMenuItem,
      multiRegionPage,
    ],
  });

/** The extensions, exported for tests (typed loosely for the same reason). */
export const extensions: Record<
  'api' | 'entityCard' | 'entityContent' | 'failoverMenuItem' | 'page',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ExtensionDefinition<any>
> = {
  api: multiRegionApi,
  entityCard: multiRegionEntityCard,
  entityContent: multiRegionEntityContent,
  failoverMenuItem: multiRegionFailoverMenuItem,
  page: multiRegionPage,
};

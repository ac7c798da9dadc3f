/**
 * The plugin's three top-level components, each loaded on first use. The
 * legacy plugin and the new frontend system's extensions both use these.
 */
export const lazyComponents = {
  card: () => import('./MultiRegionCard').then(m => m.MultiRegionCard),
  content: () => import('./MultiRegionContent').then(m => m.MultiRegionContent),
  page: () => import('./MultiRegionPage').then(m => m.MultiRegionPage),
};

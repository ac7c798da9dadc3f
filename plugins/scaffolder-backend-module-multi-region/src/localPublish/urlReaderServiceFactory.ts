import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { readLocalPublishDir } from './localPublishDir';
import { LocalPublishUrlReader } from './LocalPublishUrlReader';

/**
 * Lets every plugin's UrlReader (the catalog's in particular) read `file:` URLs
 * inside `multiRegionScaffolder.localPublishDir`, so that `catalog:register`
 * accepts the `catalogInfoUrl` of `multi-region:publish:local`. Adds nothing
 * when the directory is not configured.
 *
 * @public
 */
export const localPublishUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    return () => {
      const root = readLocalPublishDir(config);
      if (!root) return [];
      const reader = new LocalPublishUrlReader(root);
      return [{ reader, predicate: reader.predicate }];
    };
  },
});

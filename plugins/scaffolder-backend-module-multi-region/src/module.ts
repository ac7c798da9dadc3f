import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAwsClientFactory } from './aws/clients';
import { createArcProvisionAction } from './actions/arc/createArcProvisionAction';
import { createRoute53ProvisionAction } from './actions/route53/createRoute53ProvisionAction';
import { createAddRouteAction } from './actions/externalApi/createAddRouteAction';
import { createPublishLocalAction } from './actions/publish/createPublishLocalAction';

/**
 * Registers the multi-region scaffolder actions with the scaffolder backend:
 * `multi-region:arc:provision`, `multi-region:route53:provision`,
 * `multi-region:external-api:add-route` and `multi-region:publish:local`.
 *
 * @public
 */
export const scaffolderModuleMultiRegion = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multi-region',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        const clients = createAwsClientFactory(config);
        scaffolder.addActions(
          createArcProvisionAction({ config, clients }),
          createRoute53ProvisionAction({ clients }),
          createAddRouteAction({ config }),
          createPublishLocalAction({ config }),
        );
      },
    });
  },
});

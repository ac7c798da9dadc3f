import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { MultiRegionAwsClients } from '@multi-region-failover/plugin-multi-region-node';
import { createArcProvisionAction } from './actions/arc/createArcProvisionAction';
import { createRoute53ProvisionAction } from './actions/route53/createRoute53ProvisionAction';
import { createAddRouteAction } from './actions/externalApi/createAddRouteAction';
import { createPublishLocalAction } from './actions/publish/createPublishLocalAction';
import { createRegisterPublishedAction } from './actions/register/createRegisterPublishedAction';

/**
 * Registers the multi-region scaffolder actions with the scaffolder backend:
 * `multi-region:arc:provision`, `multi-region:route53:provision`,
 * `multi-region:external-api:add-route`, `multi-region:publish:local` and
 * `multi-region:catalog:register-published`.
 * Reads and validates `multiRegion` at start (a misconfiguration stops the
 * backend with a message naming the key) and closes its AWS clients at
 * shutdown.
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
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, lifecycle, discovery, auth }) {
        const aws = MultiRegionAwsClients.fromConfig(config);
        lifecycle.addShutdownHook(() => aws.destroy());
        scaffolder.addActions(
          createArcProvisionAction({ config, aws }),
          createRoute53ProvisionAction({ config, aws }),
          createAddRouteAction({ config }),
          createPublishLocalAction({ config }),
          createRegisterPublishedAction({ config, discovery, auth }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { exampleUserAuthenticator } from './authenticator';
import { exampleUserProfile, signInAsExampleUser } from './signIn';

/** The provider's id: its routes are /api/auth/example-users/*. */
export const EXAMPLE_USERS_PROVIDER_ID = 'example-users';

/**
 * Dev portal only: sign in as any User of the catalog (the example
 * organisation) by naming it, so that people and the browser tests can try
 * the portal as a team member, another team's member or a platform admin.
 *
 * Anyone who can reach the backend could be anyone, so it installs only when
 * `auth.providers.example-users` is configured AND NODE_ENV is
 * `development` (what `npm start` runs), like Backstage's guest provider.
 * The config alone is not enough: production loads app-config.yaml too, under
 * app-config.production.yaml, so the key is there as well. Outside development
 * the module installs nothing and says so, rather than failing the backend's
 * start for a key that production inherits.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'example-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const key = `auth.providers.${EXAMPLE_USERS_PROVIDER_ID}`;
        if (!config.has(key)) return;
        if (process.env.NODE_ENV !== 'development') {
          logger.warn(
            `${key} is configured but NODE_ENV is ${
              process.env.NODE_ENV ?? 'unset'
            }: the example-users sign-in is for development only and is not installed`,
          );
          return;
        }
        providers.registerProvider({
          providerId: EXAMPLE_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: exampleUserAuthenticator,
            profileTransform: exampleUserProfile,
            signInResolver: signInAsExampleUser,
          }),
        });
        logger.warn(
          `${key}: anyone who reaches this backend may sign in as any User of the catalog; development only`,
        );
      },
    });
  },
});

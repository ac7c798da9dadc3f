/*
 * The dev portal's backend: catalog, scaffolder, guest and (dev only)
 * example-user sign-in, permissions with our policy, notifications, the
 * multi-region plugin, and (dev only, with `awsEmulator.enabled`) the AWS
 * emulator the plugins talk to.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localPublishUrlReader } from '@multi-region-failover/plugin-scaffolder-backend-module-multi-region';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// sign-in: the guest provider resolves to user:default/guest (team-orders)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// dev only (auth.providers.example-users and NODE_ENV=development): sign in as
// any User of the example organisation, with its own groups
backend.add(import('./exampleUsers'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder, with our actions; the template publishes to a local directory
// (multiRegionScaffolder.localPublishDir), which the catalog may then read,
// or to GitHub (publish:github, which needs an integrations.github token).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import(
    '@multi-region-failover/plugin-scaffolder-backend-module-multi-region'
  ),
);
backend.add(localPublishUrlReader);

// permissions: who may read status, fail over, and break the glass
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissions'));

// notifications: what the multi-region plugin tells the owners of a service
// (and of what depends on it) when a failover, drill or evacuation starts and
// ends; the app's /notifications page and sidebar item read them
backend.add(import('@backstage/plugin-notifications-backend'));
// signals: pushed to the browser over a WebSocket (live progress of
// operations, drills and evacuations; new notifications at once). Pinned to
// 0.3.19: later versions need httpRouter.addWebSocketHandler, which
// @backstage/backend-defaults 0.18 (this backend's) does not have.
backend.add(import('@backstage/plugin-signals-backend'));

// multi-region failover
backend.add(import('@multi-region-failover/plugin-multi-region-backend'));
// dev only: the AWS emulator, listening before the plugin starts (awsEmulator)
backend.add(import('./awsEmulator'));

backend.start();

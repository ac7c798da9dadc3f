import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { multiRegionPermissions } from '@multi-region-failover/plugin-multi-region-common';
import {
  MultiRegionAwsClients,
  MultiRegionBackendConfig,
} from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache } from './arc/ControlPlaneCache';
import { RoutingControlReader } from './arc/RoutingControlReader';
import { OperationsStore } from './database/OperationsStore';
import { ReadinessStore } from './database/ReadinessStore';
import { Route53Store } from './database/Route53Store';
import { ExternalChangeDetector } from './operations/ExternalChangeDetector';
import { FailoverExecutor } from './operations/FailoverExecutor';
import { Reconciler } from './operations/Reconciler';
import { ReadinessEvaluator } from './readiness/ReadinessEvaluator';
import { Route53Reader } from './route53/Route53Reader';
import { Route53Refresher } from './route53/Route53Refresher';
import { EntityResolver } from './service/EntityResolver';
import { createServices } from './service/createServices';
import { DrillsStore } from './database/DrillsStore';
import { EvacuationsStore } from './database/EvacuationsStore';
import { EventPublisher } from './events/EventPublisher';
import { connectListeners } from './listeners';
import { LiveUpdates } from './live/LiveUpdates';
import { Notifier } from './notifications/Notifier';
import { permissionFrameworkRefusal } from './permissions/decisions';
import { RegionSnapshots } from './service/RegionSnapshots';
import { createRouter } from './service/router';

/** Id of the scheduled task that refreshes Route 53 and watches ARC. @public */
export const REFRESH_TASK_ID = 'multi-region-refresh';

/** Id of the scheduled task (every replica) that takes over drills whose replica stopped. @public */
export const DRILL_TAKEOVER_TASK_ID = 'multi-region-drill-takeover';

/** Id of the scheduled task (every replica) that takes over evacuations whose replica stopped. @public */
export const EVACUATION_TAKEOVER_TASK_ID = 'multi-region-evacuation-takeover';

/** Id of the scheduled task that evaluates every entity's readiness. @public */
export const READINESS_TASK_ID = 'multi-region-readiness';

/**
 * The multi-region backend plugin: status and owner-only, audited failover
 * over Route 53 ARC. The only component that talks to AWS.
 *
 * @public
 */
export const multiRegionPlugin = createBackendPlugin({
  pluginId: 'multi-region',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { logger, lifecycle } = deps;
        const aws = MultiRegionAwsClients.fromConfig(deps.config);
        const { config, clusters } = aws;

        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@multi-region-failover/plugin-multi-region-backend',
              'migrations',
            ),
          });
        }
        deps.permissionsRegistry.addPermissions(multiRegionPermissions);

        const reader = new RoutingControlReader(
          clusters,
          config.arc.cacheTtlMs,
        );
        const controlPlane = new ControlPlaneCache(
          aws.controlPlane,
          config.arc.configCacheTtlMs,
        );
        const operations = new OperationsStore(db);
        const drills = new DrillsStore(db);
        const evacuations = new EvacuationsStore(db);
        connectListeners({
          operations,
          drills,
          evacuations,
          publisher: new EventPublisher({ events: deps.events, logger }),
          live: new LiveUpdates({ signals: deps.signals, logger }),
          notifier: new Notifier({ ...deps, logger }),
        });
        const route53Store = new Route53Store(db);
        const entities = new EntityResolver(deps.catalog, deps.auth, () =>
          clusters.names(),
        );
        const snapshots = new RegionSnapshots(
          reader,
          route53Store,
          controlPlane,
          logger,
        );
        const detector = new ExternalChangeDetector(operations, logger);
        const executor = new FailoverExecutor({
          clusters,
          reader,
          operations,
          route53: route53Store,
          logger,
          dnsTimeoutMs: config.operations.dnsTimeoutSeconds * 1000,
        });
        const reconciler = new Reconciler({
          operations,
          reader,
          logger,
          staleAfterMs: config.operations.staleAfterSeconds * 1000,
        });
        const route53Reader = new Route53Reader({
          clients: aws.route53,
          timeoutMs: config.arc.overallDeadlineMs,
        });
        const refresher = new Route53Refresher({
          store: route53Store,
          reader: route53Reader,
          // RECOVERY_CONTROL checks take their status from one ARC read per
          // panel, outside the Route 53 budget
          routingControls: reader,
          logger,
          targets: async () =>
            (await entities.list()).flatMap(e =>
              e.config
                ? [
                    {
                      accountId: e.config.accountId,
                      hostedZoneId: e.config.hostedZoneId,
                      dnsName: e.config.dnsName,
                      healthCheckIds: [
                        e.config.primary.healthCheckId,
                        e.config.secondary.healthCheckId,
                      ].filter((id): id is string => Boolean(id)),
                      arc: {
                        clusterName: e.config.clusterName,
                        controlPanelArn: e.config.controlPanelArn,
                      },
                    },
                  ]
                : [],
            ),
        });

        const readiness = new ReadinessEvaluator({
          clusters,
          alarms: aws.alarms,
          controlPlane,
          operations,
          logger,
          deadlineMs: config.readiness.deadlineMs,
        });

        const services = createServices({
          entities,
          snapshots,
          controlPlane,
          operations,
          executor,
          detector,
          readiness,
          readinessStore: new ReadinessStore(db),
          permissions: deps.permissions,
          auth: deps.auth,
          logger,
          readOnly: config.readOnly,
          access: config.access,
          drills,
          drillSettings: config.drills,
          route53: route53Store,
          alarms: aws.alarms,
          auditor: deps.auditor,
          evacuations,
          evacuationConcurrency: config.evacuation.concurrency,
          clusters: config.clusters,
          route53Endpoint: config.route53.endpoint,
          staleAfterMs: config.operations.staleAfterSeconds * 1000,
        });
        warnIfPermissionFrameworkOff(config.access, logger);

        // Settle operations, drills and evacuations a crashed replica left behind before serving.
        await reconciler
          .reconcileStale()
          .then(() => services.drillRunner.adoptStale())
          .then(() => services.evacuationRunner.adoptStale())
          .catch(error =>
            logger.warn(
              `Reconciliation at start failed (retried by ${REFRESH_TASK_ID}): ${error}`,
            ),
          );

        const intervalMs = config.route53.refreshIntervalSeconds * 1000;
        await deps.scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          // global: the scheduler's lock runs it on one replica at a time,
          // which makes the in-process Route 53 budget the portal's budget
          scope: 'global',
          frequency: { milliseconds: intervalMs },
          // also how long a replica killed mid-run keeps the lock: a run
          // lasts its pre-work plus 0.9 of the interval, so 2 intervals
          // leave room without stalling Route 53 reads long after a crash
          timeout: { milliseconds: intervalMs * 2 },
          fn: async signal => {
            await reconciler.reconcileStale();
            await scanForExternalChanges(entities, snapshots, detector, logger);
            await refresher.serve({
              untilMs: Date.now() + intervalMs * 0.9,
              signal: signal as AbortSignal,
            });
          },
        });

        const readinessMs = config.readiness.intervalSeconds * 1000;
        await deps.scheduler.scheduleTask({
          id: READINESS_TASK_ID,
          // global: one replica evaluates the estate, its reports serve all
          scope: 'global',
          // each run evaluates only what is due: every service once per
          // readiness interval, and within one refresh interval a service
          // new to the catalog or whose active region changed
          frequency: { milliseconds: Math.min(intervalMs, readinessMs) },
          timeout: { milliseconds: readinessMs },
          // the refresher's first pass stores the Route 53 data it reads
          initialDelay: { milliseconds: intervalMs },
          fn: async () => {
            // evaluateDue logs its failures; nothing is thrown out of the task
            await services.readiness.evaluateDue(readinessMs);
          },
        });

        const staleMs = config.operations.staleAfterSeconds * 1000;
        await deps.scheduler.scheduleTask({
          id: DRILL_TAKEOVER_TASK_ID,
          // local: every replica looks, and a compare-and-set on the drill's
          // heartbeat gives each stale drill to exactly one of them; not tied
          // to the global refresh task, whose lock a killed replica holds
          // until the scheduler's janitor frees it
          scope: 'local',
          frequency: { milliseconds: Math.max(1000, staleMs / 2) },
          timeout: { milliseconds: Math.max(10_000, staleMs) },
          initialDelay: { milliseconds: Math.max(1000, staleMs / 2) },
          fn: async () => {
            await services.drillRunner.adoptStale();
          },
        });

        await deps.scheduler.scheduleTask({
          id: EVACUATION_TAKEOVER_TASK_ID,
          // local, like the drills' takeover: a compare-and-set on the
          // heartbeat gives each stale evacuation to exactly one replica
          scope: 'local',
          frequency: { milliseconds: Math.max(1000, staleMs / 2) },
          timeout: { milliseconds: Math.max(10_000, staleMs) },
          initialDelay: { milliseconds: Math.max(1000, staleMs / 2) },
          fn: async () => {
            await services.evacuationRunner.adoptStale();
          },
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            services,
          }),
        );
        lifecycle.addShutdownHook(async () => {
          // a failover under way finishes its ARC call before the sockets close;
          // drills stop being driven (another replica takes them over)
          await services.drillRunner.shutdown();
          await services.evacuationRunner.shutdown();
          await executor.idle();
          aws.destroy();
        });
      },
    });
  },
});

/** Says at start what the permission framework being off means here. */
function warnIfPermissionFrameworkOff(
  access: MultiRegionBackendConfig['access'],
  logger: { warn(message: string): void },
) {
  if (access.permissionFrameworkEnabled) return;
  logger.warn(
    permissionFrameworkRefusal(access) ??
      "Backstage's permission framework is off (permission.enabled is not true) and multiRegion.permissions.allowFailoverWithoutPermissionFramework is true: EVERY signed-in user may fail over every service and override ARC safety rules. Turn the framework on with a policy (docs/permissions.md).",
  );
}

/** One ARC read per panel for every entity, feeding external-change detection. */
async function scanForExternalChanges(
  entities: EntityResolver,
  snapshots: RegionSnapshots,
  detector: ExternalChangeDetector,
  logger: { warn(message: string): void },
) {
  const configs = (await entities.list()).flatMap(e =>
    e.config ? [{ entityRef: e.entityRef, config: e.config }] : [],
  );
  // only the routing-control states matter here: no control-plane reads
  const built = await snapshots.build(configs, { deployment: false });
  for (const { entityRef, config } of configs) {
    const s = built.get(entityRef)!;
    if (!s.reading) continue;
    await detector
      .observe(entityRef, config, s.active, s.reading, 'scheduled refresher')
      .catch(error =>
        logger.warn(
          `External-change detection for ${entityRef} failed: ${error}`,
        ),
      );
  }
}

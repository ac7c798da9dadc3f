/**
 * Test harness: the real plugin in a test backend, talking to the real
 * emulator over HTTP with the real AWS SDK clients.
 */
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DefaultEventsService,
  EventParams,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Emulator,
  EMULATOR_CREDENTIALS,
  EmulatorFixture,
  EmulatorOptions,
  loadFixture,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import {
  MULTI_REGION_ANNOTATIONS as A,
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { multiRegionPlugin, REFRESH_TASK_ID } from '../plugin';
import { ACCOUNT, clusterConfig } from './clusterConfig';

export { ACCOUNT, clusterConfig };

export const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);

export const PANEL_PREFIX = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/`;

/** The three example apps, exactly as the team brief gives them. */
export const APPS = {
  'external-api': {
    owner: 'team-edge',
    regions: ['us-east-1', 'us-west-2'],
    panel: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    rcs: ['1a2b3c4d5e6f7081', '2b3c4d5e6f708192'],
    dns: 'api.example.com',
    hcs: [
      '1e0f7a10-0000-4000-8000-000000000001',
      '1e0f7a10-0000-4000-8000-000000000002',
    ],
  },
  orders: {
    owner: 'team-orders',
    regions: ['us-east-1', 'us-west-2'],
    panel: '1b2c3d4e5f60718293a4b5c6d7e8f90a',
    rcs: ['3c4d5e6f708192a3', '4d5e6f708192a3b4'],
    dns: 'orders.example.com',
    hcs: [
      '1e0f7a10-0000-4000-8000-000000000003',
      '1e0f7a10-0000-4000-8000-000000000004',
    ],
  },
  payments: {
    owner: 'team-payments',
    regions: ['eu-west-1', 'eu-central-1'],
    panel: '2c3d4e5f60718293a4b5c6d7e8f90a1b',
    rcs: ['5e6f708192a3b4c5', '6f708192a3b4c5d6'],
    dns: 'payments.example.com',
    hcs: [
      '1e0f7a10-0000-4000-8000-000000000005',
      '1e0f7a10-0000-4000-8000-000000000006',
    ],
  },
} as const;
export type AppName = keyof typeof APPS;

export const panelArn = (app: AppName) => `${PANEL_PREFIX}${APPS[app].panel}`;
export const controlArn = (app: AppName, role: 0 | 1) =>
  `${panelArn(app)}/routingcontrol/${APPS[app].rcs[role]}`;

/** A catalog entity of an example app; `overrides` replace annotations. */
export function appEntity(
  app: AppName,
  overrides: {
    name?: string;
    owner?: string;
    annotations?: Record<string, string | undefined>;
  } = {},
): Entity {
  const a = APPS[app];
  const annotations: Record<string, string | undefined> = {
    [A.cluster]: 'shared-arc',
    [A.controlPanelArn]: panelArn(app),
    [A.primaryRegion]: a.regions[0],
    [A.secondaryRegion]: a.regions[1],
    [A.primaryRoutingControlArn]: controlArn(app, 0),
    [A.secondaryRoutingControlArn]: controlArn(app, 1),
    [A.dnsName]: a.dns,
    [A.hostedZoneId]: 'Z0EXAMPLE1PUBLIC',
    [A.primaryHealthCheckId]: a.hcs[0],
    [A.secondaryHealthCheckId]: a.hcs[1],
    ...overrides.annotations,
  };
  const owner = overrides.owner ?? a.owner;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: overrides.name ?? app,
      namespace: 'default',
      annotations: Object.fromEntries(
        Object.entries(annotations).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [
      {
        type: 'ownedBy',
        targetRef: owner.includes(':') ? owner : `group:default/${owner}`,
      },
    ],
  };
}

/** Ownership refs per person, as the sign-in resolver would issue them. */
export const PEOPLE: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-orders'],
  'user:default/guest': ['group:default/team-orders'],
  'user:default/bob': ['group:default/team-payments'],
  'user:default/erin': ['group:default/team-edge'],
  'user:default/pat': ['group:default/platform-admins'],
  'user:default/sam': ['group:default/oncall-breakglass'],
};

/** Entities a person may not see in the catalog (catalog.entity.read denied). */
export const HIDDEN_FROM: Record<string, string[]> = {};

/**
 * A permission service that decides like the dev portal's policy, with the
 * conditional IS_ENTITY_OWNER decision resolved the way the framework does:
 * against the entity's ownedBy relations and the caller's ownership refs.
 * Service principals are allowed, as the real ServerPermissionClient does.
 */
export function ownershipPermissions(
  catalogEntities: () => Entity[],
): PermissionsService & {
  calls: number;
} {
  const service = {
    calls: 0,
    async authorize(
      requests: any[],
      options: { credentials: BackstageCredentials },
    ) {
      service.calls++;
      const principal = options.credentials.principal as any;
      return requests.map(r => {
        if (principal.type === 'service')
          return { result: AuthorizeResult.ALLOW };
        if (principal.type !== 'user') return { result: AuthorizeResult.DENY };
        const user = principal.userEntityRef as string;
        const claims = [user, ...(PEOPLE[user] ?? [])];
        const admin = claims.includes('group:default/platform-admins');
        const entity = catalogEntities().find(
          e => stringifyEntityRef(e) === r.resourceRef,
        );
        const owns = Boolean(
          entity?.relations?.some(
            rel => rel.type === 'ownedBy' && claims.includes(rel.targetRef),
          ),
        );
        let allow = false;
        switch (r.permission.name) {
          case 'catalog.entity.read':
            allow = !HIDDEN_FROM[user]?.includes(r.resourceRef);
            break;
          case multiRegionStatusReadPermission.name:
            allow = true;
            break;
          case multiRegionFailoverExecutePermission.name:
            allow = admin || owns || user === 'user:default/sam';
            break;
          case multiRegionSafetyRuleOverridePermission.name:
            allow = admin || user === 'user:default/sam';
            break;
          default:
            allow = false;
        }
        return {
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        } as PolicyDecision;
      });
    },
    /** Lists: status.read for every user (a test may replace this with conditions). */
    async authorizeConditional(
      queries: any[],
      options: { credentials: BackstageCredentials },
    ) {
      service.calls++;
      const principal = options.credentials.principal as any;
      return queries.map(q => ({
        result:
          principal.type === 'service' ||
          (principal.type === 'user' &&
            q.permission.name === multiRegionStatusReadPermission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  };
  return service as any;
}

interface MockScheduler {
  factory(options?: { skipTaskRunOnStartup?: boolean }): any;
  triggerTask(id: string): Promise<void>;
}

export interface Harness {
  emu: Emulator;
  server: any;
  scheduler: MockScheduler;
  entities: Entity[];
  auditor: ReturnType<typeof mockServices.auditor.mock>;
  /** The plugin's logger (a jest mock: assert on `warn` etc.). */
  logger: ReturnType<typeof mockServices.logger.mock>;
  permissions: ReturnType<typeof ownershipPermissions>;
  /** What the plugin published on the events service (Backstage's own, in process), in order. */
  published: EventParams[];
  /** The live updates it sent (Backstage's signals service over those events), in order. */
  signals: EventParams[];
  /** The notifications it sent, in order (a recorder stands in for the notifications backend). */
  notifications: NotificationSendOptions[];
  /** Starts the scheduled refresher loop (runs until the backend stops). */
  startRefresher(): void;
  stop(): Promise<void>;
}

export function pluginConfig(
  emu: Emulator,
  extra: Record<string, unknown> = {},
) {
  return {
    aws: {
      accounts: [{ accountId: ACCOUNT, ...EMULATOR_CREDENTIALS }],
    },
    permission: { enabled: true },
    multiRegion: {
      clusters: [clusterConfig(emu)],
      permissions: { platformAdminGroups: ['group:default/platform-admins'] },
      // off unless a test is about them: a suite makes many calls per person
      rateLimits: { planPerMinute: 0, executePerMinute: 0 },
      controlPlane: { endpoint: emu.controlPlaneEndpoint, region: 'us-west-2' },
      cloudWatch: { endpoint: emu.cloudWatchEndpoint },
      route53: {
        endpoint: emu.route53Endpoint,
        requestsPerSecond: 5,
        refreshIntervalSeconds: 30,
      },
      arc: {
        connectTimeoutMs: 300,
        requestTimeoutMs: 500,
        overallDeadlineMs: 3000,
        hedgeAfterMs: 200,
        // a fixed hedge: suites that count ARC calls must not see a hedged
        // duplicate because a busy machine stalled one read
        minHedgeAfterMs: 200,
        cacheTtlMs: 2000,
      },
      operations: { dnsTimeoutSeconds: 20 },
      ...extra,
    },
  };
}

/**
 * Starts an emulator for a test. ARC deployments and Route 53 changes settle
 * at once unless the test sets a delay: only the tests about them wait.
 */
export function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<Emulator> {
  return startEmulator({
    fixture: EXAMPLE_FIXTURE,
    deploymentDelayMs: 0,
    route53ChangeDelayMs: 0,
    ...options,
  });
}

/** Starts the emulator and the plugin in a test backend. */
export async function startHarness(
  options: {
    knex?: Knex;
    entities?: Entity[];
    fixture?: EmulatorFixture;
    emu?: Emulator;
    config?: Record<string, unknown>;
    /** Top-level config merged over the plugin's (e.g. `permission`). */
    rootConfig?: Record<string, unknown>;
    beforeStart?: (emu: Emulator) => Promise<void>;
    /** Options of the emulator the harness starts (not with `emu`). */
    emulator?: Partial<EmulatorOptions>;
  } = {},
): Promise<Harness> {
  const emu =
    options.emu ??
    (await startTestEmulator({
      fixture: options.fixture ?? EXAMPLE_FIXTURE,
      ...options.emulator,
    }));
  const entities = options.entities ?? [
    appEntity('external-api'),
    appEntity('orders'),
    appEntity('payments'),
  ];
  const catalog = catalogServiceMock({ entities });
  const permissions = ownershipPermissions(() => entities);
  // the mock scheduler runs tasks only when triggered (see startRefresher)
  const scheduler = mockServices.scheduler() as unknown as MockScheduler;
  const auditor = mockServices.auditor.mock();
  const logger = mockServices.logger.mock();
  const events = testEvents();
  const notifications: NotificationSendOptions[] = [];
  await options.beforeStart?.(emu);
  const { server } = await startTestBackend({
    features: [
      multiRegionPlugin,
      mockServices.rootConfig.factory({
        data: { ...pluginConfig(emu, options.config), ...options.rootConfig },
      }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      auditor.factory,
      logger.factory,
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => permissions,
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      events.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          async send(notification: NotificationSendOptions) {
            notifications.push(notification);
          },
        }),
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
    ],
  });
  let refresher: Promise<void> | undefined;
  return {
    emu,
    server,
    scheduler,
    entities,
    auditor,
    logger,
    permissions,
    published: events.published,
    signals: events.signals,
    notifications,
    startRefresher() {
      refresher ??= scheduler.triggerTask(REFRESH_TASK_ID);
    },
    async stop() {
      await server.close?.();
      if (!options.emu) await emu.stop();
    },
  };
}

/**
 * Backstage's in-process events service, as `createBackend` provides it,
 * with a subscriber that records what is published on any topic.
 */
export function testEvents() {
  const service = DefaultEventsService.create({
    logger: mockServices.logger.mock(),
  });
  const published: EventParams[] = [];
  const signals: EventParams[] = [];
  void service.subscribe({
    id: 'harness',
    topics: ['multi-region', 'signals'],
    onEvent: async event => {
      (event.topic === 'signals' ? signals : published).push(event);
    },
  });
  return {
    published,
    signals,
    factory: createServiceFactory({
      service: eventsServiceRef,
      deps: {},
      factory: () => service.forPlugin('multi-region'),
    }),
  };
}

/** Polls an operation until it finishes (synchronisation, not a fixed sleep). */
export function waitForOperation(
  server: any,
  id: string,
  user = 'user:default/alice',
  timeoutMs = 20000,
) {
  return waitForOperationState(
    server,
    id,
    'finished',
    op => !['pending', 'in-progress'].includes(op.status),
    user,
    timeoutMs,
  );
}

/** Authorization header of a mock user (mockCredentials). */
export function mockAuth(user: string): Record<string, string> {
  return { Authorization: mockCredentials.user.header(user) };
}

export { loadFixture };

/**
 * Polls an operation until `condition` holds for it (e.g. a step done while
 * it is still in progress): synchronisation on state, not a fixed sleep.
 */
export async function waitForOperationState(
  server: any,
  id: string,
  what: string,
  condition: (operation: any) => boolean,
  user = 'user:default/alice',
  timeoutMs = 20000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get(`/api/multi-region/operations/${id}`)
      .set(mockAuth(user));
    if (res.status !== 200)
      throw new Error(
        `GET operation ${id}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    if (condition(res.body)) return res.body;
    if (Date.now() > deadline)
      throw new Error(
        `operation ${id} never reached "${what}": ${JSON.stringify(res.body)}`,
      );
    await new Promise(r => setTimeout(r, 50));
  }
}

/** Waits until the emulator's request log has an entry matching `match`. */
export async function waitForRequest(
  emu: Emulator,
  what: string,
  match: (entry: ReturnType<Emulator['requestLog']>[number]) => boolean,
  timeoutMs = 20000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = emu.requestLog().find(match);
    if (entry) return entry;
    if (Date.now() > deadline)
      throw new Error(`the emulator never logged ${what}`);
    await new Promise(r => setTimeout(r, 5));
  }
}

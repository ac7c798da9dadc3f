import { ConfigReader } from '@backstage/config';
import {
  EMULATOR_CREDENTIALS,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { MultiRegionAwsClients } from '@multi-region-failover/plugin-multi-region-node';
import { JsonObject, JsonValue } from '@backstage/types';

export const ACCOUNT = '111122223333';
export const CLUSTER_ARN =
  'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10';
export const PANEL_PREFIX = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/`;
export const ORDERS_PANEL = `${PANEL_PREFIX}1b2c3d4e5f60718293a4b5c6d7e8f90a`;
export const HOSTED_ZONE_ID = 'Z0EXAMPLE1PUBLIC';

/**
 * A small slice of the example organisation: one owned panel (tagged with its
 * entity and its owning group), one tagged with its entity only (made before
 * panels named their owner), one hand-made (untagged) panel.
 */
export const fixture = {
  cluster: { name: 'shared-arc', arn: CLUSTER_ARN },
  controlPanels: [
    {
      name: 'orders-panel',
      arn: ORDERS_PANEL,
      tags: {
        'backstage.io/entity-ref': 'component:default/orders',
        'backstage.io/owner': 'group:default/team-orders',
      } as Record<string, string>,
      routingControls: [
        {
          name: 'orders-primary-rc',
          id: '3c4d5e6f708192a3',
          state: 'On' as const,
        },
        {
          name: 'orders-secondary-rc',
          id: '4d5e6f708192a3b4',
          state: 'Off' as const,
        },
      ],
    },
    {
      name: 'ownerless-panel',
      id: '8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e',
      tags: { 'backstage.io/entity-ref': 'component:default/ownerless' },
    },
    { name: 'legacy-panel', id: '9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f' },
  ],
  hostedZones: [
    {
      id: HOSTED_ZONE_ID,
      name: 'example.com.',
      records: [
        // A hand-made record and someone else's failover record: DNS the template must not touch.
        {
          name: 'legacy.example.com.',
          type: 'A',
          ttl: 300,
          values: ['192.0.2.10'],
        },
        {
          name: 'taken.example.com.',
          type: 'A',
          setIdentifier: '1',
          failover: 'PRIMARY' as const,
          aliasTarget: {
            hostedZoneId: 'Z0EXAMPLEAPIGW',
            dnsName: 'd-other.execute-api.us-east-1.amazonaws.com.',
          },
          healthCheckId: '1e0f7a10-0000-4000-8000-000000000099',
        },
      ],
    },
  ],
  healthChecks: [
    {
      id: '1e0f7a10-0000-4000-8000-000000000099',
      type: 'RECOVERY_CONTROL',
      routingControlArn: `${ORDERS_PANEL}/routingcontrol/3c4d5e6f708192a3`,
    },
  ],
};

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Starts the real emulator on random ports. */
export function startTestEmulator(): Promise<Emulator> {
  return startEmulator({
    fixture,
    ports: { cluster: [0, 0, 0, 0, 0], controlPlane: 0, route53: 0, admin: 0 },
  });
}

/**
 * The app-config a dev portal would have, pointed at the test emulator: its
 * endpoints in `multiRegion`, its keys for the account in `aws.accounts`.
 */
export function appConfigFor(
  emu: Pick<
    Emulator,
    'clusterEndpoints' | 'controlPlaneEndpoint' | 'route53Endpoint'
  >,
): JsonObject {
  return {
    aws: { accounts: [{ accountId: ACCOUNT, ...EMULATOR_CREDENTIALS }] },
    multiRegion: {
      clusters: [
        {
          name: 'shared-arc',
          arn: CLUSTER_ARN,
          accountId: ACCOUNT,
          endpoints: emu.clusterEndpoints.map(e => ({
            url: e.Endpoint,
            region: e.Region,
          })),
        },
      ],
      controlPlane: { endpoint: emu.controlPlaneEndpoint, region: 'us-west-2' },
      route53: { endpoint: emu.route53Endpoint },
    },
  };
}

/** {@link appConfigFor} for tests that make no AWS call: every endpoint is a closed local port. */
export function offlineAppConfig(): JsonObject {
  const nowhere = 'http://127.0.0.1:9';
  return appConfigFor({
    clusterEndpoints: [{ Endpoint: `${nowhere}/v1`, Region: 'us-east-1' }],
    controlPlaneEndpoint: nowhere,
    route53Endpoint: nowhere,
  });
}

/**
 * What a portal without API Gateway domains (the dev portal) adds: records
 * made without alias targets alias placeholder names.
 */
export const PLACEHOLDER_ALIAS_TARGETS: JsonObject = {
  multiRegionScaffolder: { route53: { placeholderAliasTargets: true } },
};

/** {@link appConfigFor} with `extra` merged over it, as a Config. */
export function configFor(emu: Emulator, extra: JsonObject = {}) {
  return ConfigReader.fromConfigs([
    { context: 'emulator', data: appConfigFor(emu) },
    { context: 'test', data: extra },
  ]);
}

/**
 * For the tests of one file: starts the emulator and the AWS clients of
 * {@link configFor} before them, resets the emulator before each, and stops
 * both after them. The fields are set once `beforeAll` has run.
 */
export function useTestEmulator(): {
  emu: Emulator;
  aws: MultiRegionAwsClients;
} {
  const env = {} as { emu: Emulator; aws: MultiRegionAwsClients };
  beforeAll(async () => {
    env.emu = await startTestEmulator();
    env.aws = MultiRegionAwsClients.fromConfig(configFor(env.emu));
  });
  afterAll(async () => {
    env.aws?.destroy();
    await env.emu?.stop();
  });
  beforeEach(() => {
    env.emu.reset();
    env.emu.clearLog();
  });
  return env;
}

/**
 * A mock action context whose checkpoints persist in `store`, like a task
 * that the scaffolder resumes after a crash.
 */
export function actionContext<TInput extends JsonObject>(
  input: TInput,
  options: {
    isDryRun?: boolean;
    store?: Map<string, JsonValue>;
    workspacePath?: string;
  } = {},
) {
  const store = options.store ?? new Map<string, JsonValue>();
  const ctx = createMockActionContext({
    input,
    workspacePath: options.workspacePath,
  });
  return Object.assign(ctx, {
    isDryRun: options.isDryRun,
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }) {
      if (store.has(opts.key)) return store.get(opts.key) as T;
      const value = await opts.fn();
      store.set(opts.key, value as JsonValue);
      return value;
    },
  });
}

/** The outputs an action produced, as one object. */
export function outputsOf(ctx: { output: unknown }): Record<string, unknown> {
  const calls = (ctx.output as jest.Mock).mock.calls as Array<
    [string, unknown]
  >;
  return Object.fromEntries(calls);
}

import { ConfigReader } from '@backstage/config';
import {
  EMULATOR_CREDENTIALS,
  EmulatorOptions,
  RequestLogEntry,
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

/**
 * Starts the real emulator on random ports. Asynchronous changes complete at
 * the next read (ARC `deploymentDelayMs` and Route 53 `route53ChangeDelayMs`
 * 0: still answered PENDING by the create, DEPLOYED / INSYNC by the first
 * poll, so the actions wait without pausing) unless a test that studies
 * the waiting says otherwise in `options`.
 */
export function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<Emulator> {
  return startEmulator({
    fixture,
    ports: { cluster: [0, 0, 0, 0, 0], controlPlane: 0, route53: 0, admin: 0 },
    // cloudWatch: 0 as well (no basePort: every listener on a free port)
    deploymentDelayMs: 0,
    route53ChangeDelayMs: 0,
    ...options,
  });
}

/**
 * The actions' polls in tests: the shortest pauses the waiters accept (the
 * pinned ARC waiter's minimum is one second) and a wait long enough for a
 * loaded machine. Tests whose changes complete at the first poll never pause.
 */
export const FAST_POLLS = {
  arc: {
    deploymentWait: {
      minDelaySeconds: 1,
      maxDelaySeconds: 1,
      maxWaitSeconds: 30,
    },
  },
  route53: {
    changeWait: {
      minDelaySeconds: 0.05,
      maxDelaySeconds: 0.2,
      maxWaitSeconds: 30,
    },
  },
};

/**
 * The app-config a dev portal would have, pointed at the test emulator: its
 * endpoints in `multiRegion`, its keys for the account in `aws.accounts`.
 */
export function appConfigFor(
  emu: Pick<
    Emulator,
    | 'clusterEndpoints'
    | 'controlPlaneEndpoint'
    | 'route53Endpoint'
    | 'cloudWatchEndpoint'
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
      cloudWatch: { endpoint: emu.cloudWatchEndpoint },
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
    cloudWatchEndpoint: nowhere,
  });
}

/**
 * What a portal without API Gateway domains (the dev portal) adds: records
 * made without alias targets alias placeholder names.
 */
export const PLACEHOLDER_ALIAS_TARGETS: JsonObject = {
  multiRegionScaffolder: { route53: { placeholderAliasTargets: true } },
};

/** {@link appConfigFor} and {@link FAST_POLLS} with `extra` merged over them, as a Config. */
export function configFor(emu: Emulator, extra: JsonObject = {}) {
  return ConfigReader.fromConfigs([
    { context: 'emulator', data: appConfigFor(emu) },
    { context: 'polls', data: { multiRegionScaffolder: FAST_POLLS } },
    { context: 'test', data: extra },
  ]);
}

/**
 * For the tests of one file: starts the emulator and the AWS clients of
 * {@link configFor} before them, resets the emulator before each, and stops
 * both after them. The fields are set once `beforeAll` has run.
 */
export function useTestEmulator(options: Partial<EmulatorOptions> = {}): {
  emu: Emulator;
  aws: MultiRegionAwsClients;
} {
  const env = {} as { emu: Emulator; aws: MultiRegionAwsClients };
  beforeAll(async () => {
    env.emu = await startTestEmulator(options);
    env.aws = MultiRegionAwsClients.fromConfig(configFor(env.emu));
  });
  afterAll(async () => {
    env.aws?.destroy();
    await env.emu?.stop();
  });
  beforeEach(async () => {
    await env.emu.reset();
    env.emu.clearLog();
  });
  return env;
}

/** Asynchronous changes, and the reads that poll them. */
const CHANGES =
  /^(CreateControlPanel|CreateRoutingControl|CreateSafetyRule|ChangeResourceRecordSets)$/;
const CHANGE_READS =
  /^(DescribeControlPanel|DescribeRoutingControl|DescribeSafetyRule|GetChange)$/;

/**
 * The emulator's clock for tests that study asynchronous changes: real time
 * plus what the test added, so that the test decides when a change has
 * deployed. Advance it by less than five minutes in all (requests signed
 * further in the past are refused as expired).
 */
export class SteerableClock {
  private offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Back to real time, e.g. after the emulator's reset between tests. */
  reset(): void {
    this.offsetMs = 0;
  }
}

/**
 * The requests of `service` as "Operation" or "Operation ErrorCode", each
 * read of a change with the status it was answered (the emulator's rule: a
 * change is pending until `delayMs` after it was accepted), repeats of the
 * same line folded into one: what a client did, in order.
 */
export function trace(
  log: RequestLogEntry[],
  service: RequestLogEntry['service'],
  delayMs: number,
): string[] {
  let changedAt = -Infinity;
  const lines: string[] = [];
  for (const e of log.filter(entry => entry.service === service)) {
    let line = e.status === 200 ? e.operation : `${e.operation} ${e.errorCode}`;
    if (e.status === 200 && CHANGES.test(e.operation)) changedAt = e.at;
    if (e.status === 200 && CHANGE_READS.test(e.operation)) {
      const pending = e.at < changedAt + delayMs;
      const done = e.operation === 'GetChange' ? 'INSYNC' : 'DEPLOYED';
      line += pending ? ' PENDING' : ` ${done}`;
    }
    if (lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines;
}

/**
 * Lets each asynchronous change complete only after a client has read it
 * pending: whenever the request log shows a change (a create, a record
 * change) followed by an answered read of a change, moves `clock` on by `delayMs`, the
 * emulator's delay. So every such read before the move was answered PENDING,
 * every later one DEPLOYED / INSYNC. Returns the function that stops it.
 */
export function completeChangesOnceRead(
  emu: Pick<Emulator, 'requestLog'>,
  clock: SteerableClock,
  delayMs: number,
): () => void {
  let handled = -1;
  const timer = setInterval(() => {
    const log = emu.requestLog();
    let latest = -1;
    log.forEach((e, i) => {
      if (e.status === 200 && CHANGES.test(e.operation)) latest = i;
    });
    if (
      latest > handled &&
      log
        .slice(latest + 1)
        .some(e => e.status === 200 && CHANGE_READS.test(e.operation))
    ) {
      handled = latest;
      clock.advance(delayMs);
    }
  }, 10);
  return () => clearInterval(timer);
}

/** Resolves with the first request-log entry that `matches`, once the emulator has logged it. */
export function whenLogged(
  emu: Pick<Emulator, 'requestLog'>,
  matches: (entry: RequestLogEntry) => boolean,
): Promise<RequestLogEntry> {
  return new Promise(resolve => {
    const timer = setInterval(() => {
      const entry = emu.requestLog().find(matches);
      if (entry) {
        clearInterval(timer);
        resolve(entry);
      }
    }, 5);
    timer.unref();
  });
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
  const info = jest.spyOn(ctx.logger, 'info');
  return Object.assign(ctx, {
    /** What the action wrote to the task log (info), in order. */
    logged: () => info.mock.calls.map(([message]) => String(message)),
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

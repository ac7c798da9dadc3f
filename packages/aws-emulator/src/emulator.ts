/**
 * Wires the store, the eight AWS-facing listeners and the admin API together.
 */
import type { EmulatorAccount } from './accounts';
import { ArcControlPlaneHandler } from './arc/controlPlane/handler';
import { ArcDataPlaneHandler, DataPlaneSettings } from './arc/dataPlane';
import { startAdminApi, AdminApi } from './admin';
import { accountOf } from './arns';
import { CloudWatchHandler } from './cloudwatch/handler';
import { accountsOf, loadFixture, DEFAULT_CLUSTER_REGIONS } from './fixture';
import {
  alarmSchema,
  fixtureErrorMap,
  FixtureAlarm,
  pathText,
} from './fixtureSchema';
import { alarmSnapshotOf, fixtureToSnapshot } from './fixtureSnapshot';
import { FaultableListener, ListenerSettings } from './http/listener';
import { RequestLog } from './requestLog';
import { Route53Handler } from './route53/handler';
import { readStateFile, writeStateFile } from './stateFile';
import { EmulatorStore } from './store';
import {
  AlarmSnapshot,
  ClusterEndpoint,
  EmulatorOptions,
  EmulatorSettings,
  EmulatorSnapshot,
  FaultMode,
  FaultOptions,
  FaultTarget,
  RequestLogEntry,
  RoutingControlState,
} from './types';
import { toError } from '@backstage/errors';

/** A running emulator. @public */
export interface Emulator {
  /** ARN of the emulated cluster. */
  readonly clusterArn: string;
  /** The five cluster endpoints, as DescribeCluster returns them. */
  readonly clusterEndpoints: ClusterEndpoint[];
  /** Base URL of the route53-recovery-control-config listener. */
  readonly controlPlaneEndpoint: string;
  /** Base URL of the Route 53 listener. */
  readonly route53Endpoint: string;
  /** Base URL of the CloudWatch listener: every region, the signing scope's. */
  readonly cloudWatchEndpoint: string;
  /** Base URL of the admin API (JSON, not an AWS protocol). */
  readonly adminEndpoint: string;
  /** The access keys that may sign, with their accounts (the fixture's, or the cluster's with EMULATOR_CREDENTIALS). */
  readonly accounts: readonly EmulatorAccount[];
  /** Switches one listener's fault mode, for every request or some operations. Await it when switching to or from `refuse`. */
  setFault(
    target: FaultTarget,
    mode: FaultMode,
    options?: FaultOptions,
  ): Promise<void>;
  /** Puts every listener back to `up`. */
  clearFaults(): Promise<void>;
  /** Current fault mode of each listener. */
  faults(): {
    cluster: FaultMode[];
    controlPlane: FaultMode;
    route53: FaultMode;
    cloudWatch: FaultMode;
  };
  requestLog(): RequestLogEntry[];
  clearLog(): void;
  /** Live state of a routing control, or undefined if there is no such control. */
  getRoutingControlState(arn: string): RoutingControlState | undefined;
  /** Sets a state out of band, bypassing safety rules (like an operator). Throws for an unknown ARN. */
  setRoutingControlState(arn: string, state: RoutingControlState): void;
  /** Every CloudWatch alarm of every account and region, by account, region and name. */
  alarms(): AlarmSnapshot[];
  /**
   * Creates a CloudWatch alarm or sets its state (and reason, metric), as an
   * alarm evaluation or `SetAlarmState` would. `accountId` defaults to the
   * cluster's. Throws an Error naming each bad field. Returns the alarm.
   */
  setAlarmState(alarm: FixtureAlarm): AlarmSnapshot;
  /** The options that can change while running, with their current values. */
  settings(): EmulatorSettings;
  /** Changes some of them (from the next request on); throws for an unknown name or a bad value. Returns them all. */
  updateSettings(changes: Partial<EmulatorSettings>): EmulatorSettings;
  /** Back to the fixture: state, faults, throttling windows and log. Settings stay as they are. */
  reset(): Promise<void>;
  snapshot(): EmulatorSnapshot;
  /** Replaces the state with a snapshot taken earlier. */
  restore(snapshot: EmulatorSnapshot): void;
  /** Closes every listener and destroys open (including hung) sockets. */
  stop(): Promise<void>;
}

/** The options that can change at run time, with their defaults applied. */
function resolveSettings(options: EmulatorOptions): EmulatorSettings {
  return {
    verifySignatures: options.verifySignatures ?? true,
    route53PropagationDelayMs: options.route53PropagationDelayMs ?? 0,
    route53ChangeDelayMs: options.route53ChangeDelayMs ?? 2000,
    route53RequestsPerSecond: options.route53RequestsPerSecond ?? 5,
    deploymentDelayMs: options.deploymentDelayMs ?? 2000,
    // AWS documents no control-plane request rate: 10/s is a guess.
    controlPlaneRequestsPerSecond: options.controlPlaneRequestsPerSecond ?? 10,
    mutatingCallsPerSecond: options.mutatingCallsPerSecond ?? 3,
    readCallsPerSecond: options.readCallsPerSecond ?? 0,
    maxEntriesPerUpdate: options.maxEntriesPerUpdate ?? 10,
    enforceWaitPeriods: options.enforceWaitPeriods ?? true,
    gatingUsesPostState: options.gatingUsesPostState ?? false,
  };
}

/** `changes` if every name is a setting and every value fits it; an Error naming the problems otherwise. */
function checkedSettings(changes: object): Partial<EmulatorSettings> {
  const kinds = resolveSettings({ fixture: '' });
  const problems = Object.entries(changes).flatMap(([name, value]) => {
    if (!(name in kinds)) return [`${name} is not a setting`];
    const kind = typeof kinds[name as keyof EmulatorSettings];
    if (kind === 'boolean' && typeof value !== 'boolean')
      return [`${name} must be true or false, got ${JSON.stringify(value)}`];
    if (
      kind === 'number' &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    )
      return [`${name} must be a number >= 0, got ${JSON.stringify(value)}`];
    return [];
  });
  if (problems.length > 0) {
    throw new Error(
      `${problems.join('; ')}. Settings: ${Object.keys(kinds).join(', ')}`,
    );
  }
  return changes as Partial<EmulatorSettings>;
}

function advertisedHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

function urlOf(host: string, port: number): string {
  const h = advertisedHost(host);
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * Starts the emulator: five cluster endpoints, the control plane, Route 53,
 * CloudWatch and the admin API, all on loopback by default.
 *
 * @public
 */
export async function startEmulator(
  options: EmulatorOptions,
): Promise<Emulator> {
  const fixture = loadFixture(options.fixture);
  const fixtureSnapshot = fixtureToSnapshot(fixture);
  const regions = fixture.cluster.regions ?? DEFAULT_CLUSTER_REGIONS;
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const base = options.basePort;
  const port = (explicit: number | undefined, offset: number) =>
    explicit ?? (base ? base + offset : 0);

  const persisted = options.stateFile
    ? readStateFile(options.stateFile)
    : undefined;
  // Every handler reads these through functions or getters, so the admin
  // API's PUT /settings takes effect on the next request.
  const settings = resolveSettings(options);
  const store = new EmulatorStore(
    persisted ?? fixtureSnapshot,
    clock,
    () => settings.deploymentDelayMs,
  );
  if (options.stateFile) {
    const file = options.stateFile;
    store.onChange(() => writeStateFile(file, store.snapshot()));
    writeStateFile(file, store.snapshot());
  }

  const log = new RequestLog();
  const listenerSettings: ListenerSettings = {
    get verifySignatures() {
      return settings.verifySignatures;
    },
    accounts: accountsOf(fixture),
    clock,
    log: entry => log.add(entry),
  };
  const dataPlaneSettings: DataPlaneSettings = {
    get mutatingCallsPerSecond() {
      return settings.mutatingCallsPerSecond;
    },
    get readCallsPerSecond() {
      return settings.readCallsPerSecond;
    },
    get maxEntriesPerUpdate() {
      return settings.maxEntriesPerUpdate;
    },
    get enforceWaitPeriods() {
      return settings.enforceWaitPeriods;
    },
    get gatingUsesPostState() {
      return settings.gatingUsesPostState;
    },
    clock,
  };

  const dataPlanes = regions.map(
    region => new ArcDataPlaneHandler(store, region, dataPlaneSettings),
  );
  const clusterListeners = dataPlanes.map(
    (handler, index) =>
      new FaultableListener(
        handler,
        listenerSettings,
        host,
        port(options.ports?.cluster?.[index], index),
        {
          endpointIndex: index,
          region: regions[index],
        },
      ),
  );
  const clusterEndpoints: ClusterEndpoint[] = [];
  const controlPlane = new ArcControlPlaneHandler(
    store,
    () => clusterEndpoints,
    {
      requestsPerSecond: () => settings.controlPlaneRequestsPerSecond,
      clock,
    },
  );
  const controlListener = new FaultableListener(
    controlPlane,
    listenerSettings,
    host,
    port(options.ports?.controlPlane, 5),
    { region: controlPlane.signingRegion },
  );
  const route53 = new Route53Handler(store, {
    propagationDelayMs: () => settings.route53PropagationDelayMs,
    changeDelayMs: () => settings.route53ChangeDelayMs,
    requestsPerSecond: () => settings.route53RequestsPerSecond,
    clock,
  });
  const route53Listener = new FaultableListener(
    route53,
    listenerSettings,
    host,
    port(options.ports?.route53, 6),
    {
      region: route53.signingRegion,
    },
  );
  const cloudWatch = new CloudWatchHandler(store);
  // No region label: one listener for every region, the signing scope's.
  const cloudWatchListener = new FaultableListener(
    cloudWatch,
    listenerSettings,
    host,
    port(options.ports?.cloudWatch, 8),
  );
  const all = [
    ...clusterListeners,
    controlListener,
    route53Listener,
    cloudWatchListener,
  ];

  let admin: AdminApi | undefined;
  try {
    for (const listener of all) await listener.start();
  } catch (error) {
    await Promise.all(all.map(l => l.stop()));
    throw new Error(
      `Emulator could not listen on ${host}: ${toError(error).message}`,
      { cause: error },
    );
  }
  clusterListeners.forEach((listener, index) =>
    clusterEndpoints.push({
      Endpoint: `${urlOf(host, listener.port)}/v1`,
      Region: regions[index],
    }),
  );

  const listenerOf = (target: FaultTarget): FaultableListener => {
    if (target === 'controlPlane') return controlListener;
    if (target === 'route53') return route53Listener;
    if (target === 'cloudWatch') return cloudWatchListener;
    const listener = clusterListeners[target];
    if (!listener) {
      throw new Error(
        `No cluster endpoint ${target}; there are ${
          clusterListeners.length
        } (0-${clusterListeners.length - 1})`,
      );
    }
    return listener;
  };

  const emulator: Emulator = {
    clusterArn: store.cluster.ClusterArn,
    clusterEndpoints,
    accounts: listenerSettings.accounts,
    controlPlaneEndpoint: urlOf(host, controlListener.port),
    route53Endpoint: urlOf(host, route53Listener.port),
    cloudWatchEndpoint: urlOf(host, cloudWatchListener.port),
    adminEndpoint: '',
    setFault: (target, mode, faultOptions) =>
      listenerOf(target).setFault(mode, faultOptions),
    clearFaults: async () => {
      await Promise.all(all.map(l => l.setFault('up')));
    },
    faults: () => ({
      cluster: clusterListeners.map(l => l.fault),
      controlPlane: controlListener.fault,
      route53: route53Listener.fault,
      cloudWatch: cloudWatchListener.fault,
    }),
    requestLog: () => log.list(),
    clearLog: () => log.clear(),
    getRoutingControlState: arn => store.controlState(arn),
    setRoutingControlState: (arn, state) => {
      if (!store.controls.has(arn))
        throw new Error(`No routing control ${arn} in the emulator`);
      if (state !== 'On' && state !== 'Off')
        throw new Error(`State must be On or Off, not ${state}`);
      store.setStates(new Map([[arn, state]]));
    },
    alarms: () => store.snapshot().alarms,
    setAlarmState: input => {
      const parsed = alarmSchema.safeParse(input, {
        errorMap: fixtureErrorMap,
      });
      if (!parsed.success) {
        throw new Error(
          parsed.error.issues
            .map(i => `${pathText(i.path)} ${i.message}`)
            .join('; '),
        );
      }
      const accountId =
        parsed.data.accountId ?? accountOf(store.cluster.ClusterArn)!;
      if (!listenerSettings.accounts.some(a => a.accountId === accountId)) {
        throw new Error(
          `accountId ${accountId} is not one of the emulator's accounts (${listenerSettings.accounts
            .map(a => a.accountId)
            .join(', ')})`,
        );
      }
      return store.putAlarm(alarmSnapshotOf(parsed.data, accountId));
    },
    reset: async () => {
      store.load(fixtureSnapshot);
      dataPlanes.forEach(d => d.resetThrottling());
      route53.reset();
      controlPlane.resetThrottling();
      log.clear();
      await emulator.clearFaults();
    },
    settings: () => ({ ...settings }),
    updateSettings: changes => {
      Object.assign(settings, checkedSettings(changes));
      return { ...settings };
    },
    snapshot: () => store.settledSnapshot(),
    restore: snapshot => store.load(snapshot),
    stop: async () => {
      await Promise.all([...all.map(l => l.stop()), admin?.stop()]);
    },
  };
  try {
    admin = await startAdminApi(emulator, host, port(options.ports?.admin, 7));
  } catch (error) {
    await emulator.stop();
    throw new Error(
      `Emulator admin API could not listen on ${host}: ${
        toError(error).message
      }`,
      { cause: error },
    );
  }
  (emulator as { adminEndpoint: string }).adminEndpoint = urlOf(
    host,
    admin.port,
  );
  return emulator;
}

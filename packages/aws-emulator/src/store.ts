/**
 * The one state store shared by every listener. All mutations happen
 * synchronously inside a single request handler, so they are linearizable.
 */
import {
  AlarmSnapshot,
  ControlPanelSnapshot,
  EmulatorClock,
  EmulatorSnapshot,
  HealthCheckSnapshot,
  HostedZoneSnapshot,
  RoutingControlSnapshot,
  RoutingControlState,
  SafetyRuleSnapshot,
} from './types';

interface StateChange {
  at: number;
  state: RoutingControlState;
}

/** A control-plane resource's status; a resource with no entry is DEPLOYED. */
export type DeploymentStatus = 'PENDING' | 'DEPLOYED' | 'PENDING_DELETION';

/** A control-plane change that is not deployed yet. */
interface PendingDeployment {
  status: 'PENDING' | 'PENDING_DELETION';
  /** When the change was accepted: it is deployed once clock() >= changedAt + the deployment delay. */
  changedAt: number;
  /** True until a newly created resource is first deployed: the data plane does not know it yet. */
  creating: boolean;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** An alarm's key: its name is unique within one account and region. */
function alarmKey(accountId: string, region: string, name: string): string {
  return JSON.stringify([accountId, region, name]);
}

/** In-memory state of one emulated account: one cluster, its panels, Route 53. */
export class EmulatorStore {
  cluster!: EmulatorSnapshot['cluster'];
  readonly panels = new Map<string, ControlPanelSnapshot>();
  readonly controls = new Map<string, RoutingControlSnapshot>();
  readonly rules = new Map<string, SafetyRuleSnapshot>();
  readonly zones = new Map<string, HostedZoneSnapshot>();
  readonly healthChecks = new Map<string, HealthCheckSnapshot>();
  /** CloudWatch alarms by account, region and name. */
  private readonly alarms = new Map<string, AlarmSnapshot>();
  /** `<operation>:<token>` to the ARN it created, for idempotent creates. */
  readonly clientTokens = new Map<string, string>();
  /** Recent state changes per control, for the Route 53 propagation delay. */
  private readonly history = new Map<string, StateChange[]>();
  /** When each control last changed, for safety-rule wait periods. */
  readonly lastChangeAt = new Map<string, number>();
  /**
   * Control-plane changes still deploying, by ARN (panels, controls, rules).
   * Not part of snapshots: a loaded or restored state is all DEPLOYED.
   */
  private readonly deployments = new Map<string, PendingDeployment>();
  private listeners: Array<() => void> = [];

  constructor(
    snapshot: EmulatorSnapshot,
    private readonly clock: EmulatorClock,
    /** How long control-plane changes stay pending; read when settling. */
    private readonly deploymentDelayMs: () => number = () => 0,
  ) {
    this.load(snapshot);
  }

  /** Replaces everything with the snapshot's contents. */
  load(snapshot: EmulatorSnapshot): void {
    const copy = clone(snapshot);
    this.cluster = copy.cluster;
    for (const map of [
      this.panels,
      this.controls,
      this.rules,
      this.zones,
      this.healthChecks,
      this.alarms,
    ]) {
      (map as Map<string, unknown>).clear();
    }
    this.clientTokens.clear();
    this.history.clear();
    this.lastChangeAt.clear();
    this.deployments.clear();
    copy.controlPanels.forEach(p => this.panels.set(p.ControlPanelArn, p));
    copy.routingControls.forEach(c =>
      this.controls.set(c.RoutingControlArn, c),
    );
    copy.safetyRules.forEach(r => this.rules.set(r.SafetyRuleArn, r));
    copy.hostedZones.forEach(z => this.zones.set(z.Id, z));
    copy.healthChecks.forEach(h => this.healthChecks.set(h.Id, h));
    // A fixture's alarm entered its state when it was loaded; a snapshot from
    // before alarms existed has none.
    const loadedAt = new Date(this.clock()).toISOString();
    (copy.alarms ?? []).forEach(a =>
      this.alarms.set(alarmKey(a.AccountId, a.Region, a.AlarmName), {
        ...a,
        StateUpdatedTimestamp: a.StateUpdatedTimestamp ?? loadedAt,
      }),
    );
    this.changed();
  }

  /** What a reader sees now: deployments settled first. */
  settledSnapshot(): EmulatorSnapshot {
    this.settleDeployments();
    return this.snapshot();
  }

  /** The state as it is (the state file's writer runs mid-request: it must not settle). */
  snapshot(): EmulatorSnapshot {
    return clone({
      cluster: this.cluster,
      controlPanels: [...this.panels.values()],
      routingControls: [...this.controls.values()],
      safetyRules: [...this.rules.values()],
      hostedZones: [...this.zones.values()],
      healthChecks: [...this.healthChecks.values()],
      alarms: [...this.alarms.values()],
    });
  }

  /** The alarms of one account in one region, by name (CloudWatch lists them so). */
  alarmsIn(accountId: string, region: string): AlarmSnapshot[] {
    return [...this.alarms.values()]
      .filter(a => a.AccountId === accountId && a.Region === region)
      .sort(
        (a, b) =>
          Number(a.AlarmName > b.AlarmName) - Number(a.AlarmName < b.AlarmName),
      );
  }

  /**
   * Creates the alarm or replaces its state, reason and metric; the time
   * moves only when the state changes, as CloudWatch's StateUpdatedTimestamp
   * does. Returns it as stored.
   */
  putAlarm(alarm: AlarmSnapshot): AlarmSnapshot {
    const key = alarmKey(alarm.AccountId, alarm.Region, alarm.AlarmName);
    const previous = this.alarms.get(key);
    const stored: AlarmSnapshot = {
      ...alarm,
      StateUpdatedTimestamp:
        previous && previous.StateValue === alarm.StateValue
          ? previous.StateUpdatedTimestamp
          : new Date(this.clock()).toISOString(),
    };
    this.alarms.set(key, stored);
    this.changed();
    return clone(stored);
  }

  /** Registers a callback run after every mutation (state-file persistence). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Must be called by every mutating operation once it has committed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Applies several state changes at once (the caller has already checked them). */
  setStates(changes: Map<string, RoutingControlState>): void {
    const now = this.clock();
    for (const [arn, state] of changes) {
      const control = this.controls.get(arn);
      if (!control || control.State === state) continue;
      this.lastChangeAt.set(arn, now);
      const past = this.history.get(arn) ?? [
        { at: -Infinity, state: control.State },
      ];
      past.push({ at: now, state });
      this.history.set(arn, past);
      control.State = state;
    }
    this.changed();
  }

  /** The state an observer sees `delayMs` after the fact: what it was at now - delay. */
  delayedState(arn: string, delayMs: number): RoutingControlState | undefined {
    const control = this.controls.get(arn);
    if (!control) return undefined;
    const past = this.history.get(arn);
    if (!past || delayMs <= 0) return control.State;
    const cutoff = this.clock() - delayMs;
    let seen = past[0].state;
    let keepFrom = 0;
    past.forEach((change, i) => {
      if (change.at <= cutoff) {
        seen = change.state;
        keepFrom = i;
      }
    });
    // Entries older than the visible one can never matter again.
    if (keepFrom > 0) past.splice(0, keepFrom);
    return seen;
  }

  /**
   * Completes every control-plane change whose deployment delay has passed:
   * PENDING becomes DEPLOYED, PENDING_DELETION removes the resource. Lazy (no
   * timers), so an injected clock drives it; every ARC request and admin read
   * calls it first.
   */
  settleDeployments(): void {
    if (this.deployments.size === 0) return;
    const cutoff = this.clock() - Math.max(0, this.deploymentDelayMs());
    let removed = false;
    for (const [arn, pending] of [...this.deployments]) {
      if (pending.changedAt > cutoff) continue;
      this.deployments.delete(arn);
      if (pending.status === 'PENDING_DELETION') {
        this.remove(arn);
        removed = true;
      }
    }
    if (removed) this.changed();
  }

  /** The live state of a routing control, once settled (a deleted control is gone); undefined for none. */
  controlState(arn: string): RoutingControlState | undefined {
    this.settleDeployments();
    return this.controls.get(arn)?.State;
  }

  /** The deployment status of a panel, control or rule (call settleDeployments first). */
  statusOf(arn: string): DeploymentStatus {
    return this.deployments.get(arn)?.status ?? 'DEPLOYED';
  }

  /** True while a newly created resource is not deployed yet: the data plane does not know it. */
  isBeingCreated(arn: string): boolean {
    return this.deployments.get(arn)?.creating ?? false;
  }

  /**
   * Records an accepted control-plane change of `arn` (and of the panel it
   * belongs to, which is PENDING until the change is deployed).
   */
  markPending(
    arn: string,
    panelArn: string,
    change: 'create' | 'update' | 'delete',
  ): void {
    const changedAt = this.clock();
    this.deployments.set(arn, {
      status: change === 'delete' ? 'PENDING_DELETION' : 'PENDING',
      changedAt,
      creating: change === 'create',
    });
    if (panelArn !== arn) {
      this.deployments.set(panelArn, {
        status: 'PENDING',
        changedAt,
        creating: this.deployments.get(panelArn)?.creating ?? false,
      });
    }
  }

  /** Removes a deleted resource; a panel takes its safety rules with it. */
  private remove(arn: string): void {
    if (this.panels.delete(arn)) {
      this.rulesOfPanel(arn).forEach(r => this.rules.delete(r.SafetyRuleArn));
    } else if (this.controls.delete(arn)) {
      this.history.delete(arn);
      this.lastChangeAt.delete(arn);
    } else {
      this.rules.delete(arn);
    }
  }

  controlsOfPanel(panelArn: string): RoutingControlSnapshot[] {
    return [...this.controls.values()].filter(
      c => c.ControlPanelArn === panelArn,
    );
  }

  rulesOfPanel(panelArn: string): SafetyRuleSnapshot[] {
    return [...this.rules.values()].filter(r => r.ControlPanelArn === panelArn);
  }
}

/**
 * The one state store shared by every listener. All mutations happen
 * synchronously inside a single request handler, so they are linearizable.
 */
import {
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

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** In-memory state of one emulated account: one cluster, its panels, Route 53. */
export class EmulatorStore {
  cluster!: EmulatorSnapshot['cluster'];
  readonly panels = new Map<string, ControlPanelSnapshot>();
  readonly controls = new Map<string, RoutingControlSnapshot>();
  readonly rules = new Map<string, SafetyRuleSnapshot>();
  readonly zones = new Map<string, HostedZoneSnapshot>();
  readonly healthChecks = new Map<string, HealthCheckSnapshot>();
  /** `<operation>:<token>` to the ARN it created, for idempotent creates. */
  readonly clientTokens = new Map<string, string>();
  /** Recent state changes per control, for the Route 53 propagation delay. */
  private readonly history = new Map<string, StateChange[]>();
  /** When each control last changed, for safety-rule wait periods. */
  readonly lastChangeAt = new Map<string, number>();
  private listeners: Array<() => void> = [];

  constructor(
    snapshot: EmulatorSnapshot,
    private readonly clock: EmulatorClock,
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
    ]) {
      (map as Map<string, unknown>).clear();
    }
    this.clientTokens.clear();
    this.history.clear();
    this.lastChangeAt.clear();
    copy.controlPanels.forEach(p => this.panels.set(p.ControlPanelArn, p));
    copy.routingControls.forEach(c =>
      this.controls.set(c.RoutingControlArn, c),
    );
    copy.safetyRules.forEach(r => this.rules.set(r.SafetyRuleArn, r));
    copy.hostedZones.forEach(z => this.zones.set(z.Id, z));
    copy.healthChecks.forEach(h => this.healthChecks.set(h.Id, h));
    this.changed();
  }

  snapshot(): EmulatorSnapshot {
    return clone({
      cluster: this.cluster,
      controlPanels: [...this.panels.values()],
      routingControls: [...this.controls.values()],
      safetyRules: [...this.rules.values()],
      hostedZones: [...this.zones.values()],
      healthChecks: [...this.healthChecks.values()],
    });
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

  controlsOfPanel(panelArn: string): RoutingControlSnapshot[] {
    return [...this.controls.values()].filter(
      c => c.ControlPanelArn === panelArn,
    );
  }

  rulesOfPanel(panelArn: string): SafetyRuleSnapshot[] {
    return [...this.rules.values()].filter(r => r.ControlPanelArn === panelArn);
  }
}

/**
 * Local emulator of Route 53 ARC routing control (data plane and a control
 * plane subset) and a Route 53 subset, speaking the real AWS wire protocols so
 * the real AWS SDK clients can talk to it.
 *
 * @packageDocumentation
 */

export { startEmulator } from './emulator';
export type { Emulator } from './emulator';
export { loadFixture } from './fixture';
export { main as runEmulatorCli } from './cli';
export type {
  AliasTargetSnapshot,
  ClusterEndpoint,
  ControlPanelSnapshot,
  EmulatedService,
  EmulatorClock,
  EmulatorFixture,
  EmulatorOptions,
  EmulatorPorts,
  EmulatorSnapshot,
  FaultMode,
  FaultTarget,
  FixtureControlPanel,
  FixtureHealthCheck,
  FixtureHostedZone,
  FixtureRecord,
  FixtureRoutingControl,
  FixtureSafetyRule,
  HealthCheckSnapshot,
  HostedZoneSnapshot,
  RequestLogEntry,
  ResourceRecordSetSnapshot,
  RoutingControlSnapshot,
  RoutingControlState,
  RuleConfig,
  SafetyRuleSnapshot,
} from './types';

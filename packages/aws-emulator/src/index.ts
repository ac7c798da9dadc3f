/**
 * Local emulator of Route 53 ARC routing control (data plane and a control
 * plane subset), a Route 53 subset and CloudWatch alarms (DescribeAlarms),
 * speaking the real AWS wire protocols so the real AWS SDK clients can talk
 * to it.
 *
 * @packageDocumentation
 */

export { startEmulator } from './emulator';
export { EMULATOR_CREDENTIALS } from './credentials';
export type { Emulator } from './emulator';
export type { EmulatorAccount } from './accounts';
export { loadFixture } from './fixture';
export { main as runEmulatorCli } from './cli';
export type {
  AlarmSnapshot,
  AlarmStateValue,
  AliasTargetSnapshot,
  ClusterEndpoint,
  ControlPanelSnapshot,
  EmulatedService,
  EmulatorClock,
  EmulatorOptions,
  EmulatorPorts,
  EmulatorSettings,
  EmulatorSnapshot,
  FaultMode,
  FaultOptions,
  FaultTarget,
  HealthCheckSnapshot,
  HostedZoneSnapshot,
  RequestLogEntry,
  ResourceRecordSetSnapshot,
  RoutingControlSnapshot,
  RoutingControlState,
  RuleConfig,
  SafetyRuleSnapshot,
} from './types';
// the fixture format: its types are inferred from its schema
export { fixtureSchema as emulatorFixtureSchema } from './fixtureSchema';
export type {
  EmulatorFixture,
  FixtureAccount,
  FixtureAlarm,
  FixtureControlPanel,
  FixtureHealthCheck,
  FixtureHostedZone,
  FixtureRecord,
  FixtureRoutingControl,
  FixtureSafetyRule,
} from './fixtureSchema';

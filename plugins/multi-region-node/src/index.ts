/**
 * Node library of the multi-region failover plugins: the one validated reader
 * of the `multiRegion` config, and the ARC, Route 53 and CloudWatch clients
 * that the backend plugin and the scaffolder module share.
 *
 * @packageDocumentation
 */
export {
  CONFIG_DEFAULTS,
  MultiRegionConfigError,
  readMultiRegionConfig,
} from './config/readMultiRegionConfig';
export type {
  ArcClusterConfig,
  ArcEndpointConfig,
  ArcTimingConfig,
  MultiRegionAccessConfig,
  MultiRegionBackendConfig,
} from './config/readMultiRegionConfig';
export { MultiRegionAwsClients } from './aws/MultiRegionAwsClients';
export { AccountClients } from './aws/AccountClients';
export type { CredentialsForAccount, SdkCredentials } from './aws/credentials';
export { ArcClusterClient } from './arc/ArcClusterClient';
export type {
  ArcCallResult,
  EndpointProbeResult,
} from './arc/ArcClusterClient';
export { ArcClusters } from './arc/ArcClusters';
export { ArcControlPlaneClient } from './arc/ArcControlPlaneClient';
export type {
  ArcControlPanel,
  ArcDeploymentStatus,
  ArcSafetyRule,
} from './arc/ArcControlPlaneClient';
export { ArcCallError, describeAttempt } from './arc/errors';
export type { ArcAttemptFailure, ArcFailureKind } from './arc/errors';
export { requireArcArn } from './arc/arns';
export { createRoute53Clients } from './route53/createRoute53Clients';
export type { Route53RetryOptions } from './route53/createRoute53Clients';
export { RateLimiter } from './route53/RateLimiter';
export {
  CloudWatchAlarms,
  CloudWatchAlarmsError,
} from './cloudwatch/CloudWatchAlarms';
export type {
  AlarmState,
  AlarmStateValue,
} from './cloudwatch/CloudWatchAlarms';
export { MULTI_REGION_EVENTS_TOPIC } from './events/multiRegionEvents';
export type {
  MultiRegionEvacuationEvent,
  MultiRegionEventPayload,
  MultiRegionOperationEvent,
} from './events/multiRegionEvents';

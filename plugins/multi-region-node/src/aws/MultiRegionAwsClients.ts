import { Route53Client } from '@aws-sdk/client-route-53';
import { Config } from '@backstage/config';
import { ArcClusters } from '../arc/ArcClusters';
import { ArcControlPlaneClient } from '../arc/ArcControlPlaneClient';
import {
  MultiRegionBackendConfig,
  readMultiRegionConfig,
} from '../config/readMultiRegionConfig';
import { CloudWatchAlarms } from '../cloudwatch/CloudWatchAlarms';
import { createRoute53Clients } from '../route53/createRoute53Clients';
import { RateLimiter } from '../route53/RateLimiter';
import { AccountClients } from './AccountClients';
import { createCredentialsForAccount } from './credentials';

/**
 * One Route 53 budget per process and rate: the backend plugin and the
 * scaffolder module of one backend make their own clients, but spend the
 * same account's requests, so `multiRegion.route53.requestsPerSecond` holds
 * for the whole backend process (a replica).
 */
const processBudgets = new Map<number, RateLimiter>();
function processBudget(perSecond: number): RateLimiter {
  let budget = processBudgets.get(perSecond);
  if (!budget) {
    budget = new RateLimiter(perSecond);
    processBudgets.set(perSecond, budget);
  }
  return budget;
}

/**
 * Every AWS client a backend package of the suite needs, made once from the
 * validated `multiRegion` config and the `aws` integration's credentials:
 * the ARC data plane of each cluster, the ARC control plane, Route 53 (one
 * request budget) and CloudWatch alarms. The owner calls `destroy()` at
 * shutdown, after its own work has finished.
 *
 * @public
 */
export class MultiRegionAwsClients {
  static fromConfig(rootConfig: Config): MultiRegionAwsClients {
    return new MultiRegionAwsClients(
      readMultiRegionConfig(rootConfig),
      rootConfig,
    );
  }

  /** ARC data plane, per configured cluster (hedged over its endpoints). */
  readonly clusters: ArcClusters;
  /** ARC control plane (panels, routing controls, safety rules, tags). */
  readonly controlPlane: ArcControlPlaneClient;
  /** Route 53, per account; every request paced by `route53Budget`. */
  readonly route53: AccountClients<Route53Client>;
  /**
   * The Route 53 request budget (`multiRegion.route53.requestsPerSecond`),
   * shared by every instance in this process.
   */
  readonly route53Budget: RateLimiter;
  /**
   * CloudWatch alarm states, per account and region; each read bounded by
   * `multiRegion.readiness.deadlineMs`.
   */
  readonly alarms: CloudWatchAlarms;

  private constructor(
    readonly config: MultiRegionBackendConfig,
    rootConfig: Config,
  ) {
    const credentialsFor = createCredentialsForAccount(rootConfig);
    this.clusters = new ArcClusters(
      config.clusters,
      credentialsFor,
      config.arc,
    );
    this.controlPlane = new ArcControlPlaneClient({
      credentialsFor,
      region: config.controlPlane.region,
      endpoint: config.controlPlane.endpoint,
      timeoutMs: config.arc.overallDeadlineMs,
    });
    this.route53Budget = processBudget(config.route53.requestsPerSecond);
    this.route53 = createRoute53Clients({
      credentialsFor,
      limiter: this.route53Budget,
      endpoint: config.route53.endpoint,
    });
    this.alarms = new CloudWatchAlarms({
      credentialsFor,
      endpoint: config.cloudWatch.endpoint,
      connectTimeoutMs: config.arc.connectTimeoutMs,
      // one attempt may take the whole budget: CloudWatch may be far away
      requestTimeoutMs: config.readiness.deadlineMs,
      timeoutMs: config.readiness.deadlineMs,
    });
  }

  /** Closes every client's sockets. */
  destroy(): void {
    this.clusters.destroy();
    this.controlPlane.destroy();
    this.route53.destroy();
    this.alarms.destroy();
  }
}

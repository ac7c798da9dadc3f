/**
 * The annotation vocabulary of the multi-region failover plugins.
 *
 * Every key lives under one domain prefix so that a catalog lint can spot a
 * typo'd key (see `findUnknownAnnotations`).
 *
 * @public
 */
export const MULTI_REGION_ANNOTATION_PREFIX = 'multi-region-failover.io/';

/** @public */
export const MULTI_REGION_ANNOTATIONS = {
  /** Name of the shared ARC cluster, resolved through `multiRegion.clusters[].name` in app-config. */
  cluster: `${MULTI_REGION_ANNOTATION_PREFIX}arc-cluster`,
  /** ARN of the app's own ARC control panel. */
  controlPanelArn: `${MULTI_REGION_ANNOTATION_PREFIX}control-panel-arn`,
  /** AWS region code of the primary deployment, e.g. `us-east-1`. */
  primaryRegion: `${MULTI_REGION_ANNOTATION_PREFIX}primary-region`,
  /** AWS region code of the secondary deployment, e.g. `us-west-2`. */
  secondaryRegion: `${MULTI_REGION_ANNOTATION_PREFIX}secondary-region`,
  /** ARN of the routing control that keeps the primary region's record healthy. */
  primaryRoutingControlArn: `${MULTI_REGION_ANNOTATION_PREFIX}primary-routing-control-arn`,
  /** ARN of the routing control that keeps the secondary region's record healthy. */
  secondaryRoutingControlArn: `${MULTI_REGION_ANNOTATION_PREFIX}secondary-routing-control-arn`,
  /** The app's custom domain, answered by the two failover records, e.g. `orders.example.com`. */
  dnsName: `${MULTI_REGION_ANNOTATION_PREFIX}dns-name`,
  /** Route 53 public hosted zone id holding the failover records, e.g. `Z0123456789ABCDEFGHIJ`. */
  hostedZoneId: `${MULTI_REGION_ANNOTATION_PREFIX}hosted-zone-id`,
  /** Optional: the RECOVERY_CONTROL health check attached to the primary record. */
  primaryHealthCheckId: `${MULTI_REGION_ANNOTATION_PREFIX}primary-health-check-id`,
  /** Optional: the RECOVERY_CONTROL health check attached to the secondary record. */
  secondaryHealthCheckId: `${MULTI_REGION_ANNOTATION_PREFIX}secondary-health-check-id`,
  /** Optional: recovery time objective in minutes, shown beside failover durations. */
  rtoMinutes: `${MULTI_REGION_ANNOTATION_PREFIX}rto-minutes`,
  /** Optional: `external-api` for the organisation's public API, `service` (default) otherwise. */
  role: `${MULTI_REGION_ANNOTATION_PREFIX}role`,
  /** Optional: the path under which the external API exposes this service, e.g. `/orders`. */
  externalApiPath: `${MULTI_REGION_ANNOTATION_PREFIX}external-api-path`,
  /**
   * Optional: CloudWatch alarms of the primary region, comma-separated names
   * (read in the primary region), e.g. `orders-5xx-use1, orders-capacity-use1`.
   * A failover to the primary (a failback) is not ready while one is in ALARM.
   */
  primaryAlarms: `${MULTI_REGION_ANNOTATION_PREFIX}primary-alarms`,
  /** Optional: the same for the secondary region (checked before a failover to it). */
  secondaryAlarms: `${MULTI_REGION_ANNOTATION_PREFIX}secondary-alarms`,
  /**
   * Optional: when drills of this service may start, comma-separated UTC
   * windows, e.g. `Mon-Fri 09:00-17:00, Sat 08:00-10:00, 2026-12-24`
   * (`parseDrillWindows`). Replaces the organisation's allowed windows
   * (`multiRegion.drills.allowedWindows`); none anywhere: any time.
   */
  drillAllowedWindows: `${MULTI_REGION_ANNOTATION_PREFIX}drill-allowed-windows`,
  /**
   * Optional: when drills of this service may not start, in the same
   * grammar. Applies together with the organisation's blocked windows, and
   * over any allowed window.
   */
  drillBlockedWindows: `${MULTI_REGION_ANNOTATION_PREFIX}drill-blocked-windows`,
  /**
   * Optional: CloudWatch alarms of the SECONDARY region watched during a
   * drill's soak, comma-separated names; one in ALARM fails the drill back
   * at once. Absent: the `secondary-alarms`.
   */
  drillOutcomeAlarms: `${MULTI_REGION_ANNOTATION_PREFIX}drill-outcome-alarms`,
  /**
   * Optional: CloudWatch alarms of the PRIMARY region that stop drills
   * (a deployment under way, an incident), comma-separated names: one in
   * ALARM refuses a drill's start, or fails a running drill back.
   */
  drillBlockingAlarms: `${MULTI_REGION_ANNOTATION_PREFIX}drill-blocking-alarms`,
} as const;

/** @public */
export type MultiRegionAnnotationName = keyof typeof MULTI_REGION_ANNOTATIONS;

/** Annotations that must be present for the failover card to work. @public */
export const REQUIRED_MULTI_REGION_ANNOTATIONS: MultiRegionAnnotationName[] = [
  'cluster',
  'controlPanelArn',
  'primaryRegion',
  'secondaryRegion',
  'primaryRoutingControlArn',
  'secondaryRoutingControlArn',
  'dnsName',
  'hostedZoneId',
];

export interface Config {
  /**
   * Configuration of the multi-region failover backend packages (docs/configuration.md): read by the backend
   * plugin and the scaffolder module through `readMultiRegionConfig` of this package.
   */
  multiRegion?: {
    /**
     * Kill switch: when true every failover is refused, whatever the permissions.
     * @visibility frontend
     */
    readOnly?: boolean;

    /**
     * The ARC clusters that entities may name in `multi-region-failover.io/arc-cluster`.
     * @visibility backend
     */
    clusters?: Array<{
      /** Name used in the annotation, e.g. `shared-arc`. @visibility backend */
      name: string;
      /** Cluster ARN. @visibility backend */
      arn: string;
      /** AWS account that owns the cluster; credentials come from the `aws` integration for it. @visibility backend */
      accountId: string;
      /** The cluster's regional endpoints (DescribeCluster lists five). @visibility backend */
      endpoints: Array<{
        /** @visibility backend */
        url: string;
        /** @visibility backend */
        region: string;
      }>;
    }>;

    /** The ARC control plane (route53-recovery-control-config, us-west-2 only). @visibility backend */
    controlPlane?: {
      /** Override for the control plane URL (a local emulator, a VPC endpoint). @visibility backend */
      endpoint?: string;
      /** @visibility backend */
      region?: string;
    };

    /** Route 53 reads (health-check status and failover records). @visibility backend */
    route53?: {
      /** Override for the Route 53 URL (a local emulator, a VPC endpoint). @visibility backend */
      endpoint?: string;
      /**
       * Route 53 requests per second of one backend replica (retries included; its plugins share it). AWS allows 5
       * per account for all callers: the replicas' values must add up to at most 5. @visibility backend
       */
      requestsPerSecond?: number;
      /** How often the refresher starts a full pass, in seconds. @visibility backend */
      refreshIntervalSeconds?: number;
    };

    /** CloudWatch alarm reads (the readiness check of the alarms entities name). @visibility backend */
    cloudWatch?: {
      /**
       * Override for the CloudWatch URL of every region (a local emulator, a VPC endpoint); requests are still
       * signed for the alarm's region. @visibility backend
       */
      endpoint?: string;
    };

    /** Readiness (pre-flight) checks of a failover (docs/configuration.md). @visibility backend */
    readiness?: {
      /** How often every entity's readiness is evaluated in the background, in seconds (30 to 86400; default 300). @visibility backend */
      intervalSeconds?: number;
      /**
       * How long one evaluation may wait on AWS (alarm reads, endpoint probes, rules), in ms (100 to 60000; default
       * 3000): a check that cannot be decided by then says so. @visibility backend
       */
      deadlineMs?: number;
    };

    /** ARC data-plane client behaviour. @visibility backend */
    arc?: {
      /** TCP connect timeout per endpoint attempt. @visibility backend */
      connectTimeoutMs?: number;
      /** Response timeout per endpoint attempt (the request throws, it does not just warn). @visibility backend */
      requestTimeoutMs?: number;
      /** Overall budget of one call across all endpoints. @visibility backend */
      overallDeadlineMs?: number;
      /**
       * Start the next endpoint when the current one has not answered after this long: the ceiling of the adaptive
       * hedge delay, and the delay while the client has no latency history. @visibility backend
       */
      hedgeAfterMs?: number;
      /** Floor of the adaptive hedge delay (at most hedgeAfterMs). @visibility backend */
      minHedgeAfterMs?: number;
      /**
       * The hedge delay is this many times the endpoint's recent p95 latency (at least 1), between minHedgeAfterMs
       * and hedgeAfterMs. @visibility backend
       */
      hedgeLatencyFactor?: number;
      /** How long a control panel reading is reused. @visibility backend */
      cacheTtlMs?: number;
      /** How long control-panel tags and safety rules are reused. @visibility backend */
      configCacheTtlMs?: number;
    };

    /** Who may fail over, beyond the permission policy (docs/permissions.md). @visibility backend */
    permissions?: {
      /**
       * Groups whose `backstage.io/owner` control-panel tag is accepted for any entity (the owner tag must
       * otherwise name a group that owns the entity), e.g. `group:default/platform-admins`. @visibility backend
       */
      platformAdminGroups?: string[];
      /**
       * With Backstage's permission framework off (`permission.enabled` not true) every decision is ALLOW,
       * so failovers are refused unless this is true. Never set it in a shared portal. @visibility backend
       */
      allowFailoverWithoutPermissionFramework?: boolean;
    };

    /** Per signed-in person and replica: more answer 429 with Retry-After. 0 turns a limit off. @visibility backend */
    rateLimits?: {
      /** Plans (POST /plan) per minute; default 60. @visibility backend */
      planPerMinute?: number;
      /** Failover attempts (POST /operations) per minute; default 10. @visibility backend */
      executePerMinute?: number;
    };

    /** Drills: practised failovers with a soak and a failback (docs/drills.md). @visibility backend */
    drills?: {
      /**
       * The organisation's windows in which drills may start, one UTC window per item, e.g. `Mon-Fri 09:00-17:00`,
       * `Fri 22:00-02:00` (crosses midnight), `2026-12-24` (a whole day). A service's
       * `multi-region-failover.io/drill-allowed-windows` replaces them; none anywhere: any time. @visibility backend
       */
      allowedWindows?: string[];
      /**
       * Windows in which no drill may start, same grammar; they apply with each service's own blocked windows, and
       * over any allowed window. @visibility backend
       */
      blockedWindows?: string[];
      /** A service without a passed drill for this many days is overdue (1 to 3650; default 90). @visibility backend */
      overdueAfterDays?: number;
      /** Shortest soak a drill may ask for, in seconds (1 to 86400; default 60). @visibility backend */
      minSoakSeconds?: number;
      /** Longest soak a drill may ask for, in seconds (1 to 86400, at least minSoakSeconds; default 14400). @visibility backend */
      maxSoakSeconds?: number;
      /** The soak the drill dialog proposes, in seconds (from minSoakSeconds to maxSoakSeconds; default 900). @visibility backend */
      defaultSoakSeconds?: number;
      /** How often a running drill's outcome is watched during the soak, in seconds (1 to 300; default 10). @visibility backend */
      watchIntervalSeconds?: number;
    };

    /** Region evacuations (docs/evacuation.md). @visibility backend */
    evacuation?: {
      /** How many services of one evacuation move at once at most (1 to 50; default 4). @visibility backend */
      concurrency?: number;
    };

    /** Failover operations. @visibility backend */
    operations?: {
      /** How long an operation waits for DNS to answer with the target region. @visibility backend */
      dnsTimeoutSeconds?: number;
      /** An unfinished operation not updated for this long is reconciled from ARC. @visibility backend */
      staleAfterSeconds?: number;
    };
  };
}

import { Config } from '@backstage/config';
import {
  DrillSoakLimits,
  DrillWindow,
  isAwsRegionCode,
  normaliseGroupRef,
  parseArcArn,
  parseDrillWindows,
} from '@multi-region-failover/plugin-multi-region-common';

/** One ARC cluster endpoint. @public */
export interface ArcEndpointConfig {
  url: string;
  region: string;
}

/** One ARC cluster the plugin may use. @public */
export interface ArcClusterConfig {
  name: string;
  arn: string;
  accountId: string;
  endpoints: ArcEndpointConfig[];
}

/** ARC client timings. @public */
export interface ArcTimingConfig {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  overallDeadlineMs: number;
  /** Ceiling of the adaptive hedge delay, and the delay with no latency history. */
  hedgeAfterMs: number;
  /**
   * Floor of the adaptive hedge delay. Always set by readMultiRegionConfig;
   * absent (a timing made by hand), the delay is fixed at `hedgeAfterMs`.
   */
  minHedgeAfterMs?: number;
  /**
   * The hedge delay is this many times an endpoint's recent p95 latency;
   * `CONFIG_DEFAULTS.hedgeLatencyFactor` when absent.
   */
  hedgeLatencyFactor?: number;
  cacheTtlMs: number;
  configCacheTtlMs: number;
}

/** The validated `multiRegion` configuration. @public */
export interface MultiRegionBackendConfig {
  readOnly: boolean;
  clusters: ArcClusterConfig[];
  controlPlane: { endpoint?: string; region: string };
  route53: {
    endpoint?: string;
    requestsPerSecond: number;
    refreshIntervalSeconds: number;
  };
  /** CloudWatch alarm reads; `endpoint` overrides the URL of every region. */
  cloudWatch: { endpoint?: string };
  /** Readiness (pre-flight) checks. */
  readiness: {
    /** How often the scheduled task evaluates every entity. */
    intervalSeconds: number;
    /** How long one evaluation may wait on AWS. */
    deadlineMs: number;
  };
  arc: ArcTimingConfig;
  operations: { dnsTimeoutSeconds: number; staleAfterSeconds: number };
  access: MultiRegionAccessConfig;
  /** Drills of every service (`multiRegion.drills`). */
  drills: {
    /** The organisation's allowed windows; a service's own replace them. Empty: any time. */
    allowedWindows: DrillWindow[];
    /** The organisation's blocked windows, applied together with a service's own. */
    blockedWindows: DrillWindow[];
    /** A service without a passed drill for this many days is overdue. */
    overdueAfterDays: number;
    /** Soak limits; `defaultSeconds` lies within `minSeconds` to `maxSeconds`. */
    soak: DrillSoakLimits;
    /** How often a drill's outcome is watched during the soak. */
    watchIntervalMs: number;
  };
  /** Region evacuations (`multiRegion.evacuation`). */
  evacuation: {
    /** How many services of one evacuation move at once at most. */
    concurrency: number;
  };
}

/** Who may fail over, beyond the permission policy. @public */
export interface MultiRegionAccessConfig {
  /** Backstage's `permission.enabled`: without it every decision is ALLOW. */
  permissionFrameworkEnabled: boolean;
  /** `multiRegion.permissions.allowFailoverWithoutPermissionFramework`. */
  allowFailoverWithoutPermissionFramework: boolean;
  /** Groups whose `backstage.io/owner` panel tag is accepted for any entity, in full ref form. */
  platformAdminGroups: string[];
  /** Per signed-in person and replica; 0 turns the limit off. */
  planRequestsPerMinute: number;
  executeRequestsPerMinute: number;
}

/** Defaults of every optional number, documented in docs/configuration.md. @public */
export const CONFIG_DEFAULTS = {
  controlPlaneRegion: 'us-west-2',
  requestsPerSecond: 5,
  refreshIntervalSeconds: 30,
  connectTimeoutMs: 500,
  requestTimeoutMs: 800,
  overallDeadlineMs: 5000,
  hedgeAfterMs: 300,
  /**
   * A healthy endpoint answers within its p95 19 times in 20; three times
   * that is past the ordinary tail (a GC pause, a busy event loop), so a
   * healthy endpoint is rarely hedged, while a hung one holds a call for a
   * few of its own round trips instead of `hedgeAfterMs`.
   */
  hedgeLatencyFactor: 3,
  /**
   * On loopback or in the same region a p95 is a few ms: below 50 ms, the
   * event-loop lag of a busy backend would hedge healthy endpoints.
   */
  minHedgeAfterMs: 50,
  cacheTtlMs: 2000,
  configCacheTtlMs: 60000,
  dnsTimeoutSeconds: 300,
  staleAfterSeconds: 60,
  planRequestsPerMinute: 60,
  executeRequestsPerMinute: 10,
  readinessIntervalSeconds: 300,
  readinessDeadlineMs: 3000,
  drillOverdueAfterDays: 90,
  drillMinSoakSeconds: 60,
  drillMaxSoakSeconds: 14400,
  drillDefaultSoakSeconds: 900,
  drillWatchIntervalSeconds: 10,
  /**
   * Services of one evacuation moving at once: each failover is one ARC
   * write (two controls), so four keep well inside 3 writes/s per endpoint
   * with five endpoints, with room for hedged retries and other failovers.
   */
  evacuationConcurrency: 4,
} as const;

/** A misconfiguration found at start; the message names the key. @public */
export class MultiRegionConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid config at ${key}: ${problem}`);
    this.name = 'MultiRegionConfigError';
  }
}

function positive(
  config: Config | undefined,
  key: string,
  fullKey: string,
  fallback: number,
  {
    integer = true,
    min = 1,
    max,
  }: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (
    !Number.isFinite(value) ||
    value < min ||
    (max !== undefined && value > max) ||
    (integer && !Number.isInteger(value))
  ) {
    throw new MultiRegionConfigError(
      fullKey,
      `${value} must be a ${integer ? 'whole ' : ''}number ${
        max === undefined ? `of at least ${min}` : `from ${min} to ${max}`
      }`,
    );
  }
  return value;
}

function url(value: string | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error('not http(s)');
    }
  } catch {
    throw new MultiRegionConfigError(key, `"${value}" is not an http(s) URL`);
  }
  return value;
}

function windows(config: Config | undefined, key: string): DrillWindow[] {
  const list = config?.getOptionalStringArray(key);
  if (list === undefined) return [];
  const parsed = parseDrillWindows(list);
  if (!parsed.ok) {
    throw new MultiRegionConfigError(
      `multiRegion.drills.${key}`,
      parsed.problem,
    );
  }
  return parsed.windows;
}

function readDrills(config: Config): MultiRegionBackendConfig['drills'] {
  const drills = config.getOptionalConfig('drills');
  const D = CONFIG_DEFAULTS;
  const minSeconds = positive(
    drills,
    'minSoakSeconds',
    'multiRegion.drills.minSoakSeconds',
    D.drillMinSoakSeconds,
    { max: 86400 },
  );
  const maxSeconds = positive(
    drills,
    'maxSoakSeconds',
    'multiRegion.drills.maxSoakSeconds',
    D.drillMaxSoakSeconds,
    { max: 86400 },
  );
  const defaultSeconds = positive(
    drills,
    'defaultSoakSeconds',
    'multiRegion.drills.defaultSoakSeconds',
    D.drillDefaultSoakSeconds,
    { max: 86400 },
  );
  if (minSeconds > maxSeconds) {
    throw new MultiRegionConfigError(
      'multiRegion.drills.minSoakSeconds',
      `${minSeconds} is longer than multiRegion.drills.maxSoakSeconds (${maxSeconds})`,
    );
  }
  if (defaultSeconds < minSeconds || defaultSeconds > maxSeconds) {
    throw new MultiRegionConfigError(
      'multiRegion.drills.defaultSoakSeconds',
      `${defaultSeconds} is not within multiRegion.drills.minSoakSeconds (${minSeconds}) to multiRegion.drills.maxSoakSeconds (${maxSeconds})`,
    );
  }
  return {
    allowedWindows: windows(drills, 'allowedWindows'),
    blockedWindows: windows(drills, 'blockedWindows'),
    overdueAfterDays: positive(
      drills,
      'overdueAfterDays',
      'multiRegion.drills.overdueAfterDays',
      D.drillOverdueAfterDays,
      { max: 3650 },
    ),
    soak: { minSeconds, maxSeconds, defaultSeconds },
    watchIntervalMs:
      positive(
        drills,
        'watchIntervalSeconds',
        'multiRegion.drills.watchIntervalSeconds',
        D.drillWatchIntervalSeconds,
        { max: 300 },
      ) * 1000,
  };
}

function readClusters(config: Config): ArcClusterConfig[] {
  const list = config.getOptionalConfigArray('clusters') ?? [];
  if (list.length === 0) {
    throw new MultiRegionConfigError(
      'multiRegion.clusters',
      'at least one ARC cluster (name, arn, accountId, endpoints) is required',
    );
  }
  const names = new Set<string>();
  return list.map((cluster, index) => {
    const key = `multiRegion.clusters[${index}]`;
    const name = cluster.getString('name');
    if (names.has(name)) {
      throw new MultiRegionConfigError(
        `${key}.name`,
        `cluster name "${name}" is used twice`,
      );
    }
    names.add(name);
    const arn = cluster.getString('arn');
    const parsed = parseArcArn(arn);
    if (!parsed.ok || parsed.value.resourceType !== 'cluster') {
      throw new MultiRegionConfigError(
        `${key}.arn`,
        `"${arn}" is not an ARC cluster ARN (arn:aws:route53-recovery-control::<account>:cluster/<id>)`,
      );
    }
    const accountId = cluster.getString('accountId');
    if (!/^\d{12}$/.test(accountId)) {
      throw new MultiRegionConfigError(
        `${key}.accountId`,
        `"${accountId}" is not a 12-digit AWS account id (quote it in YAML)`,
      );
    }
    if (accountId !== parsed.value.accountId) {
      throw new MultiRegionConfigError(
        `${key}.accountId`,
        `"${accountId}" does not match the account in the cluster ARN (${parsed.value.accountId})`,
      );
    }
    const endpoints = cluster.getConfigArray('endpoints').map((ep, i) => {
      const region = ep.getString('region');
      if (!isAwsRegionCode(region)) {
        throw new MultiRegionConfigError(
          `${key}.endpoints[${i}].region`,
          `"${region}" is not an AWS region code (the region the endpoint's requests are signed for)`,
        );
      }
      return {
        url: url(ep.getString('url'), `${key}.endpoints[${i}].url`)!,
        region,
      };
    });
    if (endpoints.length === 0) {
      throw new MultiRegionConfigError(
        `${key}.endpoints`,
        'list the cluster endpoints (aws route53-recovery-control-config describe-cluster)',
      );
    }
    return { name, arn, accountId, endpoints };
  });
}

/**
 * Reads and validates `multiRegion`, the one reader of that section for every
 * backend package of the suite. Throws {@link MultiRegionConfigError} naming
 * the offending key, so a misconfigured backend fails at start.
 *
 * @public
 */
export function readMultiRegionConfig(root: Config): MultiRegionBackendConfig {
  const config = root.getOptionalConfig('multiRegion');
  if (!config) {
    throw new MultiRegionConfigError(
      'multiRegion',
      'the section is missing; configure multiRegion.clusters (docs/configuration.md)',
    );
  }
  const arc = config.getOptionalConfig('arc');
  const route53 = config.getOptionalConfig('route53');
  const operations = config.getOptionalConfig('operations');
  const controlPlane = config.getOptionalConfig('controlPlane');
  const cloudWatch = config.getOptionalConfig('cloudWatch');
  const readiness = config.getOptionalConfig('readiness');
  const D = CONFIG_DEFAULTS;
  const minHedgeAfterMs = positive(
    arc,
    'minHedgeAfterMs',
    'multiRegion.arc.minHedgeAfterMs',
    D.minHedgeAfterMs,
  );
  const timing: ArcTimingConfig = {
    connectTimeoutMs: positive(
      arc,
      'connectTimeoutMs',
      'multiRegion.arc.connectTimeoutMs',
      D.connectTimeoutMs,
    ),
    requestTimeoutMs: positive(
      arc,
      'requestTimeoutMs',
      'multiRegion.arc.requestTimeoutMs',
      D.requestTimeoutMs,
    ),
    overallDeadlineMs: positive(
      arc,
      'overallDeadlineMs',
      'multiRegion.arc.overallDeadlineMs',
      D.overallDeadlineMs,
    ),
    hedgeAfterMs: positive(
      arc,
      'hedgeAfterMs',
      'multiRegion.arc.hedgeAfterMs',
      D.hedgeAfterMs,
    ),
    minHedgeAfterMs,
    hedgeLatencyFactor: positive(
      arc,
      'hedgeLatencyFactor',
      'multiRegion.arc.hedgeLatencyFactor',
      D.hedgeLatencyFactor,
      { integer: false, min: 1 },
    ),
    cacheTtlMs: positive(
      arc,
      'cacheTtlMs',
      'multiRegion.arc.cacheTtlMs',
      D.cacheTtlMs,
      { min: 0 },
    ),
    configCacheTtlMs: positive(
      arc,
      'configCacheTtlMs',
      'multiRegion.arc.configCacheTtlMs',
      D.configCacheTtlMs,
      { min: 0 },
    ),
  };
  if (timing.overallDeadlineMs < timing.requestTimeoutMs) {
    throw new MultiRegionConfigError(
      'multiRegion.arc.overallDeadlineMs',
      `${timing.overallDeadlineMs} is shorter than multiRegion.arc.requestTimeoutMs (${timing.requestTimeoutMs}); no endpoint could ever answer`,
    );
  }
  if (minHedgeAfterMs > timing.hedgeAfterMs) {
    throw new MultiRegionConfigError(
      'multiRegion.arc.minHedgeAfterMs',
      `${minHedgeAfterMs} is longer than multiRegion.arc.hedgeAfterMs (${timing.hedgeAfterMs}), the hedge delay's ceiling`,
    );
  }
  return {
    readOnly: config.getOptionalBoolean('readOnly') ?? false,
    clusters: readClusters(config),
    controlPlane: {
      endpoint: url(
        controlPlane?.getOptionalString('endpoint'),
        'multiRegion.controlPlane.endpoint',
      ),
      region: controlPlane?.getOptionalString('region') ?? D.controlPlaneRegion,
    },
    route53: {
      endpoint: url(
        route53?.getOptionalString('endpoint'),
        'multiRegion.route53.endpoint',
      ),
      requestsPerSecond: positive(
        route53,
        'requestsPerSecond',
        'multiRegion.route53.requestsPerSecond',
        D.requestsPerSecond,
        { integer: false, min: 0.1 },
      ),
      refreshIntervalSeconds: positive(
        route53,
        'refreshIntervalSeconds',
        'multiRegion.route53.refreshIntervalSeconds',
        D.refreshIntervalSeconds,
      ),
    },
    cloudWatch: {
      endpoint: url(
        cloudWatch?.getOptionalString('endpoint'),
        'multiRegion.cloudWatch.endpoint',
      ),
    },
    readiness: {
      intervalSeconds: positive(
        readiness,
        'intervalSeconds',
        'multiRegion.readiness.intervalSeconds',
        D.readinessIntervalSeconds,
        { min: 30, max: 86400 },
      ),
      deadlineMs: positive(
        readiness,
        'deadlineMs',
        'multiRegion.readiness.deadlineMs',
        D.readinessDeadlineMs,
        { min: 100, max: 60000 },
      ),
    },
    arc: timing,
    access: readAccess(root, config),
    drills: readDrills(config),
    evacuation: {
      concurrency: positive(
        config.getOptionalConfig('evacuation'),
        'concurrency',
        'multiRegion.evacuation.concurrency',
        CONFIG_DEFAULTS.evacuationConcurrency,
        { max: 50 },
      ),
    },
    operations: {
      dnsTimeoutSeconds: positive(
        operations,
        'dnsTimeoutSeconds',
        'multiRegion.operations.dnsTimeoutSeconds',
        D.dnsTimeoutSeconds,
      ),
      staleAfterSeconds: positive(
        operations,
        'staleAfterSeconds',
        'multiRegion.operations.staleAfterSeconds',
        D.staleAfterSeconds,
      ),
    },
  };
}

function readAccess(root: Config, config: Config): MultiRegionAccessConfig {
  const permissions = config.getOptionalConfig('permissions');
  const limits = config.getOptionalConfig('rateLimits');
  const platformAdminGroups = (
    permissions?.getOptionalStringArray('platformAdminGroups') ?? []
  ).map((ref, i) => {
    const key = `multiRegion.permissions.platformAdminGroups[${i}]`;
    let full: string;
    try {
      full = normaliseGroupRef(ref);
    } catch (error) {
      throw new MultiRegionConfigError(
        key,
        `"${ref}" is not an entity ref (${(error as Error).message})`,
      );
    }
    if (!full.startsWith('group:')) {
      throw new MultiRegionConfigError(
        key,
        `"${ref}" is not a group ref; expected e.g. group:default/platform-admins`,
      );
    }
    return full;
  });
  return {
    permissionFrameworkEnabled:
      root.getOptionalBoolean('permission.enabled') ?? false,
    allowFailoverWithoutPermissionFramework:
      permissions?.getOptionalBoolean(
        'allowFailoverWithoutPermissionFramework',
      ) ?? false,
    platformAdminGroups,
    planRequestsPerMinute: positive(
      limits,
      'planPerMinute',
      'multiRegion.rateLimits.planPerMinute',
      CONFIG_DEFAULTS.planRequestsPerMinute,
      { min: 0 },
    ),
    executeRequestsPerMinute: positive(
      limits,
      'executePerMinute',
      'multiRegion.rateLimits.executePerMinute',
      CONFIG_DEFAULTS.executeRequestsPerMinute,
      { min: 0 },
    ),
  };
}

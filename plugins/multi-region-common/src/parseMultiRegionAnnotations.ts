import { Entity } from '@backstage/catalog-model';
import {
  MULTI_REGION_ANNOTATIONS,
  MULTI_REGION_ANNOTATION_PREFIX,
  MultiRegionAnnotationName,
  REQUIRED_MULTI_REGION_ANNOTATIONS,
} from './annotations';
import { parseArcArn } from './arn';
import {
  DRILL_WINDOW_EXPECTED,
  DrillWindow,
  parseDrillWindows,
} from './drillWindows';
import {
  DNS_NAME_PATTERN,
  HEALTH_CHECK_ID_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
} from './patterns';
import { isAwsRegionCode } from './regions';

/** Which of the two deployments of an app. @public */
export type RegionRole = 'primary' | 'secondary';

/** One region of an app, as its annotations describe it. @public */
export interface RegionConfig {
  role: RegionRole;
  region: string;
  routingControlArn: string;
  healthCheckId?: string;
  /** CloudWatch alarms of this region that must not be in ALARM before traffic moves here. */
  alarmNames?: string[];
}

/** The typed, validated failover configuration of one catalog entity. @public */
export interface MultiRegionConfig {
  clusterName: string;
  controlPanelArn: string;
  accountId: string;
  primary: RegionConfig;
  secondary: RegionConfig;
  dnsName: string;
  hostedZoneId: string;
  rtoMinutes?: number;
  appRole: 'external-api' | 'service';
  externalApiPath?: string;
  /**
   * The service's drill settings. Always set by `parseMultiRegionAnnotations`
   * (empty lists when the annotations are absent); optional only so that
   * configurations made by hand need not carry it.
   */
  drills?: MultiRegionDrillConfig;
}

/** A service's drill settings, from its `multi-region-failover.io/drill-*` annotations. @public */
export interface MultiRegionDrillConfig {
  /** `drill-allowed-windows`: when drills may start (empty: the organisation's windows apply). */
  allowedWindows: DrillWindow[];
  /** `drill-blocked-windows`: when drills may not start (besides the organisation's). */
  blockedWindows: DrillWindow[];
  /**
   * Alarms of the SECONDARY region watched during the soak:
   * `drill-outcome-alarms` when set, else the secondary's `alarmNames`
   * (`secondary-alarms`), else none.
   */
  outcomeAlarms: string[];
  /** `drill-blocking-alarms`: alarms of the PRIMARY region that refuse or end a drill (empty when absent). */
  blockingAlarms: string[];
}

/** One precise problem with one annotation. @public */
export interface AnnotationProblem {
  /** The full annotation key, e.g. `multi-region-failover.io/primary-region`. */
  annotation: string;
  /** What is wrong, quoting the value where it helps. */
  problem: string;
  /** What a valid value looks like. */
  expected: string;
}

/** @public */
export type MultiRegionParseResult =
  | { ok: true; config: MultiRegionConfig }
  | { ok: false; errors: AnnotationProblem[] };

/** How many CloudWatch alarms one region of one service may name. @public */
export const MAX_ALARMS_PER_REGION = 10;
// eslint-disable-next-line no-control-regex
const ALARM_NAME = /^[^\u0000-\u001f\u007f-\u009f,]{1,255}$/;

const EXPECTED = {
  cluster:
    'the name of a cluster configured under multiRegion.clusters, e.g. "shared-arc"',
  controlPanelArn:
    'a control panel ARN, e.g. arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef0123456789abcdef',
  region: 'an AWS region code such as us-east-1 or eu-west-1',
  routingControlArn:
    'a routing control ARN inside the control panel, e.g. <control-panel-arn>/routingcontrol/0123456789abcdef',
  dnsName: 'a fully qualified lower-case domain name, e.g. orders.example.com',
  hostedZoneId: 'a bare Route 53 hosted zone id, e.g. Z0123456789ABCDEFGHIJ',
  healthCheckId:
    'a Route 53 health check id (a UUID), e.g. 0b9e0b5c-0c3e-4f5e-9a39-5a0d3c1f2b7a',
  rtoMinutes: 'a whole number of minutes between 1 and 10080',
  role: '"external-api" or "service"',
  externalApiPath: 'a path starting with "/", e.g. /orders',
  alarms: `comma-separated CloudWatch alarm names of the annotation's region (at most ${MAX_ALARMS_PER_REGION}, each 1 to 255 characters, no commas or control characters), e.g. "orders-5xx, orders-capacity"`,
};

type AlarmAnnotationName =
  | 'primaryAlarms'
  | 'secondaryAlarms'
  | 'drillOutcomeAlarms'
  | 'drillBlockingAlarms';
type WindowAnnotationName = 'drillAllowedWindows' | 'drillBlockedWindows';

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const API_PATH = /^\/[a-z0-9][a-z0-9._~\-/]*$/;

/**
 * True when the entity carries at least one multi-region annotation, i.e. its
 * owners meant it to be failed over by this plugin (even if they got it wrong).
 *
 * @public
 */
export function hasMultiRegionAnnotations(entity: Entity): boolean {
  return Object.keys(entity.metadata.annotations ?? {}).some(key =>
    key.startsWith(MULTI_REGION_ANNOTATION_PREFIX),
  );
}

/**
 * The one parser and validator of the annotation vocabulary: entity in, either
 * a typed configuration or every problem found (never just the first).
 *
 * @public
 */
export function parseMultiRegionAnnotations(
  entity: Entity,
): MultiRegionParseResult {
  const annotations = entity.metadata.annotations ?? {};
  const errors: AnnotationProblem[] = [];
  const fail = (
    name: MultiRegionAnnotationName,
    problem: string,
    expected: string,
  ) =>
    errors.push({
      annotation: MULTI_REGION_ANNOTATIONS[name],
      problem,
      expected,
    });

  const knownKeys = new Set<string>(Object.values(MULTI_REGION_ANNOTATIONS));
  for (const key of Object.keys(annotations)) {
    if (key.startsWith(MULTI_REGION_ANNOTATION_PREFIX) && !knownKeys.has(key)) {
      errors.push({
        annotation: key,
        problem: 'is not a known multi-region annotation (a typo?)',
        expected: `one of ${[...knownKeys].join(', ')}`,
      });
    }
  }

  const read = (name: MultiRegionAnnotationName): string | undefined => {
    const raw = annotations[MULTI_REGION_ANNOTATIONS[name]];
    if (raw === undefined) return undefined;
    const value = String(raw).trim();
    return value === '' ? '' : value;
  };

  for (const name of REQUIRED_MULTI_REGION_ANNOTATIONS) {
    const value = read(name);
    if (value === undefined) {
      fail(name, 'is missing', expectedFor(name));
    } else if (value === '') {
      fail(name, 'is empty', expectedFor(name));
    }
  }

  const clusterName = read('cluster');
  if (clusterName && !CLUSTER_NAME.test(clusterName)) {
    fail(
      'cluster',
      `"${clusterName}" is not a valid cluster name`,
      EXPECTED.cluster,
    );
  }

  const primaryRegion = read('primaryRegion');
  const secondaryRegion = read('secondaryRegion');
  for (const [name, value] of [
    ['primaryRegion', primaryRegion],
    ['secondaryRegion', secondaryRegion],
  ] as const) {
    if (value && !isAwsRegionCode(value)) {
      fail(name, `"${value}" is not a known AWS region code`, EXPECTED.region);
    }
  }
  if (primaryRegion && primaryRegion === secondaryRegion) {
    fail(
      'secondaryRegion',
      `is the same region as the primary ("${primaryRegion}"); a failover pair needs two different regions`,
      'a region code different from the primary region',
    );
  }

  const panelArn = read('controlPanelArn');
  let panelAccount: string | undefined;
  if (panelArn) {
    const parsed = parseArcArn(panelArn);
    if (!parsed.ok) {
      fail(
        'controlPanelArn',
        `"${panelArn}" ${parsed.problem}`,
        EXPECTED.controlPanelArn,
      );
    } else if (parsed.value.resourceType !== 'controlpanel') {
      fail(
        'controlPanelArn',
        `"${panelArn}" is the ARN of a ${parsed.value.resourceType}, not of a control panel`,
        EXPECTED.controlPanelArn,
      );
    } else {
      panelAccount = parsed.value.accountId;
    }
  }

  const controlArns: Record<RegionRole, string | undefined> = {
    primary: read('primaryRoutingControlArn'),
    secondary: read('secondaryRoutingControlArn'),
  };
  for (const role of ['primary', 'secondary'] as const) {
    const name =
      role === 'primary'
        ? 'primaryRoutingControlArn'
        : 'secondaryRoutingControlArn';
    const arn = controlArns[role];
    if (!arn) continue;
    const parsed = parseArcArn(arn);
    if (!parsed.ok) {
      fail(name, `"${arn}" ${parsed.problem}`, EXPECTED.routingControlArn);
    } else if (parsed.value.resourceType !== 'routingcontrol') {
      fail(
        name,
        `"${arn}" is the ARN of a ${parsed.value.resourceType}, not of a routing control`,
        EXPECTED.routingControlArn,
      );
    } else if (panelAccount && parsed.value.controlPanelArn !== panelArn) {
      fail(
        name,
        `routing control "${arn}" is not in the control panel named by ${MULTI_REGION_ANNOTATIONS.controlPanelArn} ("${panelArn}")`,
        `an ARN that starts with "${panelArn}/routingcontrol/"`,
      );
    }
  }
  if (controlArns.primary && controlArns.primary === controlArns.secondary) {
    fail(
      'secondaryRoutingControlArn',
      'is the same routing control as the primary; each region needs its own',
      "the ARN of the secondary region's routing control (<app>-secondary-rc)",
    );
  }

  let dnsName = read('dnsName');
  if (dnsName) {
    dnsName = dnsName.replace(/\.$/, '');
    if (!DNS_NAME_PATTERN.test(dnsName)) {
      fail(
        'dnsName',
        `"${read('dnsName')}" is not a valid lower-case domain name`,
        EXPECTED.dnsName,
      );
    }
  }

  const hostedZoneId = read('hostedZoneId');
  if (hostedZoneId && !HOSTED_ZONE_ID_PATTERN.test(hostedZoneId)) {
    fail(
      'hostedZoneId',
      hostedZoneId.startsWith('/hostedzone/')
        ? `"${hostedZoneId}" carries the "/hostedzone/" prefix`
        : `"${hostedZoneId}" is not a hosted zone id`,
      EXPECTED.hostedZoneId,
    );
  }

  const healthCheckIds: Record<RegionRole, string | undefined> = {
    primary: read('primaryHealthCheckId'),
    secondary: read('secondaryHealthCheckId'),
  };
  for (const role of ['primary', 'secondary'] as const) {
    const name =
      role === 'primary' ? 'primaryHealthCheckId' : 'secondaryHealthCheckId';
    const id = healthCheckIds[role];
    if (id !== undefined && !HEALTH_CHECK_ID_PATTERN.test(id)) {
      fail(
        name,
        id === '' ? 'is empty' : `"${id}" is not a health check id`,
        EXPECTED.healthCheckId,
      );
    }
  }
  if (
    healthCheckIds.primary &&
    healthCheckIds.primary === healthCheckIds.secondary
  ) {
    fail(
      'secondaryHealthCheckId',
      'is the same health check as the primary; each failover record has its own',
      'the id of the health check attached to the SECONDARY record',
    );
  }

  const rtoRaw = read('rtoMinutes');
  let rtoMinutes: number | undefined;
  if (rtoRaw !== undefined) {
    rtoMinutes = /^\d+$/.test(rtoRaw) ? Number(rtoRaw) : NaN;
    if (!Number.isInteger(rtoMinutes) || rtoMinutes < 1 || rtoMinutes > 10080) {
      fail(
        'rtoMinutes',
        `"${rtoRaw}" is not a whole number of minutes in range`,
        EXPECTED.rtoMinutes,
      );
    }
  }

  const roleRaw = read('role');
  if (
    roleRaw !== undefined &&
    roleRaw !== 'external-api' &&
    roleRaw !== 'service'
  ) {
    fail('role', `"${roleRaw}" is not a known role`, EXPECTED.role);
  }

  const externalApiPath = read('externalApiPath');
  if (externalApiPath !== undefined && !API_PATH.test(externalApiPath)) {
    fail(
      'externalApiPath',
      `"${externalApiPath}" is not a valid path`,
      EXPECTED.externalApiPath,
    );
  }

  // The one rule for every alarm-list annotation: undefined when absent or
  // invalid (the problem recorded), else the names trimmed, without repeats.
  const readAlarms = (name: AlarmAnnotationName): string[] | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    const names = [...new Set(raw.split(',').map(n => n.trim()))];
    const bad = names.find(n => !ALARM_NAME.test(n));
    if (bad !== undefined) {
      fail(
        name,
        bad === ''
          ? 'has an empty alarm name'
          : `"${bad.slice(0, 60)}" is not a CloudWatch alarm name`,
        EXPECTED.alarms,
      );
      return undefined;
    }
    if (names.length > MAX_ALARMS_PER_REGION) {
      fail(
        name,
        `names ${names.length} alarms; at most ${MAX_ALARMS_PER_REGION} are read`,
        EXPECTED.alarms,
      );
      return undefined;
    }
    return names;
  };
  const alarmNames: Record<RegionRole, string[] | undefined> = {
    primary: readAlarms('primaryAlarms'),
    secondary: readAlarms('secondaryAlarms'),
  };
  const drillOutcomeAlarms = readAlarms('drillOutcomeAlarms');
  const drillBlockingAlarms = readAlarms('drillBlockingAlarms');

  const readWindows = (name: WindowAnnotationName): DrillWindow[] => {
    const raw = read(name);
    if (raw === undefined) return [];
    const parsed = parseDrillWindows(raw);
    if (!parsed.ok) {
      fail(name, parsed.problem, DRILL_WINDOW_EXPECTED);
      return [];
    }
    return parsed.windows;
  };
  const drillAllowedWindows = readWindows('drillAllowedWindows');
  const drillBlockedWindows = readWindows('drillBlockedWindows');

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    config: {
      clusterName: clusterName!,
      controlPanelArn: panelArn!,
      accountId: panelAccount!,
      primary: {
        role: 'primary',
        region: primaryRegion!,
        routingControlArn: controlArns.primary!,
        healthCheckId: healthCheckIds.primary,
        ...(alarmNames.primary ? { alarmNames: alarmNames.primary } : {}),
      },
      secondary: {
        role: 'secondary',
        region: secondaryRegion!,
        routingControlArn: controlArns.secondary!,
        healthCheckId: healthCheckIds.secondary,
        ...(alarmNames.secondary ? { alarmNames: alarmNames.secondary } : {}),
      },
      dnsName: dnsName!,
      hostedZoneId: hostedZoneId!,
      rtoMinutes,
      appRole: (roleRaw as MultiRegionConfig['appRole']) ?? 'service',
      externalApiPath,
      drills: {
        allowedWindows: drillAllowedWindows,
        blockedWindows: drillBlockedWindows,
        outcomeAlarms: drillOutcomeAlarms ?? alarmNames.secondary ?? [],
        blockingAlarms: drillBlockingAlarms ?? [],
      },
    },
  };
}

function expectedFor(name: MultiRegionAnnotationName): string {
  switch (name) {
    case 'primaryRegion':
    case 'secondaryRegion':
      return EXPECTED.region;
    case 'primaryRoutingControlArn':
    case 'secondaryRoutingControlArn':
      return EXPECTED.routingControlArn;
    case 'primaryHealthCheckId':
    case 'secondaryHealthCheckId':
      return EXPECTED.healthCheckId;
    case 'primaryAlarms':
    case 'secondaryAlarms':
    case 'drillOutcomeAlarms':
    case 'drillBlockingAlarms':
      return EXPECTED.alarms;
    case 'drillAllowedWindows':
    case 'drillBlockedWindows':
      return DRILL_WINDOW_EXPECTED;
    default:
      return EXPECTED[name];
  }
}

/**
 * Looks up a region of a parsed configuration by its region code.
 *
 * @public
 */
export function regionByCode(
  config: MultiRegionConfig,
  region: string,
): RegionConfig | undefined {
  if (config.primary.region === region) return config.primary;
  if (config.secondary.region === region) return config.secondary;
  return undefined;
}

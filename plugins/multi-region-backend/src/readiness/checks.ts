/**
 * The readiness checks of a change of active region: one pure function per
 * check, each deciding from what was already read (the snapshot, the safety
 * rules, the endpoint probes, the alarm states). Their ids, order and titles
 * are the common package's `READINESS_CHECK_IDS`; docs/api.md says what each
 * one looks at.
 */
import {
  DnsRecordStatus,
  FAILOVER_RECORD_OF,
  HealthCheckStatus,
  isAwsRegionCode,
  MULTI_REGION_ANNOTATIONS,
  MultiRegionConfig,
  READINESS_CHECK_TITLES,
  ReadinessCheck,
  ReadinessCheckId,
  ReadinessVerdict,
  RegionRole,
  RegionStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { HealthCheckSettings } from '../database/Route53Store';
import type { ChangeConditions } from '../service/FailoverPlanner';
import {
  AlarmState,
  EndpointProbeResult,
} from '@multi-region-failover/plugin-multi-region-node';

/**
 * How long Route 53 takes to act on a health check's change, on top of the
 * records' TTL: a RECOVERY_CONTROL check follows its control within seconds,
 * other checks need a few failed checks at a 10 or 30 s interval. One
 * allowance for all, documented in docs/api.md.
 */
export const HEALTH_CHECK_ALLOWANCE_SECONDS = 60;

/**
 * The TTL of an alias record is its target's, which Route 53 does not list
 * with the record: API Gateway (the pattern we manage) answers with 60 s.
 */
export const ALIAS_TTL_SECONDS = 60;

/** ARC's data plane answers while 3 of a cluster's 5 regional endpoints do. */
export const MIN_REACHABLE_ENDPOINTS = 3;

/** A check with its title. */
export function readinessCheck(
  id: ReadinessCheckId,
  verdict: ReadinessVerdict,
  reason: string,
): ReadinessCheck {
  return { id, title: READINESS_CHECK_TITLES[id], verdict, reason };
}

/** What a read that did not answer, or failed, left of a check's input. */
export type NotRead = { timedOutAfterMs: number } | { error: string };

function notRead(what: string, problem: NotRead): string {
  return 'error' in problem
    ? `${what} could not be read: ${problem.error}`
    : `${what} did not answer within ${problem.timedOutAfterMs} ms.`;
}

/** Route 53's answer for a health check id it does not have. */
const NO_SUCH_HEALTH_CHECK = /NoSuchHealthCheck/i;

/** `name (arn)`, or the ARN when ARC gave no name. */
function controlLabel(control: RegionStatus['routingControl']): string {
  return control.name ? `"${control.name}"` : control.arn;
}

function observations(health: HealthCheckStatus): string {
  return health.totalObservations
    ? ` (${health.healthyObservations ?? 0} of ${
        health.totalObservations
      } checkers healthy)`
    : '';
}

/**
 * 1. The health check of the target's failover record: Route 53 moves
 * traffic there only once it is healthy. A RECOVERY_CONTROL check bound to
 * the target's routing control is expected to be Unhealthy while that
 * control is Off: the change turns it On.
 */
export function targetHealthCheck(input: {
  role: RegionRole;
  region: string;
  /** The target's routing control, as read (its ARN is the annotation's). */
  control: RegionStatus['routingControl'];
  health: HealthCheckStatus;
  /** As the refresher last listed it; absent until listed. */
  settings?: HealthCheckSettings;
}): ReadinessCheck {
  const { role, region, control, health, settings } = input;
  const fail = (reason: string) =>
    readinessCheck('target-health', 'fail', reason);
  const warn = (reason: string) =>
    readinessCheck('target-health', 'warn', reason);
  const pass = (reason: string) =>
    readinessCheck('target-health', 'pass', reason);
  const id = health.id;
  if (!id) {
    return fail(
      `The ${FAILOVER_RECORD_OF[role]} record (${region}) has no health check, and no annotation names one: Route 53 cannot tell whether ${region} serves.`,
    );
  }
  if (health.error && NO_SUCH_HEALTH_CHECK.test(health.error)) {
    return fail(`Route 53 has no health check ${id}: ${health.error}`);
  }
  const label = controlLabel(control);
  if (settings?.type === 'RECOVERY_CONTROL') {
    if (settings.routingControlArn !== control.arn) {
      return fail(
        `Health check ${id} follows routing control ${
          settings.routingControlArn ?? '(none)'
        }, not the ${role} routing control ${
          control.arn
        }: the change would not make it healthy.`,
      );
    }
    if (settings.inverted) {
      return fail(
        `Health check ${id} is inverted: it turns Unhealthy when the change sets routing control ${label} On.`,
      );
    }
    if (settings.disabled) {
      return warn(
        `Health check ${id} is disabled: Route 53 treats it as healthy whatever the state of routing control ${label}, so it does not follow the control.`,
      );
    }
    if (health.status === 'Unhealthy') {
      if (control.state === 'Off') {
        return pass(
          `Health check ${id} is Unhealthy only because routing control ${label} is Off; it turns healthy when the change sets it On.`,
        );
      }
      if (control.state === 'On') {
        return fail(
          `Health check ${id} is Unhealthy although routing control ${label} is On.`,
        );
      }
      return warn(
        `Health check ${id} is Unhealthy and the state of routing control ${label} is unknown, so whether the change makes it healthy cannot be said.`,
      );
    }
  } else if (settings?.disabled) {
    return warn(
      `Health check ${id} (${settings.type}) is disabled: Route 53 treats it as healthy whatever the state of ${region}.`,
    );
  }
  if (health.status === 'Healthy') {
    return pass(`Health check ${id} is Healthy${observations(health)}.`);
  }
  if (health.status === 'Unknown') {
    return warn(
      `Health check ${id} is Unknown: ${
        health.error ?? 'not observed yet'
      }`.replace(/([^.])$/, '$1.'),
    );
  }
  if (!settings && control.state === 'Off') {
    return warn(
      `Health check ${id} is Unhealthy while routing control ${label} is Off; its configuration has not been listed yet, so whether it follows the control is unknown.`,
    );
  }
  return fail(
    `Route 53 sees health check ${id}${
      settings ? ` (${settings.type})` : ''
    } Unhealthy${observations(
      health,
    )}: traffic moved to ${region} would not stay there.`,
  );
}

/** 2. The target's routing control: the change writes it, so it must be readable and deployed. */
export function routingControlCheck(
  control: RegionStatus['routingControl'],
): ReadinessCheck {
  const label = controlLabel(control);
  if (control.deployment) {
    return readinessCheck(
      'routing-control',
      'fail',
      `ARC is still ${
        control.deployment === 'PENDING' ? 'deploying' : 'deleting'
      } routing control ${label} (${control.deployment}).`,
    );
  }
  if (control.state === 'Unknown') {
    return readinessCheck(
      'routing-control',
      'fail',
      `The state of routing control ${label} could not be read: ${
        control.error ?? 'unreadable'
      }`,
    );
  }
  return readinessCheck(
    'routing-control',
    'pass',
    `Routing control ${label} reads ${control.state}${
      control.state === 'Off' ? '; the change sets it On' : ''
    }.`,
  );
}

/** 3. The endpoints of the entity's ARC cluster, each probed with one read. */
export function clusterEndpointsCheck(
  clusterName: string,
  probe: { results: EndpointProbeResult[] } | { unconfigured: true } | NotRead,
): ReadinessCheck {
  if ('unconfigured' in probe) {
    return readinessCheck(
      'cluster-endpoints',
      'fail',
      `ARC cluster "${clusterName}" is not configured (multiRegion.clusters).`,
    );
  }
  if (!('results' in probe)) {
    return readinessCheck(
      'cluster-endpoints',
      'warn',
      notRead(`The endpoints of ARC cluster "${clusterName}"`, probe),
    );
  }
  const { results } = probe;
  const reachable = results.filter(r => r.reachable).length;
  const counted = `${reachable} of ${results.length} endpoints of ARC cluster "${clusterName}" reachable`;
  const unreachable = results
    .filter(r => !r.reachable)
    .map(r => `${r.url} (${r.region}): ${r.error ?? 'no answer'}`)
    .join('; ');
  if (results.length > 0 && reachable === results.length) {
    return readinessCheck('cluster-endpoints', 'pass', `${counted}.`);
  }
  if (reachable >= MIN_REACHABLE_ENDPOINTS) {
    return readinessCheck(
      'cluster-endpoints',
      'warn',
      `${counted}; unreachable: ${unreachable}.`,
    );
  }
  return readinessCheck(
    'cluster-endpoints',
    'fail',
    `Only ${counted} (ARC needs ${MIN_REACHABLE_ENDPOINTS})${
      unreachable ? `; unreachable: ${unreachable}` : ''
    }.`,
  );
}

/**
 * 4. The panel's safety rules for this change: blocking rules fail (warn
 * when the caller overrides them), ARC deploying fails, a running wait
 * period warns.
 */
export function safetyRulesCheck(
  input:
    | {
        conditions: Omit<ChangeConditions, 'rules'>;
        /** False when the current states were not read: no rule could be evaluated. */
        evaluable: boolean;
        override: boolean;
      }
    | NotRead,
): ReadinessCheck {
  if (!('conditions' in input)) {
    return readinessCheck(
      'safety-rules',
      'warn',
      notRead("The control panel's safety rules", input),
    );
  }
  const { conditions, evaluable, override } = input;
  const fails: string[] = [];
  const warns: string[] = [];
  if (conditions.deployment) {
    const names = conditions.deployment.resources
      .map(r => r.name ?? r.arn)
      .join(', ');
    fails.push(
      conditions.deployment.state === 'deploying'
        ? `ARC is still deploying ${names} (PENDING).`
        : `ARC is deleting ${names} (PENDING_DELETION).`,
    );
  }
  const blocking = conditions.blocking.map(b => b.description).join(' ');
  if (blocking) {
    (override ? warns : fails).push(
      override ? `Overridden: ${blocking}` : blocking,
    );
  }
  if (conditions.waitPeriod) {
    warns.push(
      `The wait period of ${conditions.waitPeriod.rules
        .map(r => `"${r.name}"`)
        .join(', ')} ends in ${conditions.waitPeriod.remainingSeconds} s.`,
    );
  }
  if (!evaluable) {
    warns.push(
      'The routing-control states are unknown, so the rules could not be evaluated.',
    );
  }
  if (fails.length > 0) {
    return readinessCheck(
      'safety-rules',
      'fail',
      [...fails, ...warns].join(' '),
    );
  }
  if (warns.length > 0) {
    return readinessCheck('safety-rules', 'warn', warns.join(' '));
  }
  return readinessCheck(
    'safety-rules',
    'pass',
    'No safety rule blocks the change, and no wait period is running.',
  );
}

/** Where a record points: its alias target or its values, normalised. */
function targetOf(record: DnsRecordStatus): string {
  return (record.aliasTarget ?? (record.values ?? []).join(', '))
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The AWS region a record's target names (`….execute-api.us-east-1.amazonaws.com`). */
function regionNamedBy(target: string): string | undefined {
  return target.split('.').find(label => isAwsRegionCode(label));
}

/**
 * 5. The failover records at the entity's DNS name: PRIMARY and SECONDARY,
 * each with a health check, pointing at different targets, each in its own
 * region when the target names one.
 */
export function dnsRecordsCheck(input: {
  config: Pick<MultiRegionConfig, 'primary' | 'secondary' | 'dnsName'> & {
    hostedZoneId: string;
  };
  regions: Record<RegionRole, Pick<RegionStatus, 'dnsRecord' | 'dnsError'>>;
  zone?: { refreshedAt?: number; error?: string };
}): ReadinessCheck {
  const { config, regions, zone } = input;
  let zoneProblem: string | undefined;
  if (zone?.error) {
    zoneProblem = `the last Route 53 refresh of zone ${config.hostedZoneId} failed: ${zone.error}`;
  } else if (!zone?.refreshedAt) {
    zoneProblem = `the Route 53 refresher has not read zone ${config.hostedZoneId} yet`;
  }
  const problems: string[] = [];
  const roles: RegionRole[] = ['primary', 'secondary'];
  for (const role of roles) {
    const record = regions[role].dnsRecord;
    const kind = FAILOVER_RECORD_OF[role];
    if (!record) {
      if (zoneProblem) {
        return readinessCheck(
          'dns-records',
          'warn',
          `No ${kind} record of ${config.dnsName} known: ${zoneProblem}.`,
        );
      }
      problems.push(
        `no ${kind} failover record at ${config.dnsName} in zone ${config.hostedZoneId}`,
      );
      continue;
    }
    if (!record.healthCheckId) {
      problems.push(`the ${kind} record has no health check`);
    }
    const named = regionNamedBy(targetOf(record));
    if (named && named !== config[role].region) {
      problems.push(
        `the ${kind} record points at ${targetOf(
          record,
        )} in ${named}, but the ${role} region is ${config[role].region}`,
      );
    }
  }
  const primary = regions.primary.dnsRecord;
  const secondary = regions.secondary.dnsRecord;
  if (primary && secondary && targetOf(primary) === targetOf(secondary)) {
    problems.push(`both records point at ${targetOf(primary)}`);
  }
  if (problems.length > 0) {
    const text = problems.join('; ');
    return readinessCheck(
      'dns-records',
      'fail',
      `${text[0].toUpperCase()}${text.slice(1)}.`,
    );
  }
  const seen = `PRIMARY → ${targetOf(primary!)}, SECONDARY → ${targetOf(
    secondary!,
  )}`;
  if (zone?.error) {
    return readinessCheck(
      'dns-records',
      'warn',
      `As last read (${seen}) the records are right, but ${zoneProblem}.`,
    );
  }
  return readinessCheck(
    'dns-records',
    'pass',
    `${seen}, each with a health check.`,
  );
}

/** The seconds resolvers may keep the old answer: the TTL, or the alias target's. */
function ttlOf(record: DnsRecordStatus): { seconds: number; alias: boolean } {
  return record.aliasTarget
    ? { seconds: ALIAS_TTL_SECONDS, alias: true }
    : { seconds: record.ttl ?? 0, alias: false };
}

/**
 * 6. Whether DNS can follow within the RTO: the longest TTL of the failover
 * records plus the health-check allowance, against `rto-minutes`.
 */
export function recordTtlCheck(input: {
  rtoMinutes?: number;
  records: DnsRecordStatus[];
}): ReadinessCheck {
  const { rtoMinutes, records } = input;
  const longest = records
    .map(r => ({ record: r, ...ttlOf(r) }))
    .sort((a, b) => b.seconds - a.seconds)[0];
  const ttl = longest
    ? `TTL ${longest.seconds} s${
        longest.alias
          ? ` (alias record: its target's TTL, ${ALIAS_TTL_SECONDS} s for API Gateway)`
          : ''
      }`
    : undefined;
  if (rtoMinutes === undefined) {
    return readinessCheck(
      'record-ttl',
      'pass',
      `No RTO set (${MULTI_REGION_ANNOTATIONS.rtoMinutes}), nothing to compare${
        ttl ? `; ${ttl}` : ''
      }.`,
    );
  }
  if (!longest) {
    return readinessCheck(
      'record-ttl',
      'warn',
      'No failover record read, so the time DNS takes to follow is unknown.',
    );
  }
  const total = longest.seconds + HEALTH_CHECK_ALLOWANCE_SECONDS;
  const rtoSeconds = rtoMinutes * 60;
  const sum = `${ttl} + ${HEALTH_CHECK_ALLOWANCE_SECONDS} s health-check allowance = ${total} s`;
  if (total > rtoSeconds) {
    return readinessCheck(
      'record-ttl',
      'warn',
      `${sum}, more than the RTO of ${rtoMinutes} min (${rtoSeconds} s).`,
    );
  }
  return readinessCheck(
    'record-ttl',
    'pass',
    `${sum}, within the RTO of ${rtoMinutes} min (${rtoSeconds} s).`,
  );
}

/**
 * 7. The CloudWatch alarms the target region's annotation names (present
 * only when it names some): none in ALARM, each found in that region.
 */
export function alarmsCheck(input: {
  region: string;
  names: string[];
  states: Map<string, AlarmState> | NotRead;
}): ReadinessCheck {
  const { region, names, states } = input;
  if (!(states instanceof Map)) {
    return readinessCheck(
      'alarms',
      'warn',
      notRead(`The CloudWatch alarms of ${region}`, states),
    );
  }
  const quoted = (list: string[]) => list.map(n => `"${n}"`).join(', ');
  const inAlarm = names.filter(n => states.get(n)?.state === 'ALARM');
  const missing = names.filter(n => !states.has(n));
  const noData = names.filter(
    n => states.get(n)?.state === 'INSUFFICIENT_DATA',
  );
  const parts = [
    inAlarm.length ? `In ALARM in ${region}: ${quoted(inAlarm)}.` : '',
    missing.length ? `Not found in ${region}: ${quoted(missing)}.` : '',
    noData.length ? `INSUFFICIENT_DATA: ${quoted(noData)}.` : '',
  ].filter(Boolean);
  if (inAlarm.length || missing.length) {
    return readinessCheck('alarms', 'fail', parts.join(' '));
  }
  if (noData.length) {
    return readinessCheck('alarms', 'warn', parts.join(' '));
  }
  return readinessCheck(
    'alarms',
    'pass',
    `${
      names.length === 1 ? 'The alarm is' : `All ${names.length} alarms are`
    } OK in ${region}: ${quoted(names)}.`,
  );
}

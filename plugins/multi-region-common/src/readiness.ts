/**
 * Readiness: the pre-flight checks of a change of active region, shared by
 * the backend (which evaluates them), the card, the failover dialog and the
 * org-wide page (which show them). docs/readiness.md describes each check.
 */
import { FailoverAction } from './failover';
import { RegionRole } from './parseMultiRegionAnnotations';

/** Each readiness check, in the order they are shown. @public */
export const READINESS_CHECK_IDS = [
  'target-health',
  'routing-control',
  'cluster-endpoints',
  'safety-rules',
  'dns-records',
  'record-ttl',
  'alarms',
] as const;

/** @public */
export type ReadinessCheckId = (typeof READINESS_CHECK_IDS)[number];

/** The short name of each check, as every report words it. @public */
export const READINESS_CHECK_TITLES: Readonly<
  Record<ReadinessCheckId, string>
> = {
  'target-health': 'Target health check',
  'routing-control': 'Target routing control',
  'cluster-endpoints': 'ARC cluster endpoints',
  'safety-rules': 'Safety rules',
  'dns-records': 'Failover records',
  'record-ttl': 'Record TTL',
  alarms: 'CloudWatch alarms',
};

/** `fail` blocks a failover unless acknowledged; `warn` is shown, never blocks. @public */
export type ReadinessVerdict = 'pass' | 'warn' | 'fail';

/** One evaluated check. @public */
export interface ReadinessCheck {
  id: ReadinessCheckId;
  /** Short name, e.g. "Target health check". */
  title: string;
  verdict: ReadinessVerdict;
  /** One line saying why, quoting what was seen (a state, a name, a number). */
  reason: string;
}

/** The counts of a report, for the card, the org-wide page and filters. @public */
export interface ReadinessSummary {
  /** The worst verdict of any check. */
  verdict: ReadinessVerdict;
  passed: number;
  warned: number;
  failed: number;
  total: number;
  /** The region traffic would move to. */
  targetRegion: string;
  evaluatedAt: string;
}

/** Every check of a change of one entity's active region to `targetRegion`. @public */
export interface ReadinessReport {
  entityRef: string;
  targetRegion: string;
  targetRole: RegionRole;
  action: FailoverAction;
  checks: ReadinessCheck[];
  summary: ReadinessSummary;
  evaluatedAt: string;
}

/**
 * Readiness as recorded with an operation: what the person saw failing when
 * they confirmed, and which failing checks they acknowledged.
 *
 * @public
 */
export interface OperationReadiness {
  summary: ReadinessSummary;
  /** The checks that failed or warned at execute. */
  problems: ReadinessCheck[];
  /** Ids of failing checks the person acknowledged (every failing one, or the execute was refused). */
  acknowledged: ReadinessCheckId[];
}

/** Counts and worst verdict of a set of checks. @public */
export function summariseReadiness(
  checks: ReadinessCheck[],
  targetRegion: string,
  evaluatedAt: string,
): ReadinessSummary {
  const count = (v: ReadinessVerdict) =>
    checks.filter(c => c.verdict === v).length;
  const failed = count('fail');
  const warned = count('warn');
  let verdict: ReadinessVerdict = 'pass';
  if (failed > 0) verdict = 'fail';
  else if (warned > 0) verdict = 'warn';
  return {
    verdict,
    passed: count('pass'),
    warned,
    failed,
    total: checks.length,
    targetRegion,
    evaluatedAt,
  };
}

/**
 * The one-line headline of a summary, e.g. "Ready to fail over to us-west-2:
 * 6 of 6 checks pass" or "Not ready to fail over to us-west-2: 2 of 7 checks
 * fail". Warnings do not make a service "not ready".
 *
 * @public
 */
export function readinessHeadline(
  summary: ReadinessSummary,
  action: FailoverAction = 'failover',
): string {
  const verb = action === 'failback' ? 'fail back' : 'fail over';
  const where = `to ${summary.targetRegion}`;
  // "1 of 1 check passes", "2 of 6 checks fail"
  const of = (n: number, singular: string, plural: string) =>
    summary.total === 1
      ? `${n} of 1 check ${singular}`
      : `${n} of ${summary.total} checks ${plural}`;
  if (summary.failed > 0) {
    return `Not ready to ${verb} ${where}: ${of(
      summary.failed,
      'fails',
      'fail',
    )}`;
  }
  const warnings =
    summary.warned > 0
      ? `, ${summary.warned} warning${summary.warned === 1 ? '' : 's'}`
      : '';
  return `Ready to ${verb} ${where}: ${of(
    summary.passed,
    'passes',
    'pass',
  )}${warnings}`;
}

/** The failing checks of a report that are not among `acknowledged`. @public */
export function unacknowledgedFailures(
  checks: ReadinessCheck[],
  acknowledged: readonly string[] = [],
): ReadinessCheck[] {
  return checks.filter(
    c => c.verdict === 'fail' && !acknowledged.includes(c.id),
  );
}

/**
 * The JSON reports from what the stores and the status hold: pure
 * functions (who may see what is decided before they are called).
 */
import { Entity } from '@backstage/catalog-model';
import {
  Drill,
  DrillReport,
  DrillReportVerdict,
  isDrillRunning,
  MultiRegionConfig,
  Operation,
  OperationReport,
  OperationReportVerdict,
  operationTimings,
  OperationTimings,
  OrganisationReport,
  OrganisationReportRow,
  ReportEntity,
  ServiceSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { ownerOf } from '../service/StatusService';
import { formatDuration, formatRto } from './text';

/** The entity as the caller's catalog read returned it (undefined: gone from the catalog). */
export interface FoundEntity {
  entity: Entity;
  config?: MultiRegionConfig;
}

/** What the record itself says about the service when the catalog no longer does. */
interface Recorded {
  primaryRegion?: string;
  secondaryRegion?: string;
  rtoMinutes?: number;
}

/** The service as the catalog describes it now, completed from the record. */
export function reportEntity(
  entityRef: string,
  found: FoundEntity | undefined,
  recorded: Recorded,
): ReportEntity {
  const config = found?.config;
  const rtoMinutes = config ? config.rtoMinutes : recorded.rtoMinutes;
  const primaryRegion = config?.primary.region ?? recorded.primaryRegion;
  const secondaryRegion = config?.secondary.region ?? recorded.secondaryRegion;
  const title = found?.entity.metadata.title;
  const owner = found ? ownerOf(found.entity) : undefined;
  return {
    entityRef,
    ...(title ? { title } : {}),
    ...(owner ? { owner } : {}),
    ...(rtoMinutes !== undefined ? { rtoMinutes } : {}),
    ...(primaryRegion ? { primaryRegion } : {}),
    ...(secondaryRegion ? { secondaryRegion } : {}),
  };
}

/**
 * The times of an operation against the RTO: those recorded when it
 * completed (with the RTO of that moment); for a portal operation recorded
 * without them, measured from its steps against the service's RTO now.
 */
export function operationVerdict(
  op: Operation,
  rtoMinutes: number | undefined,
): OperationReportVerdict {
  let timings = op.timings;
  if (!timings && op.source === 'portal') {
    timings = operationTimings(op, rtoMinutes);
  }
  return timingsVerdict(timings, rtoMinutes);
}

/** Recorded times against the RTO they were recorded with (else `rtoMinutes`). */
export function timingsVerdict(
  timings: OperationTimings | undefined,
  rtoMinutes: number | undefined,
): OperationReportVerdict {
  const rto = timings?.rtoMinutes ?? rtoMinutes;
  const switchMs = timings?.switchMs;
  let rtoMet = timings?.rtoMet;
  if (rtoMet === undefined && rto !== undefined && switchMs !== undefined) {
    rtoMet = switchMs <= rto * 60_000;
  }
  return {
    ...(rto !== undefined ? { rtoMinutes: rto } : {}),
    ...(switchMs !== undefined ? { switchMs } : {}),
    ...(timings?.healthyMs !== undefined
      ? { healthyMs: timings.healthyMs }
      : {}),
    ...(rtoMet !== undefined ? { rtoMet } : {}),
  };
}

/** The regions an operation implies when nothing else says them. */
function regionsOf(op: Operation): Recorded {
  return op.action === 'failover'
    ? { primaryRegion: op.fromRegion, secondaryRegion: op.toRegion }
    : { primaryRegion: op.toRegion, secondaryRegion: op.fromRegion };
}

export function buildOperationReport(options: {
  operation: Operation;
  found?: FoundEntity;
  drill?: Drill;
  generatedBy: string;
  generatedAt: string;
}): OperationReport {
  const { operation, drill } = options;
  const entity = reportEntity(operation.entityRef, options.found, {
    ...regionsOf(operation),
    rtoMinutes: operation.timings?.rtoMinutes ?? drill?.rtoMinutes,
  });
  return {
    kind: 'failover-report',
    generatedAt: options.generatedAt,
    generatedBy: options.generatedBy,
    operation,
    entity,
    ...(drill ? { drill } : {}),
    verdict: operationVerdict(operation, entity.rtoMinutes),
  };
}

/** Whether the drill passed, and why in words. */
export function drillVerdict(
  drill: Drill,
  failover: OperationReportVerdict,
  failback: OperationReportVerdict,
): DrillReportVerdict {
  const rtoMinutes = drill.rtoMinutes ?? failover.rtoMinutes;
  const rtoMet = drill.rtoMet ?? failover.rtoMet;
  const base = {
    state: drill.state,
    ...(drill.outcome ? { outcome: drill.outcome } : {}),
    ...(rtoMinutes !== undefined ? { rtoMinutes } : {}),
    ...(rtoMet !== undefined ? { rtoMet } : {}),
    failover,
    failback,
  };
  if (isDrillRunning(drill)) {
    return {
      ...base,
      result: 'running',
      summary: `The drill is under way (${drill.state}); this report shows it so far.`,
    };
  }
  const switched = `the failover switched in ${formatDuration(
    failover.switchMs,
  )}`;
  if (drill.outcome !== 'passed') {
    return {
      ...base,
      result: 'failed',
      summary: `The drill ended ${drill.outcome ?? drill.state}${
        drill.outcomeDetail ? `: ${drill.outcomeDetail}` : '.'
      }`,
    };
  }
  const soak = `The outcome stayed good for the whole ${formatDuration(
    drill.soakSeconds * 1000,
  )} soak`;
  if (rtoMet === false) {
    return {
      ...base,
      result: 'failed',
      summary: `${soak}, but ${switched}, over the RTO of ${formatRto(
        rtoMinutes,
      )}.`,
    };
  }
  let rto = `within the RTO of ${formatRto(rtoMinutes)}`;
  if (rtoMinutes === undefined) rto = 'and no RTO is set';
  else if (rtoMet === undefined)
    rto = 'but the time to switch was not measured';
  return {
    ...base,
    result: 'passed',
    summary: `${soak}; ${switched}, ${rto}, and it failed back.`,
  };
}

export function buildDrillReport(options: {
  drill: Drill;
  found?: FoundEntity;
  failover?: Operation;
  failback?: Operation;
  generatedBy: string;
  generatedAt: string;
}): DrillReport {
  const { drill, failover, failback } = options;
  const entity = reportEntity(drill.entityRef, options.found, {
    primaryRegion: drill.primaryRegion,
    secondaryRegion: drill.secondaryRegion,
    rtoMinutes: drill.rtoMinutes,
  });
  const rto = drill.rtoMinutes ?? entity.rtoMinutes;
  // the drill records its operations' times; the operations are the source
  const timed = (
    op: Operation | undefined,
    recorded: OperationTimings | undefined,
  ): OperationReportVerdict =>
    op ? operationVerdict(op, rto) : timingsVerdict(recorded, rto);
  return {
    kind: 'drill-report',
    generatedAt: options.generatedAt,
    generatedBy: options.generatedBy,
    drill,
    entity,
    ...(failover ? { failover } : {}),
    ...(failback ? { failback } : {}),
    verdict: drillVerdict(
      drill,
      timed(failover, drill.failoverTimings),
      timed(failback, drill.failbackTimings),
    ),
  };
}

/** What the organisation report adds to an org-wide page row. */
export interface OrganisationDetails {
  config?: MultiRegionConfig;
  /** The latest finished drill. */
  lastDrill?: Drill;
  /** The latest real change that moved traffic, made in the portal. */
  lastReal?: Operation;
}

export function organisationRow(
  item: ServiceSummary,
  details: OrganisationDetails,
): OrganisationReportRow {
  const { config, lastDrill, lastReal } = details;
  const rtoMinutes = config?.rtoMinutes;
  const active =
    item.active && item.active.certainty !== 'unknown'
      ? item.active.activeRegion
      : undefined;
  const real = lastReal && operationVerdict(lastReal, rtoMinutes);
  const problems = item.annotationErrors?.map(
    p => `${p.annotation} ${p.problem}`,
  );
  return {
    entityRef: item.entityRef,
    ...(item.title ? { title: item.title } : {}),
    ...(item.owner ? { owner: item.owner } : {}),
    ...(item.system ? { system: item.system } : {}),
    ...(item.primaryRegion ? { primaryRegion: item.primaryRegion } : {}),
    ...(item.secondaryRegion ? { secondaryRegion: item.secondaryRegion } : {}),
    ...(active ? { activeRegion: active } : {}),
    ...(rtoMinutes !== undefined ? { rtoMinutes } : {}),
    ...(problems?.length ? { annotationProblems: problems } : {}),
    ...(lastDrill
      ? {
          lastDrill: {
            id: lastDrill.id,
            ...(lastDrill.completedAt
              ? { completedAt: lastDrill.completedAt }
              : {}),
            ...(lastDrill.outcome ? { outcome: lastDrill.outcome } : {}),
            ...(lastDrill.rtoMet !== undefined
              ? { rtoMet: lastDrill.rtoMet }
              : {}),
            ...(lastDrill.failoverTimings?.switchMs !== undefined
              ? { switchMs: lastDrill.failoverTimings.switchMs }
              : {}),
          },
        }
      : {}),
    drillRunning: item.drill?.running ?? false,
    // a service without a valid configuration has never passed a drill
    drillOverdue: item.drill?.overdue ?? true,
    ...(item.readiness ? { readiness: item.readiness } : {}),
    ...(lastReal
      ? {
          lastRealFailover: {
            operationId: lastReal.id,
            action: lastReal.action,
            fromRegion: lastReal.fromRegion,
            toRegion: lastReal.toRegion,
            actor: lastReal.actor,
            ...(lastReal.completedAt
              ? { completedAt: lastReal.completedAt }
              : {}),
            ...(real?.switchMs !== undefined
              ? { switchMs: real.switchMs }
              : {}),
            ...(real?.rtoMet !== undefined ? { rtoMet: real.rtoMet } : {}),
          },
        }
      : {}),
  };
}

export function buildOrganisationReport(options: {
  items: ServiceSummary[];
  details: (entityRef: string) => OrganisationDetails;
  overdueAfterDays: number;
  generatedBy: string;
  generatedAt: string;
}): OrganisationReport {
  const services = options.items
    .map(item => organisationRow(item, options.details(item.entityRef)))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef, 'en'));
  const count = (test: (row: OrganisationReportRow) => boolean) =>
    services.filter(test).length;
  return {
    kind: 'organisation-report',
    generatedAt: options.generatedAt,
    generatedBy: options.generatedBy,
    overdueAfterDays: options.overdueAfterDays,
    totals: {
      services: services.length,
      drilledWithinPeriod: count(r => !r.drillOverdue),
      overdue: count(r => r.drillOverdue),
      rtoMetLastDrill: count(r => r.lastDrill?.rtoMet === true),
      notReady: count(r => r.readiness?.verdict === 'fail'),
    },
    services,
  };
}

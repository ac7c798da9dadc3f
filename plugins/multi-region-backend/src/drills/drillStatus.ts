import {
  Drill,
  DrillStatus,
  ServiceDrillSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { EntityDrills, StoredDrill } from '../database/DrillsStore';

const DAY_MS = 86_400_000;

/** A drill as it leaves the server (without the configuration it fails back with). */
export function publicDrill(drill: StoredDrill): Drill;
export function publicDrill(drill?: StoredDrill): Drill | undefined;
export function publicDrill(drill?: StoredDrill): Drill | undefined {
  if (!drill) return undefined;
  const { config: _c, controlPanelArn: _p, ...rest } = drill;
  return rest;
}

/** Overdue: no drill passed within `overdueAfterDays` (never passed counts too). */
export function isDrillOverdue(
  drills: EntityDrills | undefined,
  overdueAfterDays: number,
  now: number = Date.now(),
): boolean {
  const passed = drills?.lastPassedAt;
  return passed === undefined || now - passed > overdueAfterDays * DAY_MS;
}

/** The drills of one entity as the card shows them. */
export function drillStatus(
  drills: EntityDrills | undefined,
  overdueAfterDays: number,
  deniedReason?: string,
): DrillStatus {
  return {
    ...(drills?.running ? { running: publicDrill(drills.running) } : {}),
    ...(drills?.last ? { last: publicDrill(drills.last) } : {}),
    overdue: isDrillOverdue(drills, overdueAfterDays),
    overdueAfterDays,
    ...(deniedReason ? { deniedReason } : {}),
  };
}

/** The drills of one entity in a line of the org-wide page. */
export function serviceDrillSummary(
  drills: EntityDrills | undefined,
  overdueAfterDays: number,
): ServiceDrillSummary {
  const last = drills?.last;
  return {
    running: Boolean(drills?.running),
    ...(last?.completedAt ? { lastAt: last.completedAt } : {}),
    ...(last?.outcome ? { lastOutcome: last.outcome } : {}),
    ...(last?.rtoMet !== undefined ? { lastRtoMet: last.rtoMet } : {}),
    overdue: isDrillOverdue(drills, overdueAfterDays),
  };
}

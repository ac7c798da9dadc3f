import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { describeTimings } from '../../utils/drills';
import {
  describeChange,
  formatDuration,
  formatTimestamp,
} from '../../utils/format';

/** One completed change of the active region with measured times. */
export interface TimingPoint {
  operationId: string;
  /** When it was confirmed, epoch ms. */
  at: number;
  switchMs?: number;
  healthyMs?: number;
  rtoMet?: boolean;
  /** Part of a drill rather than a real failover or failback. */
  drill: boolean;
  /** What a hover says: when, what, how fast. */
  label: string;
}

/** The succeeded operations with timings, oldest first. */
export function timingPoints(operations: Operation[]): TimingPoint[] {
  return operations
    .filter(op => op.status === 'succeeded' && op.timings)
    .filter(
      op =>
        op.timings!.switchMs !== undefined ||
        op.timings!.healthyMs !== undefined,
    )
    .map(op => ({
      operationId: op.id,
      at: Date.parse(op.createdAt),
      switchMs: op.timings!.switchMs,
      healthyMs: op.timings!.healthyMs,
      rtoMet: op.timings!.rtoMet,
      drill: Boolean(op.drillId),
      label: `${formatTimestamp(op.createdAt)}, ${
        op.drillId ? 'drill: ' : ''
      }${describeChange(op)}: ${describeTimings(op.timings!)}`,
    }))
    .filter(p => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
}

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The chart in words, for its accessible description. */
export function chartSummary(
  points: TimingPoint[],
  rtoMinutes?: number,
): string {
  const drills = points.filter(p => p.drill).length;
  const switches = points
    .map(p => p.switchMs)
    .filter((ms): ms is number => ms !== undefined);
  const first = day(points[0].at);
  const last = day(points[points.length - 1].at);
  const span = first === last ? `on ${first}` : `from ${first} to ${last}`;
  const parts = [
    `${points.length} completed change${
      points.length === 1 ? '' : 's'
    } ${span}, ${drills} of them in drills.`,
  ];
  if (switches.length > 0) {
    parts.push(
      `Switch time from ${formatDuration(
        Math.min(...switches),
      )} to ${formatDuration(Math.max(...switches))}.`,
    );
  }
  if (rtoMinutes !== undefined) {
    const met = points.filter(p => p.rtoMet).length;
    parts.push(
      `${met} of ${points.length} switched within the ${rtoMinutes} min RTO.`,
    );
  }
  return parts.join(' ');
}

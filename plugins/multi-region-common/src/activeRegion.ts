import { MultiRegionConfig, RegionRole } from './parseMultiRegionAnnotations';

/** The two states ARC knows, spelled exactly as on the wire. @public */
export type RoutingControlState = 'On' | 'Off';

/** What we know of one routing control: its state, or why we could not read it. @public */
export type RoutingControlReading =
  | { state: RoutingControlState }
  | { state: 'Unknown'; reason: string };

/**
 * Which region Route 53 answers with, derived from BOTH routing controls with
 * failover-record semantics (never read off one switch).
 *
 * - `known`: both controls were read.
 * - `deduced`: one control was unreadable but the other alone decides the
 *   answer (primary On, or secondary Off, always means primary). The
 *   unreadable control is still reported.
 * - `unknown`: what could be read does not decide it; we do not guess.
 *
 * @public
 */
export type ActiveRegionResult =
  | {
      certainty: 'known' | 'deduced';
      activeRole: RegionRole;
      activeRegion: string;
      /** Why Route 53 answers with this region, in words. */
      explanation: string;
      /** Both controls Off: primary answered only because the secondary is unhealthy too. */
      degraded: boolean;
      unreadable: RegionRole[];
    }
  | {
      certainty: 'unknown';
      reason: string;
      unreadable: RegionRole[];
    };

/**
 * Derives the active region from the two routing-control readings.
 *
 * P On,  S Off: primary; P Off, S On: secondary; P On, S On: primary;
 * P Off, S Off: primary (Route 53 answers the primary when the secondary is
 * unhealthy, whatever the primary's health).
 *
 * @public
 */
export function deriveActiveRegion(
  regions: Pick<MultiRegionConfig, 'primary' | 'secondary'>,
  readings: Record<RegionRole, RoutingControlReading>,
): ActiveRegionResult {
  const p = readings.primary;
  const s = readings.secondary;
  const unreadable = (['primary', 'secondary'] as const).filter(
    role => readings[role].state === 'Unknown',
  );
  const primary = (
    certainty: 'known' | 'deduced',
    explanation: string,
    degraded = false,
  ) => ({
    certainty,
    activeRole: 'primary' as const,
    activeRegion: regions.primary.region,
    explanation,
    degraded,
    unreadable,
  });

  if (p.state !== 'Unknown' && s.state !== 'Unknown') {
    if (p.state === 'On') {
      return primary(
        'known',
        s.state === 'On'
          ? 'Both routing controls are On; Route 53 answers with the healthy primary.'
          : 'Primary routing control On, secondary Off.',
      );
    }
    if (s.state === 'On') {
      return {
        certainty: 'known',
        activeRole: 'secondary',
        activeRegion: regions.secondary.region,
        explanation:
          'Primary routing control Off, secondary On: traffic is failed over.',
        degraded: false,
        unreadable,
      };
    }
    return primary(
      'known',
      'Both routing controls are Off; Route 53 answers with the primary because the secondary is unhealthy too.',
      true,
    );
  }
  if (p.state === 'On') {
    return primary(
      'deduced',
      'Primary routing control is On, which alone makes Route 53 answer with the primary; the secondary could not be read.',
    );
  }
  if (s.state === 'Off') {
    return primary(
      'deduced',
      'Secondary routing control is Off, which alone makes Route 53 answer with the primary; the primary could not be read.',
      p.state === 'Off',
    );
  }
  const reasons = unreadable.map(
    role =>
      `${role} routing control unreadable (${
        (readings[role] as { reason: string }).reason
      })`,
  );
  return {
    certainty: 'unknown',
    reason: `${reasons.join(
      '; ',
    )}. The readable state does not decide which region Route 53 answers with.`,
    unreadable,
  };
}

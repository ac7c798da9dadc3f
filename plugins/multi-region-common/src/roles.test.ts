import { regions } from './__fixtures__/entities';
import { deriveActiveRegion } from './activeRegion';
import { nextTargetRole } from './failover';
import { FAILOVER_RECORD_OF, healthCheckIdOf, otherRole } from './roles';

const withSecondaryCheck = {
  ...regions,
  secondary: { ...regions.secondary, healthCheckId: 'hc-s-annotation' },
};

describe('otherRole', () => {
  it('pairs primary with secondary and back', () => {
    expect(otherRole('primary')).toBe('secondary');
    expect(otherRole('secondary')).toBe('primary');
    expect(FAILOVER_RECORD_OF[otherRole('primary')]).toBe('SECONDARY');
  });
});

describe('healthCheckIdOf', () => {
  const records = [
    { failover: 'PRIMARY' as const, healthCheckId: 'hc-p-record' },
    { failover: 'SECONDARY' as const, healthCheckId: 'hc-s-record' },
  ];
  it("prefers the annotation, else takes the region's failover record", () => {
    expect(healthCheckIdOf(withSecondaryCheck, 'secondary', records)).toBe(
      'hc-s-annotation',
    );
    expect(healthCheckIdOf(withSecondaryCheck, 'primary', records)).toBe(
      'hc-p-record',
    );
  });
  it('is undefined when neither names one', () => {
    expect(healthCheckIdOf(withSecondaryCheck, 'primary', [])).toBeUndefined();
  });
});

describe('nextTargetRole', () => {
  const active = (p: 'On' | 'Off', s: 'On' | 'Off') =>
    deriveActiveRegion(regions, {
      primary: { state: p },
      secondary: { state: s },
    });
  it.each([
    ['On', 'Off', 'secondary'],
    ['Off', 'On', 'primary'],
    ['On', 'On', 'secondary'],
    // both Off: Route 53 answers with the primary by fallback; turn it On first
    ['Off', 'Off', 'primary'],
  ] as const)('primary %s, secondary %s: %s', (p, s, expected) => {
    expect(nextTargetRole(active(p, s))).toBe(expected);
  });
  it('is undefined while the active region is unknown', () => {
    const unknown = deriveActiveRegion(regions, {
      primary: { state: 'Unknown', reason: 'timeout' },
      secondary: { state: 'On' },
    });
    expect(nextTargetRole(unknown)).toBeUndefined();
    expect(nextTargetRole(undefined)).toBeUndefined();
  });
});

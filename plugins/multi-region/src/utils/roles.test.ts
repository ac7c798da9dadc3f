import {
  bothOffStatus,
  deducedStatus,
  primaryActiveStatus,
  secondaryActiveStatus,
  unknownStatus,
} from '../__fixtures__/status';
import {
  activeRegionOf,
  activeRoleOf,
  isAwayFromPrimary,
  nextChange,
  regionOfRole,
} from './roles';

describe('nextChange', () => {
  it.each([
    [
      'primary active',
      'failover',
      'us-east-1',
      'us-west-2',
      primaryActiveStatus,
    ],
    [
      'secondary active',
      'failback',
      'us-west-2',
      'us-east-1',
      secondaryActiveStatus,
    ],
    ['deduced primary', 'failover', 'us-east-1', 'us-west-2', deducedStatus],
    // both controls Off: turn the primary On, from where it answers by fallback
    ['both Off', 'failback', 'us-east-1', 'us-east-1', bothOffStatus],
  ] as const)('%s: %s %s -> %s', (_, action, fromRegion, toRegion, status) => {
    expect(nextChange(status)).toEqual({ action, fromRegion, toRegion });
  });

  it('proposes nothing while the active region is unknown or not read', () => {
    expect(nextChange(unknownStatus)).toBeUndefined();
    const notRead = { ...primaryActiveStatus, active: undefined };
    expect(nextChange(notRead)).toBeUndefined();
    expect(nextChange(undefined)).toBeUndefined();
  });
});

describe('active role and region', () => {
  it('reads them only when the active region is known or deduced', () => {
    expect(activeRoleOf(secondaryActiveStatus)).toBe('secondary');
    expect(activeRegionOf(secondaryActiveStatus)).toBe('us-west-2');
    expect(isAwayFromPrimary(secondaryActiveStatus)).toBe(true);
    expect(isAwayFromPrimary(deducedStatus)).toBe(false);
    expect(activeRoleOf(unknownStatus)).toBeUndefined();
    expect(activeRegionOf(unknownStatus)).toBeUndefined();
    expect(isAwayFromPrimary(unknownStatus)).toBe(false);
  });

  it('names the region of each role', () => {
    expect(regionOfRole(primaryActiveStatus, 'primary')).toBe('us-east-1');
    expect(regionOfRole(primaryActiveStatus, 'secondary')).toBe('us-west-2');
  });
});

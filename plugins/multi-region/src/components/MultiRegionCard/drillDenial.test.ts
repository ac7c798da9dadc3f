import { soakingDrill, statusWithDrills } from '../../__fixtures__/drills';
import {
  deployingStatus,
  operation,
  primaryActiveStatus,
  secondaryActiveStatus,
  unknownStatus,
} from '../../__fixtures__/status';
import { drillDenial } from './drillDenial';

const allowed = { allowed: true, loading: false };

describe('drillDenial', () => {
  it('allows a drill of a service on its primary', () => {
    expect(drillDenial(statusWithDrills(), allowed)).toBeUndefined();
  });

  it('gives the server’s reason first, then the permission’s', () => {
    expect(
      drillDenial(
        statusWithDrills({ deniedReason: 'Read-only mode.' }),
        allowed,
      ),
    ).toBe('Read-only mode.');
    expect(
      drillDenial(statusWithDrills(), {
        allowed: false,
        loading: false,
        reason: 'You need multi-region.failover.execute.',
      }),
    ).toBe('You need multi-region.failover.execute.');
    // still asking the permission framework: disabled, but nothing to say yet
    expect(
      drillDenial(statusWithDrills(), { allowed: false, loading: true }),
    ).toBeUndefined();
  });

  it('refuses while a drill or a change is under way, or ARC deploys', () => {
    expect(
      drillDenial(statusWithDrills({ running: soakingDrill() }), allowed),
    ).toBe('A drill is under way: follow it or stop it above.');
    expect(
      drillDenial(
        statusWithDrills(
          {},
          {
            ...primaryActiveStatus,
            pendingOperation: operation({ status: 'in-progress' }),
          },
        ),
        allowed,
      ),
    ).toBe('A change of the active region is under way.');
    expect(drillDenial(statusWithDrills({}, deployingStatus), allowed)).toBe(
      'ARC is still deploying this service.',
    );
  });

  it('says drills start from the primary when it runs elsewhere or nobody knows where', () => {
    expect(
      drillDenial(statusWithDrills({}, secondaryActiveStatus), allowed),
    ).toBe('Drills start from the primary region; it runs in us-west-2 now.');
    expect(drillDenial(statusWithDrills({}, unknownStatus), allowed)).toBe(
      'Drills start from the primary region; where it runs now is unknown.',
    );
  });
});

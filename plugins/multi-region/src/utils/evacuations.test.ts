import {
  evacuation,
  evacuationPartlyFailed,
} from '../__fixtures__/evacuations';
import {
  describeCounts,
  describeSelection,
  entityNameOf,
  evacuationStatusLabel,
  isEvacuationFinal,
  narrowingSelection,
} from './evacuations';

describe('evacuation helpers', () => {
  it('follows an evacuation until it is completed', () => {
    expect(isEvacuationFinal(evacuation())).toBe(false);
    expect(isEvacuationFinal(evacuationPartlyFailed())).toBe(true);
    expect(evacuationStatusLabel(evacuation())).toBe('running');
    expect(evacuationStatusLabel(evacuationPartlyFailed())).toBe(
      'partly failed',
    );
  });

  it('counts only the states that have services, in order', () => {
    expect(
      describeCounts({
        waiting: 1,
        moving: 0,
        moved: 2,
        failed: 0,
        skipped: 3,
      }),
    ).toBe('1 waiting, 2 moved, 3 skipped');
    expect(
      describeCounts({
        waiting: 0,
        moving: 0,
        moved: 0,
        failed: 0,
        skipped: 0,
      }),
    ).toBe('no services');
  });

  it('keeps a selection only when it narrows, and says it in short refs', () => {
    expect(narrowingSelection({})).toBeUndefined();
    expect(
      narrowingSelection({ owner: '', system: undefined }),
    ).toBeUndefined();
    expect(narrowingSelection({ system: 'system:default/storefront' })).toEqual(
      { system: 'system:default/storefront' },
    );
    expect(
      describeSelection({
        owner: 'group:default/team-orders',
        system: 'system:default/storefront',
      }),
    ).toBe('owner team-orders, system storefront');
    expect(describeSelection({})).toBe('');
  });

  it('names a service by its entity name', () => {
    expect(entityNameOf('component:default/orders')).toBe('orders');
    expect(entityNameOf('component:other/orders')).toBe('orders');
  });
});

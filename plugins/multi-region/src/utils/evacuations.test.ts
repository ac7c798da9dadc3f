import {
  evacuation,
  evacuationPartlyFailed,
} from '../__fixtures__/evacuations';
import {
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

import { exampleServices, searchSummary } from '../../__fixtures__/services';
import {
  evacuationScopeOptions,
  isPlanOf,
  offeredScope,
  planRequestOf,
} from './evacuationScope';

describe('evacuationScopeOptions', () => {
  it('offers the regions services are active in, and every owner and system seen', () => {
    expect(evacuationScopeOptions([...exampleServices, searchSummary])).toEqual(
      {
        // payments' active region is unknown: its regions are not offered for it
        regions: ['us-east-1', 'us-west-2'],
        owners: [
          'group:default/team-edge',
          'group:default/team-orders',
          'group:default/team-payments',
        ],
        systems: ['system:default/payments', 'system:default/storefront'],
      },
    );
  });
});

describe('offeredScope', () => {
  it('keeps only what the selects offer', () => {
    const options = evacuationScopeOptions(exampleServices);
    expect(
      offeredScope(
        { region: 'eu-west-1', owner: 'group:default/team-orders' },
        options,
      ),
    ).toEqual({ owner: 'group:default/team-orders' });
  });
});

describe('planRequestOf and isPlanOf', () => {
  it('asks for nothing until a region is chosen', () => {
    expect(planRequestOf({ owner: 'group:default/team-orders' })).toBe(
      undefined,
    );
  });

  it('sends a selection only when it narrows, and knows when a plan is out of date', () => {
    const everything = planRequestOf({ region: 'us-east-1' })!;
    expect(everything).toEqual({ region: 'us-east-1' });
    const owned = planRequestOf({
      region: 'us-east-1',
      owner: 'group:default/team-orders',
    })!;
    expect(owned).toEqual({
      region: 'us-east-1',
      selection: { owner: 'group:default/team-orders' },
    });
    expect(isPlanOf(everything, { region: 'us-east-1' })).toBe(true);
    expect(isPlanOf(everything, { region: 'us-west-2' })).toBe(false);
    expect(
      isPlanOf(owned, {
        region: 'us-east-1',
        owner: 'group:default/team-orders',
      }),
    ).toBe(true);
    expect(
      isPlanOf(owned, {
        region: 'us-east-1',
        owner: 'group:default/team-orders',
        system: 'system:default/storefront',
      }),
    ).toBe(false);
  });
});

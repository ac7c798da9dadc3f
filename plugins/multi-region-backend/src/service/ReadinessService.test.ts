import { mockServices } from '@backstage/backend-test-utils';
import { MultiRegionConfig } from '@multi-region-failover/plugin-multi-region-common';
import { ReadinessService } from './ReadinessService';
import { RegionSnapshot } from './RegionSnapshots';

const ORDERS = 'component:default/orders';
const config = {
  primary: { role: 'primary', region: 'us-east-1' },
  secondary: { role: 'secondary', region: 'us-west-2' },
} as MultiRegionConfig;

/** The scheduled run's choice of what to evaluate, with every input faked. */
function serviceWith(snapshot: Partial<RegionSnapshot>, stored?: object) {
  const evaluateMany = jest.fn(async (inputs: Array<{ entityRef: string }>) => {
    return new Map(inputs.map(i => [i.entityRef, {} as any]));
  });
  const service = new ReadinessService({
    access: {} as any,
    entities: { list: async () => [{ entityRef: ORDERS, config }] } as any,
    snapshots: {
      build: async () =>
        new Map([
          [
            ORDERS,
            {
              active: {
                certainty: 'known',
                activeRole: 'primary',
                activeRegion: 'us-east-1',
              },
              ...snapshot,
            } as RegionSnapshot,
          ],
        ]),
    } as any,
    readiness: { evaluate: jest.fn(), evaluateMany },
    readinessStore: {
      getMany: async () => new Map(stored ? [[ORDERS, stored as any]] : []),
      putMany: jest.fn(),
      deleteEvaluatedBefore: jest.fn(),
    } as any,
    logger: mockServices.logger.mock(),
    now: () => Date.parse('2026-11-30T12:00:00Z'),
  });
  return { service, evaluateMany };
}

describe('ReadinessService.evaluateDue', () => {
  it('waits for the Route 53 refresher rather than judging "not read yet"', async () => {
    const { service, evaluateMany } = serviceWith({ route53Read: false });
    expect(await service.evaluateDue(300_000)).toEqual({ evaluated: 0 });
    expect(evaluateMany).not.toHaveBeenCalled();
  });

  it('evaluates a service without a report once Route 53 was read', async () => {
    const { service, evaluateMany } = serviceWith({ route53Read: true });
    expect(await service.evaluateDue(300_000)).toEqual({ evaluated: 1 });
    expect(evaluateMany.mock.calls[0][0]).toEqual([
      expect.objectContaining({ entityRef: ORDERS, targetRole: 'secondary' }),
    ]);
  });

  it.each([
    [
      'fresh and about the current target',
      '2026-11-30T11:59:00Z',
      'us-west-2',
      0,
    ],
    ['older than the interval', '2026-11-30T11:54:59Z', 'us-west-2', 1],
    [
      'about the region that is now active',
      '2026-11-30T11:59:00Z',
      'us-east-1',
      1,
    ],
  ])(
    'a stored report %s is evaluated again %i time(s)',
    async (_, at, target, n) => {
      const { service, evaluateMany } = serviceWith(
        { route53Read: true },
        { evaluatedAt: at, targetRegion: target },
      );
      await service.evaluateDue(300_000);
      expect(evaluateMany).toHaveBeenCalledTimes(n);
    },
  );
});

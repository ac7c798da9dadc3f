import { evacuationOrder } from './evacuationOrder';

const skip = { kind: 'not-permitted' as const, message: 'not yours' };

describe('evacuationOrder', () => {
  it('moves dependencies first, independent services in one wave', () => {
    const order = evacuationOrder(
      [
        { entityRef: 'c:external-api', dependsOn: ['c:orders', 'c:payments'] },
        { entityRef: 'c:orders', dependsOn: ['c:db'] },
        { entityRef: 'c:payments', dependsOn: [] },
        { entityRef: 'c:db', dependsOn: [] },
      ],
      new Map(),
    );
    expect(Object.fromEntries(order)).toEqual({
      'c:db': { after: [], orderNotes: [], wave: 0 },
      'c:payments': { after: [], orderNotes: [], wave: 0 },
      'c:orders': { after: ['c:db'], orderNotes: [], wave: 1 },
      'c:external-api': {
        after: ['c:orders', 'c:payments'],
        orderNotes: [],
        wave: 2,
      },
    });
  });

  it('does not wait for a skipped dependency, and says so; ignores ones outside the region', () => {
    const order = evacuationOrder(
      [{ entityRef: 'c:external-api', dependsOn: ['c:orders', 'c:elsewhere'] }],
      new Map([['c:orders', skip]]),
    );
    expect(order.get('c:external-api')).toEqual({
      after: [],
      orderNotes: [
        'c:orders is not moved (not-permitted), so it moves without waiting for it.',
      ],
      wave: 0,
    });
  });

  it('breaks a dependency cycle at its first service by name, and says so', () => {
    const order = evacuationOrder(
      [
        { entityRef: 'c:b', dependsOn: ['c:a'] },
        { entityRef: 'c:a', dependsOn: ['c:b', 'c:a'] },
        { entityRef: 'c:c', dependsOn: ['c:b'] },
      ],
      new Map(),
    );
    expect(order.get('c:a')).toEqual({
      after: [],
      orderNotes: [
        'It depends on c:b, which depends on it in turn (a dependency cycle): it moves without waiting for it.',
      ],
      wave: 0,
    });
    expect(order.get('c:b')).toMatchObject({ after: ['c:a'], wave: 1 });
    expect(order.get('c:c')).toMatchObject({ after: ['c:b'], wave: 2 });
  });
});

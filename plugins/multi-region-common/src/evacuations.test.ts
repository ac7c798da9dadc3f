import {
  describeEvacuationCounts,
  evacuationCounts,
  isEvacuationItemFinal,
} from './evacuations';

describe('evacuation counts', () => {
  it('counts every state, none missing', () => {
    expect(
      evacuationCounts([
        { state: 'moved' },
        { state: 'moved' },
        { state: 'skipped' },
      ]),
    ).toEqual({ waiting: 0, moving: 0, moved: 2, failed: 0, skipped: 1 });
    expect(isEvacuationItemFinal({ state: 'moving' })).toBe(false);
    expect(isEvacuationItemFinal({ state: 'failed' })).toBe(true);
  });

  it('counts only the states that have services, in order', () => {
    expect(
      describeEvacuationCounts({
        waiting: 1,
        moving: 0,
        moved: 2,
        failed: 0,
        skipped: 3,
      }),
    ).toBe('1 waiting, 2 moved, 3 skipped');
    expect(
      describeEvacuationCounts({
        waiting: 0,
        moving: 0,
        moved: 0,
        failed: 0,
        skipped: 0,
      }),
    ).toBe('no services');
  });
});

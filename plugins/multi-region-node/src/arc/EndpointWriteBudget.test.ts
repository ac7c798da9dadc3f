import {
  ARC_WRITES_PER_SECOND,
  EndpointWriteBudget,
} from './EndpointWriteBudget';

describe('EndpointWriteBudget (injected clock)', () => {
  let now: number;
  let budget: EndpointWriteBudget;
  beforeEach(() => {
    now = 1_000_000;
    budget = new EndpointWriteBudget(ARC_WRITES_PER_SECOND, () => now);
  });

  it("admits ARC's 3 writes per endpoint, then says when the next slot frees", () => {
    expect(ARC_WRITES_PER_SECOND).toBe(3);
    expect(budget.take('a')).toBe(0);
    now += 100;
    expect(budget.take('a')).toBe(0);
    now += 100;
    expect(budget.take('a')).toBe(0);
    // the first write leaves the 1,250 ms window at 1,000,000 + 1,250
    expect(budget.take('a')).toBe(1050);
    expect(budget.take('a')).toBe(1050);
    // another endpoint has its own budget
    expect(budget.take('b')).toBe(0);
  });

  it('counts in a rolling window a quarter longer than a second', () => {
    for (let i = 0; i < 3; i++) expect(budget.take('a')).toBe(0);
    // one second later ARC would take a write; a late arrival could still
    // make four in its second, so the budget waits the margin too
    now += 1000;
    expect(budget.take('a')).toBe(250);
    now += 249;
    expect(budget.take('a')).toBe(1);
    now += 1;
    expect(budget.take('a')).toBe(0);
    expect(budget.take('a')).toBe(0);
    expect(budget.take('a')).toBe(0);
    expect(budget.take('a')).toBe(1250);
  });

  it('a refused take costs nothing', () => {
    for (let i = 0; i < 3; i++) budget.take('a');
    for (let i = 0; i < 10; i++) budget.take('a');
    now += 1250;
    expect(budget.take('a')).toBe(0);
  });
});

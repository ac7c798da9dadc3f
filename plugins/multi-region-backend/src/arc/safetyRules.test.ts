import { ArcSafetyRule } from '@multi-region-failover/plugin-multi-region-node';
import { evaluateRuleConfig, findBlockingRules } from './safetyRules';

const P = 'arn:p';
const S = 'arn:s';
const GATE = 'arn:gate';
const names: Record<string, string> = {
  [P]: 'orders-primary-rc',
  [S]: 'orders-secondary-rc',
  [GATE]: 'change-window',
};
const nameOf = (arn: string) => names[arn] ?? arn;

const atLeastOneOn: ArcSafetyRule = {
  arn: 'arn:rule/assert',
  name: 'orders-at-least-one-on',
  type: 'assertion',
  assertedControls: [P, S],
  config: { type: 'ATLEAST', threshold: 1, inverted: false },
};
const changeWindow: ArcSafetyRule = {
  arn: 'arn:rule/gate',
  name: 'change-window-open',
  type: 'gating',
  gatingControls: [GATE],
  targetControls: [P, S],
  config: { type: 'OR', threshold: 0, inverted: false },
};
const failover = [
  { arn: S, state: 'On' as const },
  { arn: P, state: 'Off' as const },
];
const bothOff = [
  { arn: S, state: 'Off' as const },
  { arn: P, state: 'Off' as const },
];
const states = (entries: Array<[string, 'On' | 'Off']>) => new Map(entries);

describe('evaluateRuleConfig: ARC rule semantics', () => {
  it.each([
    [
      'ATLEAST 1',
      { type: 'ATLEAST', threshold: 1, inverted: false },
      ['On', 'Off'],
      true,
    ],
    [
      'ATLEAST 2',
      { type: 'ATLEAST', threshold: 2, inverted: false },
      ['On', 'Off'],
      false,
    ],
    ['AND', { type: 'AND', threshold: 0, inverted: false }, ['On', 'On'], true],
    [
      'AND with one Off',
      { type: 'AND', threshold: 0, inverted: false },
      ['On', 'Off'],
      false,
    ],
    ['OR', { type: 'OR', threshold: 0, inverted: false }, ['Off', 'On'], true],
    [
      'OR all Off',
      { type: 'OR', threshold: 0, inverted: false },
      ['Off', 'Off'],
      false,
    ],
    [
      'inverted OR all Off',
      { type: 'OR', threshold: 0, inverted: true },
      ['Off', 'Off'],
      true,
    ],
    [
      'an unknown state counts as not On',
      { type: 'ATLEAST', threshold: 1, inverted: false },
      [undefined, 'Off'],
      false,
    ],
  ] as const)('%s', (_, config, given, holds) => {
    expect(evaluateRuleConfig(config, [...given])).toBe(holds);
  });
});

describe('findBlockingRules', () => {
  it('lets a failover through an "at least one On" assertion', () => {
    const current = states([
      [P, 'On'],
      [S, 'Off'],
    ]);
    expect(findBlockingRules([atLeastOneOn], current, failover)).toEqual([]);
  });

  it('refuses a change that would leave both Off, evaluated on the states AFTER it, naming the controls', () => {
    const current = states([
      [P, 'On'],
      [S, 'Off'],
    ]);
    const blocking = findBlockingRules(
      [atLeastOneOn],
      current,
      bothOff,
      nameOf,
    );
    expect(blocking).toEqual([
      {
        rule: atLeastOneOn,
        description:
          'Assertion rule "orders-at-least-one-on" requires at least 1 On of orders-primary-rc, orders-secondary-rc after the change; the change would leave 0 On.',
      },
    ]);
  });

  it('ignores an assertion over controls the change does not touch', () => {
    const other = { ...atLeastOneOn, assertedControls: ['arn:x', 'arn:y'] };
    expect(findBlockingRules([other], states([]), bothOff)).toEqual([]);
  });

  it('evaluates a gating rule on the CURRENT state of its gating controls', () => {
    const closed = states([
      [P, 'On'],
      [S, 'Off'],
      [GATE, 'Off'],
    ]);
    const open = states([
      [P, 'On'],
      [S, 'Off'],
      [GATE, 'On'],
    ]);
    expect(findBlockingRules([changeWindow], open, failover)).toEqual([]);
    expect(findBlockingRules([changeWindow], closed, failover, nameOf)).toEqual(
      [
        {
          rule: changeWindow,
          description:
            'Gating rule "change-window-open" allows changes to orders-primary-rc, orders-secondary-rc only while at least one On of change-window; it does not hold now.',
        },
      ],
    );
    // a change that flips the gate itself is still judged on the gate as it is
    expect(
      findBlockingRules([changeWindow], closed, [
        ...failover,
        { arn: GATE, state: 'On' },
      ]),
    ).toHaveLength(1);
  });

  it('reports every rule that refuses, where ARC reports only the first', () => {
    const current = states([
      [P, 'On'],
      [S, 'Off'],
      [GATE, 'Off'],
    ]);
    const blocking = findBlockingRules(
      [atLeastOneOn, changeWindow],
      current,
      bothOff,
    );
    expect(blocking.map(b => b.rule.name)).toEqual([
      'orders-at-least-one-on',
      'change-window-open',
    ]);
  });
});

import {
  controlsAlreadyAt,
  desiredStatesFor,
  sanitiseForAudit,
  validateFailoverReason,
  actionForTarget,
} from './failover';
import { regions } from './__fixtures__/entities';

describe('desiredStatesFor', () => {
  it('fails over: secondary On and primary Off', () => {
    expect(
      desiredStatesFor(regions, 'secondary').map(e => [
        e.routingControlArn,
        e.state,
      ]),
    ).toEqual([
      ['arn-s', 'On'],
      ['arn-p', 'Off'],
    ]);
    expect(actionForTarget('secondary')).toBe('failover');
  });
  it('fails back: primary On and secondary Off', () => {
    expect(
      desiredStatesFor(regions, 'primary').map(e => [
        e.routingControlArn,
        e.state,
      ]),
    ).toEqual([
      ['arn-p', 'On'],
      ['arn-s', 'Off'],
    ]);
    expect(actionForTarget('primary')).toBe('failback');
  });
});

describe('controlsAlreadyAt', () => {
  it.each([
    ['On', 'Off', 'primary', true],
    ['On', 'Off', 'secondary', false],
    ['Off', 'On', 'secondary', true],
    ['Off', 'On', 'primary', false],
    // both Off / both On: a region is active by fallback, setting it is a change
    ['Off', 'Off', 'primary', false],
    ['On', 'On', 'primary', false],
    ['On', 'Unknown', 'primary', false],
  ] as const)(
    'P %s, S %s, target %s -> %s',
    (primary, secondary, target, expected) => {
      expect(controlsAlreadyAt({ primary, secondary }, target)).toBe(expected);
    },
  );
});

describe('validateFailoverReason', () => {
  it.each([
    [undefined, /required/],
    [42, /required/],
    ['  ', /at least 3/],
    ['x'.repeat(501), /at most 500/],
    ['bad\u0007bell', /control characters/],
    ['C1 control \u0085 inside', /control characters/],
    ['DEL \u007f inside', /control characters/],
    ['looks like INC-42 \u202egnitset', /invisible formatting/],
    ['isolate \u2066text\u2069 here', /invisible formatting/],
    ['arabic mark \u061c here', /invisible formatting/],
    ['zero\u200bwidth space', /invisible formatting/],
    ['byte order \ufeff mark', /invisible formatting/],
    ['lone \ud800 surrogate', /unpaired UTF-16 surrogate/],
  ])('rejects %p', (reason, message) => {
    expect(validateFailoverReason(reason)).toMatch(message);
  });
  it('accepts a plain reason with line breaks', () => {
    expect(
      validateFailoverReason('us-east-1 degraded\nsee INC-42'),
    ).toBeUndefined();
  });
  it.each([
    ['Windows line breaks', 'us-east-1 degraded\r\nsee INC-42'],
    ['a tab', 'step\t2 of the runbook'],
    ['non-Latin text', 'Störung in Frankfurt – 障害 – عطل'],
    ['an emoji with a zero-width joiner', 'paged on-call 👩\u200d💻 INC-7'],
    ['a paired surrogate', 'rocket 🚀 launch'],
  ])('accepts %s', (_, reason) => {
    expect(validateFailoverReason(reason)).toBeUndefined();
  });
});

describe('sanitiseForAudit', () => {
  it('keeps one event on one line and shows text as it will read', () => {
    expect(sanitiseForAudit('a\nb\r\nc\u2028d\u0085e\u0000f')).toBe(
      'a b  c d e f',
    );
    expect(sanitiseForAudit('pay\u202Emoc.live\u200b')).toBe('paymoc.live');
    expect(sanitiseForAudit('broken \ud800 surrogate')).toBe(
      'broken  surrogate',
    );
  });

  it('bounds the length by characters and says how much was cut', () => {
    expect(sanitiseForAudit('x'.repeat(2000), 10)).toBe(
      'xxxxxxxxxx... (1990 more characters)',
    );
    // an emoji is one character: never cut in half
    expect(sanitiseForAudit('\u{1F600}'.repeat(3), 2)).toBe(
      '\u{1F600}\u{1F600}... (1 more characters)',
    );
  });

  it('turns anything into text', () => {
    expect(sanitiseForAudit(undefined)).toBe('');
    expect(sanitiseForAudit(42)).toBe('42');
  });
});

import { changeVerb, describeChange, formatActor } from './format';

describe('describeChange', () => {
  it.each([
    ['failover', 'us-east-1', 'us-west-2', 'Fail over us-east-1 → us-west-2'],
    ['failback', 'us-west-2', 'us-east-1', 'Fail back us-west-2 → us-east-1'],
    // both controls were Off: the change only set the primary's control On
    ['failback', 'us-east-1', 'us-east-1', 'Set routing to us-east-1'],
  ] as const)('%s %s -> %s: %s', (action, fromRegion, toRegion, text) => {
    expect(describeChange({ action, fromRegion, toRegion })).toBe(text);
  });

  it('uses the same verb for the confirm button', () => {
    expect(
      changeVerb({
        action: 'failback',
        fromRegion: 'eu-west-1',
        toRegion: 'eu-west-1',
      }),
    ).toBe('Set routing');
    expect(
      changeVerb({
        action: 'failover',
        fromRegion: 'eu-west-1',
        toRegion: 'eu-central-1',
      }),
    ).toBe('Fail over');
  });
});

describe('formatActor', () => {
  it('shows the user name, and external changes in words', () => {
    expect(formatActor('user:default/alice')).toBe('alice');
    expect(formatActor('external')).toBe('outside the portal');
  });
});

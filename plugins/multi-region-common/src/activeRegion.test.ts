import { deriveActiveRegion, RoutingControlReading } from './activeRegion';

const regions = {
  primary: {
    role: 'primary' as const,
    region: 'us-east-1',
    routingControlArn: 'p',
  },
  secondary: {
    role: 'secondary' as const,
    region: 'us-west-2',
    routingControlArn: 's',
  },
};
const on: RoutingControlReading = { state: 'On' };
const off: RoutingControlReading = { state: 'Off' };
const unreadable: RoutingControlReading = {
  state: 'Unknown',
  reason: 'all 5 endpoints timed out',
};

describe('deriveActiveRegion (Route 53 failover semantics)', () => {
  it.each([
    ['P On,  S Off', on, off, 'us-east-1', false],
    ['P Off, S On ', off, on, 'us-west-2', false],
    ['P On,  S On ', on, on, 'us-east-1', false],
    ['P Off, S Off', off, off, 'us-east-1', true],
  ])('%s -> %s', (_label, primary, secondary, region, degraded) => {
    const result = deriveActiveRegion(regions, { primary, secondary });
    expect(result).toMatchObject({
      certainty: 'known',
      activeRegion: region,
      degraded,
      unreadable: [],
    });
  });

  it('deduces primary when the primary is On and the secondary is unreadable, and says so', () => {
    const result = deriveActiveRegion(regions, {
      primary: on,
      secondary: unreadable,
    });
    expect(result).toMatchObject({
      certainty: 'deduced',
      activeRegion: 'us-east-1',
      unreadable: ['secondary'],
    });
  });

  it('deduces primary when the secondary is Off and the primary is unreadable', () => {
    const result = deriveActiveRegion(regions, {
      primary: unreadable,
      secondary: off,
    });
    expect(result).toMatchObject({
      certainty: 'deduced',
      activeRole: 'primary',
      unreadable: ['primary'],
    });
  });

  it.each([
    ['P unreadable, S On', unreadable, on, ['primary']],
    ['P Off, S unreadable', off, unreadable, ['secondary']],
    ['both unreadable', unreadable, unreadable, ['primary', 'secondary']],
  ])(
    '%s -> unknown with the reason, never a guess',
    (_label, primary, secondary, roles) => {
      const result = deriveActiveRegion(regions, { primary, secondary });
      expect(result).toMatchObject({
        certainty: 'unknown',
        unreadable: roles,
        reason: expect.stringContaining('all 5 endpoints timed out'),
      });
      expect(result).not.toHaveProperty('activeRegion');
    },
  );
});

import {
  readinessHeadline,
  ReadinessCheck,
  summariseReadiness,
  unacknowledgedFailures,
} from './readiness';

const check = (
  id: ReadinessCheck['id'],
  verdict: ReadinessCheck['verdict'],
): ReadinessCheck => ({ id, title: id, verdict, reason: `${id} ${verdict}` });

const AT = '2026-11-30T10:00:00.000Z';

describe('summariseReadiness', () => {
  it('counts each verdict and takes the worst', () => {
    expect(
      summariseReadiness(
        [
          check('target-health', 'pass'),
          check('alarms', 'warn'),
          check('dns-records', 'fail'),
        ],
        'us-west-2',
        AT,
      ),
    ).toEqual({
      verdict: 'fail',
      passed: 1,
      warned: 1,
      failed: 1,
      total: 3,
      targetRegion: 'us-west-2',
      evaluatedAt: AT,
    });
    expect(
      summariseReadiness([check('alarms', 'warn')], 'us-west-2', AT).verdict,
    ).toBe('warn');
    expect(
      summariseReadiness([check('alarms', 'pass')], 'us-west-2', AT).verdict,
    ).toBe('pass');
  });
});

describe('readinessHeadline', () => {
  const summary = (checks: ReadinessCheck[]) =>
    summariseReadiness(checks, 'us-west-2', AT);

  it('says ready with the count of passing checks', () => {
    const six = Array.from({ length: 6 }, () => check('alarms', 'pass'));
    expect(readinessHeadline(summary(six))).toBe(
      'Ready to fail over to us-west-2: 6 of 6 checks pass',
    );
  });

  it('counts warnings without calling the service not ready', () => {
    expect(
      readinessHeadline(
        summary([check('alarms', 'pass'), check('record-ttl', 'warn')]),
        'failback',
      ),
    ).toBe('Ready to fail back to us-west-2: 1 of 2 checks pass, 1 warning');
  });

  it('says not ready with the count of failing checks', () => {
    expect(
      readinessHeadline(
        summary([check('alarms', 'fail'), check('record-ttl', 'pass')]),
      ),
    ).toBe('Not ready to fail over to us-west-2: 1 of 2 checks fail');
  });
});

describe('unacknowledgedFailures', () => {
  it('lists failing checks not acknowledged, never warnings', () => {
    const checks = [
      check('alarms', 'fail'),
      check('dns-records', 'fail'),
      check('record-ttl', 'warn'),
    ];
    expect(unacknowledgedFailures(checks, ['alarms']).map(c => c.id)).toEqual([
      'dns-records',
    ]);
    expect(unacknowledgedFailures(checks).map(c => c.id)).toEqual([
      'alarms',
      'dns-records',
    ]);
    expect(unacknowledgedFailures(checks, ['alarms', 'dns-records'])).toEqual(
      [],
    );
  });
});

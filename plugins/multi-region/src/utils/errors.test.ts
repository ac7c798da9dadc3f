import { responseError } from '../__testUtils__/FakeMultiRegionApi';
import {
  failingAlarm,
  readinessReport,
  withChecks,
} from '../__fixtures__/status';
import { drillRefusalOf, refusalOf, refusedReadiness } from './errors';

describe('refusalOf / refusedReadiness', () => {
  it('reads a readiness refusal and the fresh report it carries', async () => {
    const readiness = readinessReport({ checks: withChecks(failingAlarm) });
    const error = await responseError(409, 'ConflictError', 'Not ready', {
      refusal: 'readiness',
      readiness,
    });
    expect(refusalOf(error)).toBe('readiness');
    expect(refusedReadiness(error)).toEqual(readiness);
  });

  it('keeps the other refusals, and ignores what it does not know', async () => {
    const refused = (extra: Record<string, unknown>, status = 409) =>
      responseError(status, 'ConflictError', 'No', extra);
    expect(refusalOf(await refused({ refusal: 'wait-period' }))).toBe(
      'wait-period',
    );
    expect(refusalOf(await refused({ refusal: 'deploying' }))).toBe(
      'deploying',
    );
    expect(refusalOf(await refused({}))).toBeUndefined();
    expect(refusalOf(await refused({ refusal: 'other' }))).toBeUndefined();
    expect(
      refusalOf(await refused({ refusal: 'readiness' }, 403)),
    ).toBeUndefined();
    expect(refusalOf(new Error('readiness'))).toBeUndefined();
    // a readiness refusal without a usable report: the checklist stays the plan's
    expect(
      refusedReadiness(await refused({ refusal: 'readiness' })),
    ).toBeUndefined();
    expect(
      refusedReadiness(
        await refused({ refusal: 'readiness', readiness: { checks: 'x' } }),
      ),
    ).toBeUndefined();
    expect(
      refusedReadiness(
        await refused({
          refusal: 'wait-period',
          readiness: readinessReport(),
        }),
      ),
    ).toBeUndefined();
  });
});

describe('drillRefusalOf', () => {
  const refused = (extra: Record<string, unknown>, status = 409) =>
    responseError(status, 'ConflictError', 'No', extra);

  it.each([
    'drill-not-on-primary',
    'drill-running',
    'drill-window',
    'drill-blocking-alarm',
    'readiness',
  ])('reads the refusal %s of a 409', async refusal => {
    expect(drillRefusalOf(await refused({ refusal }))).toBe(refusal);
  });

  it('ignores ordinary conflicts, other refusals and other statuses', async () => {
    expect(drillRefusalOf(await refused({}))).toBeUndefined();
    expect(
      drillRefusalOf(await refused({ refusal: 'wait-period' })),
    ).toBeUndefined();
    expect(
      drillRefusalOf(await refused({ refusal: 'drill-window' }, 403)),
    ).toBeUndefined();
    expect(drillRefusalOf(new Error('drill-window'))).toBeUndefined();
  });

  it('keeps the readiness report of a drill refused for readiness', async () => {
    const readiness = readinessReport({ checks: withChecks(failingAlarm) });
    const error = await refused({ refusal: 'readiness', readiness });
    expect(refusedReadiness(error)).toEqual(readiness);
  });
});

import { responseError } from '../__testUtils__/FakeMultiRegionApi';
import {
  failingAlarm,
  readinessReport,
  withChecks,
} from '../__fixtures__/status';
import { refusalOf, refusedReadiness } from './errors';

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

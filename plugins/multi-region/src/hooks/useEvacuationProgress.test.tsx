import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import {
  evacuation,
  evacuationPartlyFailed,
} from '../__fixtures__/evacuations';
import { FakeMultiRegionApi } from '../__testUtils__/FakeMultiRegionApi';
import { steppedAnswers } from '../__testUtils__/steppedAnswers';
import { useEvacuationProgress } from './useEvacuationProgress';

describe('useEvacuationProgress', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  // Timers are faked: each interval is passed by the test, not waited for.
  it('reads the evacuation every interval while it runs, and no more once it is completed', async () => {
    const states = steppedAnswers(evacuation(), evacuationPartlyFailed());
    const api = new FakeMultiRegionApi({ evacuation: states.answer });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[multiRegionApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const started = evacuation();
    const { result } = renderHook(() => useEvacuationProgress(started, 1000), {
      wrapper,
    });
    const reads = () => api.callsOf('getEvacuation').length;
    expect(result.current.evacuation).toBe(started);
    expect(reads()).toBe(0);

    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(reads()).toBe(1);
    expect(api.callsOf('getEvacuation')[0]).toEqual(['evac-1']);
    expect(result.current.evacuation?.state).toBe('running');

    states.next();
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(reads()).toBe(2);
    expect(result.current.evacuation?.state).toBe('completed');

    await act(() => jest.advanceTimersByTimeAsync(60_000));
    expect(reads()).toBe(2);
  });

  it('does not poll an evacuation that is already completed', async () => {
    const api = new FakeMultiRegionApi({
      evacuation: evacuationPartlyFailed(),
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[multiRegionApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const completed = evacuationPartlyFailed();
    const { result } = renderHook(
      () => useEvacuationProgress(completed, 1000),
      { wrapper },
    );
    await act(() => jest.advanceTimersByTimeAsync(60_000));
    expect(api.callsOf('getEvacuation')).toEqual([]);
    expect(result.current.evacuation).toBe(completed);
  });
});

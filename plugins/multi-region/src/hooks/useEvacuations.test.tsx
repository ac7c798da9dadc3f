import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import {
  evacuation,
  evacuationPartlyFailed,
} from '../__fixtures__/evacuations';
import { FakeMultiRegionApi } from '../__testUtils__/FakeMultiRegionApi';
import { FakeSignalApi } from '../__testUtils__/FakeSignalApi';
import { SAFETY_POLL_MS } from './liveUpdates';
import { useEvacuations } from './useEvacuations';

/** Lets pending promises (a read's answer) settle without passing time. */
const settle = () => act(() => jest.advanceTimersByTimeAsync(0));

describe('useEvacuations', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('with signals, once they arrive, reads the list again on each evacuation signal, not every interval', async () => {
    const api = new FakeMultiRegionApi({
      evacuations: { items: [evacuation()] },
    });
    const signals = new FakeSignalApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [multiRegionApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () => useEvacuations({ limit: 10, refreshWhileRunningMs: 1000 }),
      { wrapper },
    );
    const reads = () => api.callsOf('listEvacuations').length;
    await settle();
    expect(result.current.live).toBe(false);
    expect(reads()).toBe(1);
    // no signal yet: it polls while one runs
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(reads()).toBe(2);

    // the first signal, whatever it is about, shows they arrive: read once
    act(() => signals.changed('operation', 'op-1'));
    await settle();
    expect(result.current.live).toBe(true);
    expect(reads()).toBe(3);

    // one runs, yet the interval passes without a read
    await act(() => jest.advanceTimersByTimeAsync(SAFETY_POLL_MS - 1));
    expect(reads()).toBe(3);

    // operations and drills do not change the list
    act(() => signals.changed('operation', 'op-1'));
    act(() => signals.changed('drill', 'drill-1'));
    await settle();
    expect(reads()).toBe(3);

    // any evacuation does (one started elsewhere too)
    api.evacuations = { items: [evacuationPartlyFailed()] };
    act(() => signals.changed('evacuation', 'evac-2'));
    await settle();
    expect(reads()).toBe(4);
    expect(result.current.evacuations?.[0].state).toBe('completed');
  });

  it('with signals, a signal during a read makes one more read after it', async () => {
    const answers: Array<(value: { items: Evacuation[] }) => void> = [];
    const api = new FakeMultiRegionApi({
      evacuations: () => new Promise(resolve => answers.push(resolve)),
    });
    const signals = new FakeSignalApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [multiRegionApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    renderHook(() => useEvacuations({ refreshWhileRunningMs: 1000 }), {
      wrapper,
    });
    await settle();
    expect(answers).toHaveLength(1);
    act(() => {
      signals.changed('evacuation', 'evac-1');
      signals.changed('evacuation', 'evac-1');
    });
    await settle();
    expect(answers).toHaveLength(1);

    await act(async () => answers[0]({ items: [evacuation()] }));
    await settle();
    expect(answers).toHaveLength(2);
    await act(async () => answers[1]({ items: [evacuation()] }));
    await settle();
    expect(answers).toHaveLength(2);
  });

  it('with signals, reads again every safety interval while one runs', async () => {
    const api = new FakeMultiRegionApi({
      evacuations: { items: [evacuation()] },
    });
    const signals = new FakeSignalApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [multiRegionApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    renderHook(() => useEvacuations({ refreshWhileRunningMs: 1000 }), {
      wrapper,
    });
    await settle();
    act(() => signals.changed('evacuation', 'evac-1'));
    await settle();
    expect(api.callsOf('listEvacuations')).toHaveLength(2);
    await act(() => jest.advanceTimersByTimeAsync(SAFETY_POLL_MS - 1));
    expect(api.callsOf('listEvacuations')).toHaveLength(2);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(api.callsOf('listEvacuations')).toHaveLength(3);
  });

  it('without signals, reads again every interval while one runs, and no more once none does', async () => {
    const api = new FakeMultiRegionApi({
      evacuations: { items: [evacuation()] },
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[multiRegionApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () => useEvacuations({ refreshWhileRunningMs: 1000 }),
      { wrapper },
    );
    const reads = () => api.callsOf('listEvacuations').length;
    await settle();
    expect(result.current.live).toBe(false);
    expect(reads()).toBe(1);
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(reads()).toBe(2);

    api.evacuations = { items: [evacuationPartlyFailed()] };
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(reads()).toBe(3);
    await act(() => jest.advanceTimersByTimeAsync(SAFETY_POLL_MS - 1));
    expect(reads()).toBe(3);
  });
});

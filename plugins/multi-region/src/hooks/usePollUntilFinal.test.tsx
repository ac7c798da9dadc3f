import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { operation, steps } from '../__fixtures__/status';
import { FakeMultiRegionApi } from '../__testUtils__/FakeMultiRegionApi';
import { FakeSignalApi } from '../__testUtils__/FakeSignalApi';
import { SAFETY_POLL_MS } from './liveUpdates';
import { isFinished, useOperationProgress } from './useOperationProgress';
import { usePollUntilFinal } from './usePollUntilFinal';

/*
 * Timers are faked throughout: an interval passes only when the test
 * advances it, so "no read happened" means no read was due, however slow
 * the machine.
 */

const running = (overrides: Partial<Operation> = {}) =>
  operation({
    status: 'in-progress',
    steps: steps('done', 'running'),
    completedAt: undefined,
    dnsFollowedAfterMs: undefined,
    ...overrides,
  });
const succeeded = () => operation({ status: 'succeeded' });

function wrapperWith(api: FakeMultiRegionApi, signals?: SignalApi) {
  return ({ children }: { children: ReactNode }) =>
    signals ? (
      <TestApiProvider
        apis={[
          [multiRegionApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[multiRegionApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
}

/** Lets pending promises (a read's answer) settle without passing time. */
const settle = () => act(() => jest.advanceTimersByTimeAsync(0));

describe('usePollUntilFinal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('with signals', () => {
    /** Renders the hook on a running operation, over a FakeSignalApi. */
    function follow(api: FakeMultiRegionApi) {
      const signals = new FakeSignalApi();
      const started = running();
      const view = renderHook(() => useOperationProgress(started, 1000), {
        wrapper: wrapperWith(api, signals),
      });
      return { ...view, signals };
    }

    /** The first signal, about something else: signals are seen to arrive. */
    const firstSignal = (signals: FakeSignalApi) =>
      act(() => signals.changed('operation', 'op-elsewhere'));

    it('polls until a signal arrives, then reads at once and only when a signal names the operation', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const { result, signals } = follow(api);
      const reads = () => api.callsOf('getOperation').length;
      await settle();
      expect(signals.subscriptionCount()).toBe(1);
      expect(result.current.live).toBe(false);
      await act(() => jest.advanceTimersByTimeAsync(1000));
      expect(reads()).toBe(1);

      // signals work: read at once, for what moved on before
      firstSignal(signals);
      await settle();
      expect(reads()).toBe(2);
      expect(result.current.live).toBe(true);

      // the polling interval passes many times over: no read
      await act(() => jest.advanceTimersByTimeAsync(SAFETY_POLL_MS - 1));
      expect(reads()).toBe(2);

      // another operation, another kind, another channel: no read
      act(() => signals.changed('operation', 'op-2'));
      act(() => signals.changed('drill', 'op-1'));
      act(() => signals.changed('evacuation', 'op-1'));
      act(() =>
        signals.publish('notifications', { kind: 'operation', id: 'op-1' }),
      );
      await settle();
      expect(reads()).toBe(2);

      // this one: read at once
      api.operationStates = [running({ steps: steps('done', 'done') })];
      act(() => signals.changed('operation', 'op-1'));
      await settle();
      expect(reads()).toBe(3);
      expect(api.callsOf('getOperation')[2]).toEqual(['op-1']);
      expect(result.current.operation?.steps[1].status).toBe('done');
    });

    it('keeps polling while no signal arrives (a backend that sends none)', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const { result } = follow(api);
      await act(() => jest.advanceTimersByTimeAsync(3000));
      expect(api.callsOf('getOperation')).toHaveLength(3);
      expect(result.current.live).toBe(false);
    });

    it('stops and unsubscribes once the operation is final', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const { result, signals } = follow(api);
      firstSignal(signals);
      await settle();
      expect(api.callsOf('getOperation')).toHaveLength(1);
      api.operationStates = [succeeded()];
      act(() => signals.changed('operation', 'op-1'));
      await settle();
      expect(result.current.operation?.status).toBe('succeeded');
      expect(signals.subscriptionCount()).toBe(0);

      act(() => signals.changed('operation', 'op-1'));
      await act(() => jest.advanceTimersByTimeAsync(10 * SAFETY_POLL_MS));
      expect(api.callsOf('getOperation')).toHaveLength(2);
    });

    it('unsubscribes when the view goes away', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const { unmount, signals } = follow(api);
      await settle();
      expect(signals.subscriptionCount()).toBe(1);
      unmount();
      expect(signals.subscriptionCount()).toBe(0);
    });

    it('reads again every safety interval, in case a signal was lost', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const { signals } = follow(api);
      firstSignal(signals);
      await settle();
      expect(api.callsOf('getOperation')).toHaveLength(1);
      await act(() => jest.advanceTimersByTimeAsync(SAFETY_POLL_MS - 1));
      expect(api.callsOf('getOperation')).toHaveLength(1);
      await act(() => jest.advanceTimersByTimeAsync(1));
      expect(api.callsOf('getOperation')).toHaveLength(2);
    });

    it('never reads twice at once: signals during a read make one more read after it', async () => {
      const signals = new FakeSignalApi();
      const answers: Array<(value: Operation) => void> = [];
      const load = jest.fn(
        () => new Promise<Operation>(resolve => answers.push(resolve)),
      );
      const started = running();
      const { result } = renderHook(
        () =>
          usePollUntilFinal({
            started,
            load,
            isFinal: isFinished,
            intervalMs: 1000,
            signalKind: 'operation',
          }),
        { wrapper: wrapperWith(new FakeMultiRegionApi(), signals) },
      );
      firstSignal(signals);
      await settle();
      expect(load).toHaveBeenCalledTimes(1);

      act(() => {
        signals.changed('operation', 'op-1');
        signals.changed('operation', 'op-1');
        signals.changed('operation', 'op-1');
      });
      await settle();
      expect(load).toHaveBeenCalledTimes(1);

      await act(async () => answers[0](running()));
      await settle();
      expect(load).toHaveBeenCalledTimes(2);

      await act(async () => answers[1](succeeded()));
      await settle();
      expect(load).toHaveBeenCalledTimes(2);
      expect(result.current.value?.status).toBe('succeeded');
      expect(signals.subscriptionCount()).toBe(0);
    });

    it('reports a failed read and reads again on the next signal', async () => {
      const api = new FakeMultiRegionApi({
        operationStates: [new Error('network down') as any],
      });
      const { result, signals } = follow(api);
      firstSignal(signals);
      await settle();
      expect(String(result.current.pollError)).toContain('network down');

      api.operationStates = [succeeded()];
      act(() => signals.changed('operation', 'op-1'));
      await settle();
      expect(result.current.pollError).toBeUndefined();
      expect(result.current.operation?.status).toBe('succeeded');
    });

    it('polls when the signals API refuses to subscribe', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [running()] });
      const signals: SignalApi = {
        subscribe: () => {
          throw new TypeError('crypto.randomUUID is not a function');
        },
      };
      const started = running();
      const { result } = renderHook(() => useOperationProgress(started, 1000), {
        wrapper: wrapperWith(api, signals),
      });
      await settle();
      expect(result.current.live).toBe(false);
      expect(api.callsOf('getOperation')).toHaveLength(0);
      await act(() => jest.advanceTimersByTimeAsync(1000));
      expect(api.callsOf('getOperation')).toHaveLength(1);
    });

    it('neither subscribes nor reads for an operation already final', async () => {
      const api = new FakeMultiRegionApi({ operationStates: [succeeded()] });
      const signals = new FakeSignalApi();
      const done = succeeded();
      renderHook(() => useOperationProgress(done, 1000), {
        wrapper: wrapperWith(api, signals),
      });
      await settle();
      expect(signals.subscriptionCount()).toBe(0);
      act(() => signals.changed('operation', 'op-1'));
      await act(() => jest.advanceTimersByTimeAsync(10 * SAFETY_POLL_MS));
      expect(api.callsOf('getOperation')).toEqual([]);
    });
  });

  describe('without signals', () => {
    it('polls every interval until the operation is final', async () => {
      const api = new FakeMultiRegionApi({
        operationStates: [running(), succeeded()],
      });
      const started = running();
      const { result } = renderHook(() => useOperationProgress(started, 1000), {
        wrapper: wrapperWith(api),
      });
      const reads = () => api.callsOf('getOperation').length;
      await settle();
      expect(result.current.live).toBe(false);
      expect(reads()).toBe(0);

      await act(() => jest.advanceTimersByTimeAsync(1000));
      expect(reads()).toBe(1);
      await act(() => jest.advanceTimersByTimeAsync(1000));
      expect(reads()).toBe(2);
      expect(result.current.operation?.status).toBe('succeeded');

      await act(() => jest.advanceTimersByTimeAsync(60_000));
      expect(reads()).toBe(2);
    });
  });
});

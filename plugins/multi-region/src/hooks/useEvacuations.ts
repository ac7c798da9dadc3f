import { useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { isEvacuationFinal } from '../utils/evacuations';
import {
  SAFETY_POLL_MS,
  subscribeToSignals,
  useSignalApi,
} from './liveUpdates';

/**
 * Recent evacuations the caller may read, newest first (`GET /evacuations`).
 * Re-read every `refreshWhileRunningMs` while one of them runs, so its row
 * follows it to its outcome; or, once the app's signals are seen to arrive
 * (the first message on the multi-region channel, which also re-reads), on
 * every evacuation signal (one started, moved on or ended, here or
 * elsewhere), and every `SAFETY_POLL_MS` while one runs in case a signal
 * was lost (the rule of `followChanges`). `live`: signals drive it.
 */
export function useEvacuations(
  options: { limit?: number; refreshWhileRunningMs?: number } = {},
) {
  const { limit, refreshWhileRunningMs } = options;
  const api = useApi(multiRegionApiRef);
  const signals = useSignalApi();
  const state = useAsyncRetry(() => api.listEvacuations(limit), [api, limit]);
  const { retry, loading } = state;
  const running = Boolean(
    state.value?.items.some(evacuation => !isEvacuationFinal(evacuation)),
  );

  // Signals counted, and those already read for: a signal during a read
  // makes one more read after it (a retry while loading would be lost).
  const [signalled, setSignalled] = useState(0);
  const readFor = useRef(0);
  const [live, setLive] = useState(false);
  useEffect(() => {
    let seen = false;
    const subscription = subscribeToSignals(signals, message => {
      if (!seen || message.kind === 'evacuation')
        setSignalled(count => count + 1);
      seen = true;
      setLive(true);
    });
    return () => {
      subscription?.unsubscribe();
      setLive(false);
    };
  }, [signals]);
  useEffect(() => {
    if (loading || signalled === readFor.current) return;
    readFor.current = signalled;
    retry();
  }, [signalled, loading, retry]);

  const pollMs = live ? SAFETY_POLL_MS : refreshWhileRunningMs;
  useEffect(() => {
    if (!running || !pollMs) return undefined;
    const timer = setInterval(retry, pollMs);
    return () => clearInterval(timer);
  }, [running, pollMs, retry]);
  return {
    evacuations: state.value?.items,
    loading,
    error: state.error,
    refresh: retry,
    live,
  };
}

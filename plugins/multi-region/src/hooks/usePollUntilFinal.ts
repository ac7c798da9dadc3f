import { useEffect, useState } from 'react';
import { MultiRegionSignal } from '@multi-region-failover/plugin-multi-region-common';
import { followChanges, useSignalApi } from './liveUpdates';

/**
 * Follows something the server carries out (an operation, a drill, an
 * evacuation) until `isFinal` says it will not change any more, reading it
 * again with `load` every `intervalMs`, or, once the app's signals are seen
 * to arrive, at once on each signal of `signalKind` that names it (and every
 * `safetyIntervalMs` in case one was lost): see `followChanges`. A failed
 * read is reported but following goes on: a network blip must not hide the
 * outcome. `load` and `isFinal` must keep their identity across renders (a
 * module function, or `useCallback`), or following restarts.
 */
export function usePollUntilFinal<T extends { id: string }>(options: {
  started: T | undefined;
  load: (id: string) => Promise<T>;
  isFinal: (value: T) => boolean;
  intervalMs: number;
  /** What the signals that name it are about. */
  signalKind: MultiRegionSignal['kind'];
  /** With signals, the safety poll; default `SAFETY_POLL_MS` (15 s). */
  safetyIntervalMs?: number;
}) {
  const { started, load, isFinal, intervalMs, signalKind, safetyIntervalMs } =
    options;
  const signals = useSignalApi();
  const [value, setValue] = useState<T | undefined>(started);
  const [pollError, setPollError] = useState<unknown>();
  const [live, setLive] = useState(false);

  useEffect(() => {
    setValue(started);
    setLive(false);
    if (!started || isFinal(started)) return undefined;
    let cancelled = false;
    const following = followChanges({
      signals,
      matches: message =>
        message.kind === signalKind && message.id === started.id,
      read: async () => {
        try {
          const next = await load(started.id);
          if (cancelled) return true;
          setValue(next);
          setPollError(undefined);
          return isFinal(next);
        } catch (e) {
          if (!cancelled) setPollError(e);
          return false;
        }
      },
      intervalMs,
      safetyIntervalMs,
      onLive: now => {
        if (!cancelled) setLive(now);
      },
    });
    return () => {
      cancelled = true;
      following.stop();
    };
  }, [
    started,
    load,
    isFinal,
    intervalMs,
    signals,
    signalKind,
    safetyIntervalMs,
  ]);

  return {
    value,
    pollError,
    /** True once signals drive the re-reads, false while it polls. */
    live,
    /** Shows a newer copy the caller received otherwise (e.g. a stop's answer); following goes on. */
    replace: setValue,
  };
}

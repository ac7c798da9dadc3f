import { useEffect, useState } from 'react';

/**
 * Follows something the server carries out (an operation, a drill): reads it
 * again with `load` every `intervalMs` until `isFinal` says it will not change
 * any more. A failed read is reported but polling goes on: a network blip must
 * not hide the outcome. `load` and `isFinal` must keep their identity across
 * renders (a module function, or `useCallback`), or polling restarts.
 */
export function usePollUntilFinal<T extends { id: string }>(options: {
  started: T | undefined;
  load: (id: string) => Promise<T>;
  isFinal: (value: T) => boolean;
  intervalMs: number;
}) {
  const { started, load, isFinal, intervalMs } = options;
  const [value, setValue] = useState<T | undefined>(started);
  const [pollError, setPollError] = useState<unknown>();

  useEffect(() => {
    setValue(started);
    if (!started || isFinal(started)) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await load(started.id);
        if (cancelled) return;
        setValue(next);
        setPollError(undefined);
        if (isFinal(next)) return;
      } catch (e) {
        if (cancelled) return;
        setPollError(e);
      }
      timer = setTimeout(poll, intervalMs);
    };
    timer = setTimeout(poll, intervalMs);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [started, load, isFinal, intervalMs]);

  /** Shows a newer copy the caller received otherwise (e.g. a stop's answer); polling goes on. */
  return { value, pollError, replace: setValue };
}

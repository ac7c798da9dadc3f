import { useEffect, useRef } from 'react';

/**
 * Calls `callback` once each time `condition` turns true (e.g. a drill
 * finished: read the status again). A new callback identity, as a refresh
 * function gets on each load, does not call it again.
 */
export function useWhenBecomesTrue(
  condition: boolean,
  callback: (() => void) | undefined,
) {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => {
    if (condition) latest.current?.();
  }, [condition]);
}

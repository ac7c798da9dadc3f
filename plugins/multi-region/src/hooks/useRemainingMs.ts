import { useEffect, useState } from 'react';

/**
 * Milliseconds until `endsAt`, re-read every second until it has passed
 * (a wait period, a drill's soak). Zero for a time that is not a date.
 */
export function useRemainingMs(endsAt: string | undefined): number {
  const end = endsAt ? Date.parse(endsAt) : NaN;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!Number.isFinite(end) || now >= end) return undefined;
    const timer = setTimeout(
      () => setNow(Date.now()),
      Math.min(1000, end - now),
    );
    return () => clearTimeout(timer);
  }, [now, end]);
  return Number.isFinite(end) ? Math.max(0, end - now) : 0;
}

import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { useRemainingMs } from '../../hooks/useRemainingMs';
import { formatDuration } from '../../utils/format';

/** "fails back in 4 min 10 s" while a drill soaks; "soak over, failing back" at its end. */
export function SoakCountdown(props: { drill: Drill; testId: string }) {
  const remainingMs = useRemainingMs(props.drill.soakEndsAt);
  return (
    <span data-testid={props.testId}>
      {remainingMs > 0
        ? `fails back in ${formatDuration(
            Math.ceil(remainingMs / 1000) * 1000,
          )}`
        : 'soak over, failing back'}
    </span>
  );
}

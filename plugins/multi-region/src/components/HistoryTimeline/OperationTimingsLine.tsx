import Typography from '@material-ui/core/Typography';
import { OperationTimings } from '@multi-region-failover/plugin-multi-region-common';
import { describeTimings, rtoMetOf } from '../../utils/drills';

/**
 * "switched in 42 s, healthy in 30 s — RTO 15 min met", measured from
 * confirm; in the error colour when the RTO was missed.
 */
export function OperationTimingsLine(props: {
  timings: OperationTimings;
  /** The entity's RTO, when the timings carry none of their own. */
  rtoMinutes?: number;
}) {
  const { timings } = props;
  return (
    <Typography
      variant="body2"
      color={timings.rtoMet === false ? 'error' : 'textPrimary'}
      data-testid="operation-timings"
      data-rto-met={rtoMetOf(timings.rtoMet)}
    >
      {describeTimings(timings, props.rtoMinutes)}
    </Typography>
  );
}

import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  SafetyRuleWaitPeriod,
  waitPeriodEndsIn,
} from '@multi-region-failover/plugin-multi-region-common';
import { useRemainingMs } from '../../hooks/useRemainingMs';

/**
 * A safety rule's wait period after the last change is running: ARC would
 * refuse the change. Counts down, then offers to plan again (the plan is
 * made afresh, so the state it shows is current).
 */
export function WaitPeriodNotice(props: {
  waitPeriod: SafetyRuleWaitPeriod;
  onPlanAgain: () => void;
}) {
  const { waitPeriod } = props;
  const remainingMs = useRemainingMs(waitPeriod.endsAt);
  const passed = remainingMs <= 0;
  const ends = waitPeriodEndsIn(remainingMs);
  return (
    <Alert
      severity={passed ? 'info' : 'warning'}
      data-testid="failover-wait-period"
      data-passed={passed}
      action={
        <Button
          color="inherit"
          size="small"
          disabled={!passed}
          onClick={props.onPlanAgain}
          data-testid="failover-wait-plan-again"
        >
          Plan again
        </Button>
      }
    >
      <AlertTitle data-testid="failover-wait-countdown">
        {passed
          ? 'The safety rule’s wait period has ended: plan again to go ahead.'
          : `Not yet: ${ends}.`}
      </AlertTitle>
      <Typography variant="body2">{waitPeriod.explanation}</Typography>
    </Alert>
  );
}

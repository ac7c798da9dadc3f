import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  describeError,
  DrillStartRefusal,
  drillRefusalOf,
  isConflict,
} from '../../utils/errors';
import { ErrorNotice } from '../ErrorNotice';
import { RefusedReadiness } from '../FailoverDialog';

const CONFLICT_TITLES: Record<DrillStartRefusal | 'changed', string> = {
  changed: 'The service changed under you',
  'drill-not-on-primary': 'Refused: the service is not on its primary',
  'drill-running': 'Refused: a drill is already running',
  'drill-window': 'Refused: outside the drill window',
  'drill-blocking-alarm': 'Refused: a blocking alarm is in ALARM',
  readiness: 'Readiness checks fail that you have not acknowledged',
};

/**
 * Why the drill did not start: the server refused it (409 with its refusal
 * and message; for readiness, its failing checks), the service changed
 * under the person (409, plan again), or any other error in words.
 */
export function DrillStartError(props: {
  error: unknown;
  onPlanAgain: () => void;
}) {
  if (props.error === undefined) return null;
  if (!isConflict(props.error)) {
    return (
      <ErrorNotice
        error={props.error}
        summary="The drill was not started"
        testId="drill-error"
      />
    );
  }
  const refusal = drillRefusalOf(props.error);
  return (
    <Alert
      severity="warning"
      data-testid="drill-conflict"
      data-refusal={refusal ?? 'changed'}
      action={
        // After a readiness refusal the way on is the acknowledgement above.
        refusal !== 'readiness' && (
          <Button
            color="inherit"
            size="small"
            onClick={props.onPlanAgain}
            data-testid="drill-plan-again"
          >
            Plan again
          </Button>
        )
      }
    >
      <AlertTitle>{CONFLICT_TITLES[refusal ?? 'changed']}</AlertTitle>
      <Typography variant="body2" data-testid="drill-conflict-message">
        {describeError(props.error).message}
      </Typography>
      {refusal === 'readiness' && (
        <RefusedReadiness error={props.error} action="start the drill" />
      )}
    </Alert>
  );
}

import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError } from '../../utils/errors';

/**
 * A 409 of a failover or a drill, in words: its title, the server's
 * message, what the caller adds, and the way on (plan again), except after a
 * readiness refusal, whose way on is the acknowledgement above.
 */
export function RefusalAlert(props: {
  error: unknown;
  /** The server's `refusal`, or `changed` for a change made under the person. */
  refusal: string;
  title: string;
  againLabel: string;
  onAgain: () => void;
  testIds: { alert: string; again: string; message?: string };
  children?: ReactNode;
}) {
  const { refusal, testIds } = props;
  return (
    <Alert
      severity="warning"
      data-testid={testIds.alert}
      data-refusal={refusal}
      action={
        refusal !== 'readiness' && (
          <Button
            color="inherit"
            size="small"
            onClick={props.onAgain}
            data-testid={testIds.again}
          >
            {props.againLabel}
          </Button>
        )
      }
    >
      <AlertTitle>{props.title}</AlertTitle>
      <Typography variant="body2" data-testid={testIds.message}>
        {describeError(props.error).message}
      </Typography>
      {props.children}
    </Alert>
  );
}

import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError } from '../../utils/errors';

/** A failed request in words a person can act on; never a stack trace. */
export function ErrorNotice(props: {
  error: unknown;
  /** What failed, e.g. "Could not load the multi-region status". */
  summary: string;
  onRetry?: () => void;
  testId?: string;
}) {
  const described = describeError(
    props.error ?? new Error('No answer from the backend'),
  );
  return (
    <Alert
      severity="error"
      data-testid={props.testId ?? 'multi-region-error'}
      data-status={described.status}
      action={
        props.onRetry ? (
          <Button color="inherit" size="small" onClick={props.onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>
        {described.title}
        {described.status ? ` (${described.status})` : ''}
      </AlertTitle>
      <Typography variant="body2">
        {props.summary}: {described.message}
      </Typography>
      {described.details.map(line => (
        <Typography variant="body2" key={line}>
          • {line}
        </Typography>
      ))}
    </Alert>
  );
}

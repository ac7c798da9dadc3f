import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import {
  formatDuration,
  formatTimestamp,
  STEP_LABELS,
} from '../../utils/format';
import { isFinished } from '../../hooks/useOperationProgress';

function Result({ operation }: { operation: Operation }) {
  if (operation.status === 'succeeded') {
    return (
      <Alert
        severity="success"
        data-testid="failover-result"
        data-status="succeeded"
      >
        Done: DNS answers with {operation.toRegion}
        {operation.dnsFollowedAfterMs !== undefined
          ? ` (it followed ${formatDuration(
              operation.dnsFollowedAfterMs,
            )} after the routing controls changed)`
          : ''}
        .
      </Alert>
    );
  }
  if (operation.status === 'failed') {
    return (
      <Alert
        severity="error"
        data-testid="failover-result"
        data-status="failed"
      >
        The {operation.action} did not complete
        {operation.error ? `: ${operation.error.message}` : '.'} Check the step
        that failed above; the card shows the state ARC reports now.
      </Alert>
    );
  }
  if (operation.status === 'refused') {
    return (
      <Alert
        severity="warning"
        data-testid="failover-result"
        data-status="refused"
      >
        The {operation.action} was refused before anything changed
        {operation.error ? `: ${operation.error.message}` : '.'}
      </Alert>
    );
  }
  if (operation.status === 'reconciled') {
    return (
      <Alert
        severity="info"
        data-testid="failover-result"
        data-status="reconciled"
      >
        The backend restarted during this operation and settled it from the
        state ARC reports.
      </Alert>
    );
  }
  return null;
}

/**
 * Live progress of one operation: authorised -> routing controls updated ->
 * health checks observed -> DNS answering.
 */
export function OperationProgress(props: {
  operation: Operation;
  pollError?: Error;
}) {
  const { operation } = props;
  const steps = operation.steps;
  const activeStep = Math.max(
    0,
    steps.findIndex(s => s.status !== 'done' && s.status !== 'skipped'),
  );
  return (
    <div data-testid="failover-progress" data-status={operation.status}>
      <Typography variant="body2">
        {operation.action === 'failover' ? 'Failing over' : 'Failing back'}{' '}
        {operation.fromRegion} → {operation.toRegion} (operation {operation.id})
      </Typography>
      <Stepper
        orientation="vertical"
        activeStep={
          steps.every(s => s.status === 'done' || s.status === 'skipped')
            ? steps.length
            : activeStep
        }
      >
        {steps.map(step => (
          <Step
            key={step.name}
            completed={step.status === 'done'}
            data-testid={`failover-step-${step.name}`}
            data-status={step.status}
            expanded
          >
            <StepLabel error={step.status === 'failed'}>
              {STEP_LABELS[step.name] ?? step.name}
              {step.status === 'running' ? ' …' : ''}
              {step.status === 'skipped' ? ' (skipped)' : ''}
            </StepLabel>
            <StepContent>
              {step.at && (
                <Typography variant="caption" display="block">
                  {formatTimestamp(step.at)}
                </Typography>
              )}
              {step.detail && (
                <Typography
                  variant="caption"
                  display="block"
                  color={step.status === 'failed' ? 'error' : 'textSecondary'}
                >
                  {step.detail}
                </Typography>
              )}
            </StepContent>
          </Step>
        ))}
      </Stepper>
      {props.pollError && (
        <Alert severity="warning">
          Could not read the latest progress ({props.pollError.message});
          retrying. The failover itself continues on the server.
        </Alert>
      )}
      {!isFinished(operation) && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="failover-waiting"
        >
          Waiting for DNS to answer with {operation.toRegion}; this usually
          takes 1–2 minutes. You can close this dialog: the failover continues
          on the server and the card shows it as in progress.
        </Typography>
      )}
      <Result operation={operation} />
    </div>
  );
}

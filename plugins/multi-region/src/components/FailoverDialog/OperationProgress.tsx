import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import Alert, { Color } from '@material-ui/lab/Alert';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { liveUpdatesAttribute } from '../../hooks/liveUpdates';
import { isFinished } from '../../hooks/useOperationProgress';
import { errorMessage } from '../../utils/errors';
import {
  formatDuration,
  formatTimestamp,
  STEP_LABELS,
} from '../../utils/format';

/** ": <why>" when the operation says why it stopped, else a full stop. */
const why = (op: Operation) => (op.error ? `: ${op.error.message}` : '.');

/** How each final status is told; a running operation has no result yet. */
const RESULTS: Partial<
  Record<
    Operation['status'],
    { severity: Color; text: (op: Operation) => string }
  >
> = {
  succeeded: {
    severity: 'success',
    text: op =>
      op.supersededBy
        ? `Done: the routing controls were set for ${op.toRegion}. DNS was no longer followed: a later change (operation ${op.supersededBy}) superseded this one.`
        : `Done: DNS answers with ${op.toRegion}${
            op.dnsFollowedAfterMs !== undefined
              ? ` (it followed ${formatDuration(
                  op.dnsFollowedAfterMs,
                )} after the routing controls changed)`
              : ''
          }.`,
  },
  failed: {
    severity: 'error',
    text: op =>
      `The ${op.action} did not complete${why(
        op,
      )} Check the step that failed above; the card shows the state ARC reports now.`,
  },
  unknown: {
    severity: 'warning',
    text: op =>
      `The ${op.action} may or may not have changed the routing controls${why(
        op,
      )} Look at the routing controls in ARC (the card shows what ARC reports now) before trying again.`,
  },
  refused: {
    severity: 'warning',
    text: op =>
      `The ${op.action} was refused before anything changed${why(op)}`,
  },
  reconciled: {
    severity: 'info',
    text: () =>
      'The backend restarted during this operation and settled it from the state ARC reports.',
  },
};

function Result({ operation }: { operation: Operation }) {
  const result = RESULTS[operation.status];
  if (!result) return null;
  return (
    <Alert
      severity={result.severity}
      data-testid="failover-result"
      data-status={operation.status}
    >
      {result.text(operation)}
    </Alert>
  );
}

const settled = (step: Operation['steps'][number]) =>
  step.status === 'done' || step.status === 'skipped';

/** Final, including `unknown` (an unconfirmed write: nothing more will happen). */
const finished = (operation: Operation) =>
  isFinished(operation) || operation.status === 'unknown';

/**
 * Live progress of one operation: authorised -> routing controls updated ->
 * health checks observed -> DNS answering.
 */
export function OperationProgress(props: {
  operation: Operation;
  pollError?: unknown;
  /** Signals drive the re-reads (else it polls). */
  live?: boolean;
}) {
  const { operation } = props;
  const steps = operation.steps;
  const activeStep = steps.every(settled)
    ? steps.length
    : Math.max(
        0,
        steps.findIndex(s => !settled(s)),
      );
  return (
    <div
      data-testid="failover-progress"
      data-status={operation.status}
      data-live-updates={liveUpdatesAttribute(Boolean(props.live))}
    >
      <Typography variant="body2">
        {operation.action === 'failover' ? 'Failing over' : 'Failing back'}{' '}
        {operation.fromRegion} → {operation.toRegion} (operation {operation.id})
      </Typography>
      <Stepper orientation="vertical" activeStep={activeStep}>
        {steps.map(step => (
          <Step
            key={step.name}
            completed={step.status === 'done'}
            data-testid={`failover-step-${step.name}`}
            data-status={step.status}
            expanded
          >
            <StepLabel
              error={step.status === 'failed' || step.status === 'unknown'}
            >
              {STEP_LABELS[step.name] ?? step.name}
              {step.status === 'running' ? ' …' : ''}
              {step.status === 'skipped' ? ' (skipped)' : ''}
              {step.status === 'unknown' ? ' (unconfirmed: check ARC)' : ''}
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
                  color={
                    step.status === 'failed' || step.status === 'unknown'
                      ? 'error'
                      : 'textSecondary'
                  }
                >
                  {step.detail}
                </Typography>
              )}
            </StepContent>
          </Step>
        ))}
      </Stepper>
      {props.pollError !== undefined && (
        <Alert severity="warning">
          Could not read the latest progress ({errorMessage(props.pollError)});
          retrying. The failover itself continues on the server.
        </Alert>
      )}
      {!finished(operation) && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="failover-waiting"
        >
          Waiting for DNS to answer with {operation.toRegion}; this usually
          takes 1–2 minutes. You can close this dialog: the failover continues
          on the server and the history shows it as in progress.
        </Typography>
      )}
      <Result operation={operation} />
    </div>
  );
}

import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { validateFailoverReason } from '@multi-region-failover/plugin-multi-region-common';
import { ErrorNotice } from '../ErrorNotice';

/**
 * Asks why something running should stop (recorded, the same rule as a
 * failover's reason) before stopping it. The drill's and the evacuation's
 * Stop buttons both open it, each with its own words and test ids
 * (`<testIdPrefix>-dialog`, `-reason`, `-confirm`, `-cancel`, `-error`).
 */
export function StopReasonDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Unique on the page: names the dialog for assistive technology. */
  titleId: string;
  title: string;
  explanation: ReactNode;
  reasonLabel: string;
  keepLabel: string;
  stopLabel: string;
  /** What a failure says, e.g. "The drill was not stopped". */
  failed: string;
  testIdPrefix: string;
  reason: string;
  onReasonChange: (reason: string) => void;
  stopping: boolean;
  error?: unknown;
  onStop: () => void;
}) {
  const { reason, testIdPrefix } = props;
  const reasonProblem = validateFailoverReason(reason);
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={props.titleId}
      data-testid={`${testIdPrefix}-dialog`}
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {props.explanation}
        </Typography>
        <TextField
          label={props.reasonLabel}
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          value={reason}
          onChange={e => props.onReasonChange(e.target.value)}
          error={reason.length > 0 && Boolean(reasonProblem)}
          helperText={reason.length > 0 ? reasonProblem ?? ' ' : ' '}
          inputProps={{ 'data-testid': `${testIdPrefix}-reason` }}
        />
        {Boolean(props.error) && !props.stopping && (
          <ErrorNotice
            error={props.error}
            summary={props.failed}
            testId={`${testIdPrefix}-error`}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid={`${testIdPrefix}-cancel`}>
          {props.keepLabel}
        </Button>
        <Button
          variant="contained"
          color="secondary"
          disabled={Boolean(reasonProblem) || props.stopping}
          onClick={props.onStop}
          data-testid={`${testIdPrefix}-confirm`}
        >
          {props.stopping ? 'Stopping…' : props.stopLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

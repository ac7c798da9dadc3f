import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import StopIcon from '@material-ui/icons/Stop';
import {
  Drill,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { useStopDrill } from '../../hooks/useStopDrill';
import { ErrorNotice } from '../ErrorNotice';

/**
 * Stop a running drill: asks why (recorded, the same rule as a failover's
 * reason), then `POST /drills/:id/stop`; the drill fails back within a watch
 * interval. Anyone who may fail the service over may stop it.
 */
export function StopDrillButton(props: {
  drill: Drill;
  testId: string;
  disabled?: boolean;
  /** Why it is disabled, on hover. */
  disabledReason?: string;
  onStopped: (drill: Drill) => void;
}) {
  const { drill, onStopped } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const stopping = useStopDrill(stopped => {
    setOpen(false);
    onStopped(stopped);
  });
  const reasonProblem = validateFailoverReason(reason);
  const titleId = `drill-stop-title-${drill.id}`;
  return (
    <>
      <span title={props.disabled ? props.disabledReason : undefined}>
        <Button
          color="inherit"
          variant="outlined"
          size="small"
          startIcon={<StopIcon />}
          disabled={props.disabled}
          onClick={() => setOpen(true)}
          data-testid={props.testId}
        >
          Stop drill
        </Button>
      </span>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
        data-testid="drill-stop-dialog"
      >
        <DialogTitle id={titleId}>
          Stop the drill and fail back to {drill.primaryRegion}?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" gutterBottom>
            The drill ends its soak and fails back to {drill.primaryRegion}{' '}
            within a watch interval; its outcome is recorded as stopped.
          </Typography>
          <TextField
            label="Why stop it (recorded with the drill)"
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            value={reason}
            onChange={e => setReason(e.target.value)}
            error={reason.length > 0 && Boolean(reasonProblem)}
            helperText={reason.length > 0 ? reasonProblem ?? ' ' : ' '}
            inputProps={{ 'data-testid': 'drill-stop-reason' }}
          />
          {stopping.error && !stopping.stopping && (
            <ErrorNotice
              error={stopping.error}
              summary="The drill was not stopped"
              testId="drill-stop-error"
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button
            onClick={() => setOpen(false)}
            data-testid="drill-stop-cancel"
          >
            Keep it running
          </Button>
          <Button
            variant="contained"
            color="secondary"
            disabled={Boolean(reasonProblem) || stopping.stopping}
            onClick={() => stopping.stop(drill.id, reason)}
            data-testid="drill-stop-confirm"
          >
            {stopping.stopping ? 'Stopping…' : 'Stop and fail back'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

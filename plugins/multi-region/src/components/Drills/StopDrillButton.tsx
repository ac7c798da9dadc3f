import { useState } from 'react';
import Button from '@material-ui/core/Button';
import StopIcon from '@material-ui/icons/Stop';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { useStopDrill } from '../../hooks/useStopDrill';
import { StopReasonDialog } from '../StopReasonDialog';

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
      <StopReasonDialog
        open={open}
        onClose={() => setOpen(false)}
        titleId={`drill-stop-title-${drill.id}`}
        title={`Stop the drill and fail back to ${drill.primaryRegion}?`}
        explanation={`The drill ends its soak and fails back to ${drill.primaryRegion} within a watch interval; its outcome is recorded as stopped.`}
        reasonLabel="Why stop it (recorded with the drill)"
        keepLabel="Keep it running"
        stopLabel="Stop and fail back"
        failed="The drill was not stopped"
        testIdPrefix="drill-stop"
        reason={reason}
        onReasonChange={setReason}
        stopping={stopping.stopping}
        error={stopping.error}
        onStop={() => stopping.stop(drill.id, reason)}
      />
    </>
  );
}

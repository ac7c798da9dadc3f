import { useState } from 'react';
import Button from '@material-ui/core/Button';
import StopIcon from '@material-ui/icons/Stop';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { useStopEvacuation } from '../../hooks/useStopEvacuation';
import { StopReasonDialog } from '../StopReasonDialog';

/**
 * Stop a running evacuation: asks why (recorded, the failover's rule), then
 * `POST /evacuations/:id/stop`. The server decides who may.
 */
export function StopEvacuationButton(props: {
  evacuation: Evacuation;
  onStopped: (evacuation: Evacuation) => void;
}) {
  const { evacuation, onStopped } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const stopping = useStopEvacuation(stopped => {
    setOpen(false);
    onStopped(stopped);
  });
  return (
    <>
      <Button
        color="inherit"
        variant="outlined"
        startIcon={<StopIcon />}
        onClick={() => setOpen(true)}
        data-testid="evacuation-stop"
      >
        Stop evacuation
      </Button>
      <StopReasonDialog
        open={open}
        onClose={() => setOpen(false)}
        titleId={`evacuation-stop-title-${evacuation.id}`}
        title={`Stop the evacuation of ${evacuation.region}?`}
        explanation="The services not started yet are skipped; those moving now finish their move. Nothing is moved back."
        reasonLabel="Why stop it (recorded with the evacuation)"
        keepLabel="Keep it running"
        stopLabel="Skip the rest"
        failed="The evacuation was not stopped"
        testIdPrefix="evacuation-stop"
        reason={reason}
        onReasonChange={setReason}
        stopping={stopping.stopping}
        error={stopping.error}
        onStop={() => stopping.stop(evacuation.id, reason)}
      />
    </>
  );
}

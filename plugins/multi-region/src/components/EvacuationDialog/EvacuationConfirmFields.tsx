import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';

/**
 * Step 2: the reason (recorded with every service's operation; the
 * failover's rule), whether to stop the rest when one fails, and the
 * confirmation typed out (`evacuate <region>`).
 */
export function EvacuationConfirmFields(props: {
  reason: string;
  reasonProblem?: string;
  onReasonChange: (reason: string) => void;
  stopOnFailure: boolean;
  onStopOnFailureChange: (stopOnFailure: boolean) => void;
  /** What to type. */
  confirmation: string;
  confirmText: string;
  confirmationMatches: boolean;
  onConfirmTextChange: (text: string) => void;
  disabled: boolean;
}) {
  const { reason, confirmation, confirmText } = props;
  // Complain only once the person has started typing.
  const confirmWrong = confirmText.length > 0 && !props.confirmationMatches;
  return (
    <Box mt={2}>
      <TextField
        label="Reason (recorded in the history of every service moved)"
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        value={reason}
        disabled={props.disabled}
        onChange={e => props.onReasonChange(e.target.value)}
        error={reason.length > 0 && Boolean(props.reasonProblem)}
        helperText={
          reason.length > 0
            ? props.reasonProblem ?? ' '
            : 'e.g. "us-east-1 degraded: API Gateway 5xx, INC-1234"'
        }
        inputProps={{ 'data-testid': 'evacuation-reason' }}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={props.stopOnFailure}
            disabled={props.disabled}
            onChange={e => props.onStopOnFailureChange(e.target.checked)}
            inputProps={{ 'data-testid': 'evacuation-stop-on-failure' } as any}
          />
        }
        label="Stop the rest if one fails"
      />
      <TextField
        label={`Type ${confirmation} to confirm`}
        fullWidth
        variant="outlined"
        margin="normal"
        value={confirmText}
        disabled={props.disabled}
        onChange={e => props.onConfirmTextChange(e.target.value)}
        error={confirmWrong}
        helperText={
          confirmWrong
            ? `This does not match "${confirmation}".`
            : `Type exactly: ${confirmation}`
        }
        inputProps={{
          'data-testid': 'evacuation-confirm-text',
          autoComplete: 'off',
        }}
      />
    </Box>
  );
}

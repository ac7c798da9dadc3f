import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';

/**
 * The reason for the audit trail, and the entity's name typed to confirm
 * (the rule: `confirmNameMatches`). The failover and the drill dialogs both
 * use it, each with its own test ids.
 */
export function ConfirmFields(props: {
  entityName: string;
  /** Test ids of the reason and of the typed name; the failover dialog's by default. */
  testIds?: { reason: string; confirmName: string };
  /** The hint under the empty reason field. */
  reasonExample?: string;
  reason: string;
  reasonProblem?: string;
  onReasonChange: (reason: string) => void;
  confirmName: string;
  nameMatches: boolean;
  onConfirmNameChange: (name: string) => void;
}) {
  const { entityName, reason, confirmName } = props;
  const testIds = props.testIds ?? {
    reason: 'failover-reason',
    confirmName: 'failover-confirm-name',
  };
  // Complain only once the person has started typing.
  const nameWrong = confirmName.length > 0 && !props.nameMatches;
  return (
    <Box mt={2}>
      <TextField
        label="Reason (recorded in the audit trail)"
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        value={reason}
        onChange={e => props.onReasonChange(e.target.value)}
        error={reason.length > 0 && Boolean(props.reasonProblem)}
        helperText={
          reason.length > 0
            ? props.reasonProblem ?? ' '
            : props.reasonExample ??
              'e.g. "us-east-1 API Gateway 5xx, INC-1234"'
        }
        inputProps={{ 'data-testid': testIds.reason }}
      />
      <TextField
        label={`Type ${entityName} to confirm`}
        fullWidth
        variant="outlined"
        margin="normal"
        value={confirmName}
        onChange={e => props.onConfirmNameChange(e.target.value)}
        error={nameWrong}
        helperText={
          nameWrong
            ? `This does not match "${entityName}".`
            : `The entity's name: ${entityName}`
        }
        inputProps={{
          'data-testid': testIds.confirmName,
          autoComplete: 'off',
        }}
      />
    </Box>
  );
}

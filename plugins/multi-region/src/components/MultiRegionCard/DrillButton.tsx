import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ReplayIcon from '@material-ui/icons/Replay';

/** "Run drill", beside the failover button. */
export function DrillButton(props: { disabled: boolean; onClick: () => void }) {
  return (
    <Box ml={1}>
      <Button
        variant="outlined"
        startIcon={<ReplayIcon />}
        disabled={props.disabled}
        onClick={props.onClick}
        data-testid="multi-region-drill-button"
      >
        Run drill
      </Button>
    </Box>
  );
}

/** Why "Run drill" is disabled, as visible text under the buttons. */
export function DrillDeniedNote(props: { reason: string }) {
  return (
    <Typography variant="body2" color="textSecondary">
      Run drill:{' '}
      <span data-testid="multi-region-drill-denied">{props.reason}</span>
    </Typography>
  );
}

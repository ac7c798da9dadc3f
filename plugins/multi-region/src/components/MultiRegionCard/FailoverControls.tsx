import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import SwapHorizIcon from '@material-ui/icons/SwapHoriz';
import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import {
  changeVerb,
  describeChange,
  formatActor,
  formatTimestamp,
} from '../../utils/format';
import { isAwayFromPrimary, nextChange } from '../../utils/roles';

/**
 * "Fail over to us-west-2" / "Fail back to us-east-1" / "Set routing to
 * us-east-1" (both controls Off) / "Fail over or back…" (state unknown).
 */
function failoverLabel(status: EntityStatusResponse): string {
  const change = nextChange(status);
  return change
    ? `${changeVerb(change)} to ${change.toRegion}`
    : 'Fail over or back…';
}

/**
 * The failover button, or why there is none: read-only mode, a missing
 * permission (and who to ask), or an operation already under way. Another
 * action (Run drill) can sit beside the button, its note under it.
 */
export function FailoverControls(props: {
  status: EntityStatusResponse;
  permission: { allowed: boolean; loading: boolean; reason?: string };
  onOpen: () => void;
  onFollow: () => void;
  extraAction?: ReactNode;
  extraNote?: ReactNode;
}) {
  const { status, permission } = props;
  const pending = status.pendingOperation;
  return (
    <Box my={2}>
      {status.readOnly && (
        <Alert severity="info" data-testid="multi-region-read-only">
          Read-only mode: failover is switched off for everyone by the platform
          team (multiRegion.readOnly). The state below is live.
        </Alert>
      )}
      {pending && (
        <Alert
          severity="warning"
          data-testid="multi-region-pending-operation"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={props.onFollow}
              data-testid="multi-region-follow-operation"
            >
              Show progress
            </Button>
          }
        >
          {describeChange(pending)} by {formatActor(pending.actor)} is in
          progress (started {formatTimestamp(pending.createdAt)}): “
          {pending.reason}”.
        </Alert>
      )}
      <Box display="flex" alignItems="center" mt={1}>
        <Button
          variant="contained"
          color={isAwayFromPrimary(status) ? 'primary' : 'secondary'}
          startIcon={<SwapHorizIcon />}
          disabled={
            !permission.allowed ||
            Boolean(pending) ||
            Boolean(status.deployment)
          }
          onClick={props.onOpen}
          data-testid="multi-region-failover-button"
        >
          {failoverLabel(status)}
        </Button>
        {props.extraAction}
      </Box>
      {!permission.loading &&
        !permission.allowed &&
        permission.reason &&
        !status.readOnly && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="multi-region-failover-denied"
          >
            {permission.reason}
          </Typography>
        )}
      {props.extraNote}
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import { formatRelative, formatTimestamp } from '../../utils/format';
import { activeRegionOf, isAwayFromPrimary } from '../../utils/roles';

const useStyles = makeStyles(theme => ({
  banner: {
    padding: theme.spacing(2),
    borderRadius: theme.shape.borderRadius,
    borderLeft: `8px solid`,
    marginBottom: theme.spacing(2),
  },
  primary: {
    borderLeftColor: theme.palette.success.main,
    backgroundColor: theme.palette.background.default,
  },
  secondary: {
    borderLeftColor: theme.palette.warning.main,
    backgroundColor: theme.palette.background.default,
  },
  unknown: {
    borderLeftColor: theme.palette.error.main,
    backgroundColor: theme.palette.background.default,
  },
  deploying: {
    borderLeftColor: theme.palette.info.main,
    backgroundColor: theme.palette.background.default,
  },
  region: { fontWeight: 700, lineHeight: 1.1 },
}));

/** When the active region became what it is, from the server or the last change. */
function activeSince(status: EntityStatusResponse): string | undefined {
  if (status.activeSince) return status.activeSince;
  const last = status.lastChange;
  if (
    last &&
    last.toRegion === activeRegionOf(status) &&
    last.status !== 'failed'
  ) {
    return last.completedAt ?? last.updatedAt;
  }
  return undefined;
}

function unreadableDetails(status: EntityStatusResponse): string[] {
  const active = status.active;
  if (!active) return [];
  return active.unreadable.map(role => {
    const region = status.regions?.[role];
    const name = region?.routingControl.name ?? `${role} routing control`;
    return `${name} (${role}, ${region?.region ?? '?'}) could not be read: ${
      region?.routingControl.error ?? 'no reason given'
    }`;
  });
}

/**
 * The answer to "where does it run right now?", big enough to read from
 * across the room, with what we know about how sure that answer is.
 */
export function ActiveRegion(props: {
  status: EntityStatusResponse;
  now?: Date;
}) {
  const classes = useStyles();
  const { status } = props;
  const active = status.active;

  if (status.deployment && (!active || active.certainty === 'unknown')) {
    return (
      <Box className={`${classes.banner} ${classes.deploying}`}>
        <Typography variant="overline">Active region</Typography>
        <Typography
          variant="h3"
          className={classes.region}
          data-testid="multi-region-active-region"
          data-certainty="unknown"
          data-deployment={status.deployment.state}
        >
          {status.deployment.state === 'deploying' ? 'Deploying' : 'Deleting'}
        </Typography>
        <Alert severity="info" data-testid="multi-region-deploying">
          <Typography variant="body2">{status.deployment.message}</Typography>
        </Alert>
      </Box>
    );
  }

  if (!active || active.certainty === 'unknown') {
    return (
      <Box className={`${classes.banner} ${classes.unknown}`}>
        <Typography variant="overline">Active region</Typography>
        <Typography
          variant="h3"
          className={classes.region}
          data-testid="multi-region-active-region"
          data-certainty="unknown"
        >
          Unknown
        </Typography>
        <Alert severity="error" data-testid="multi-region-unknown">
          <Typography variant="body2">
            Which region serves traffic cannot be determined right now.{' '}
            {active?.certainty === 'unknown'
              ? active.reason
              : 'The backend returned no routing-control reading.'}
          </Typography>
          {unreadableDetails(status).map(line => (
            <Typography variant="body2" key={line}>
              {line}
            </Typography>
          ))}
          <Typography variant="body2">
            Check the ARC cluster endpoints and AWS credentials of the Backstage
            backend, then refresh. DNS keeps answering as before in the
            meantime.
          </Typography>
        </Alert>
      </Box>
    );
  }

  const onSecondary = isAwayFromPrimary(status);
  const since = activeSince(status);
  return (
    <Box
      className={`${classes.banner} ${
        onSecondary ? classes.secondary : classes.primary
      }`}
    >
      <Typography variant="overline">Active region</Typography>
      <Typography
        variant="h3"
        className={classes.region}
        data-testid="multi-region-active-region"
        data-certainty={active.certainty}
        data-role={active.activeRole}
      >
        {active.activeRegion}
      </Typography>
      <Typography variant="subtitle1">
        {onSecondary ? 'secondary region' : 'primary region'}
        {status.dnsName ? ` — ${status.dnsName} answers here` : ''}
      </Typography>
      {onSecondary && (
        <Typography
          variant="body1"
          data-testid="multi-region-active-since"
          title={since}
        >
          <strong>
            Running on secondary
            {since
              ? ` since ${formatTimestamp(since)} (${formatRelative(
                  since,
                  props.now,
                )})`
              : ' (since when is not recorded)'}
          </strong>
          {status.primaryRegion ? `; primary is ${status.primaryRegion}.` : '.'}
        </Typography>
      )}
      {active.certainty === 'deduced' && (
        <Alert severity="warning" data-testid="multi-region-deduced">
          <Typography variant="body2">
            Deduced, not fully read: {active.explanation}
          </Typography>
          {unreadableDetails(status).map(line => (
            <Typography variant="body2" key={line}>
              {line}
            </Typography>
          ))}
        </Alert>
      )}
      {active.degraded && (
        <Alert severity="error" data-testid="multi-region-degraded">
          {active.explanation} Neither region's routing control is On: turn one
          On (“Set routing to {status.primaryRegion}” below does it, with a
          reason, recorded like a failover).
        </Alert>
      )}
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { isDrillFinal, useDrillProgress } from '../../hooks/useDrillProgress';
import { liveUpdatesAttribute } from '../../hooks/liveUpdates';
import { useWhenBecomesTrue } from '../../hooks/useWhenBecomesTrue';
import { DRILL_STATE_LABELS } from '../../utils/drills';
import { formatActor, formatRelative } from '../../utils/format';
import { DrillWatchSummary, SoakCountdown, StopDrillButton } from '../Drills';

/** "failing over to us-west-2", "soaking in us-west-2, fails back in 4 min". */
function Phase({ drill }: { drill: Drill }) {
  switch (drill.state) {
    case 'failing-over':
      return <>failing over to {drill.secondaryRegion}</>;
    case 'soaking':
      return (
        <>
          soaking in {drill.secondaryRegion},{' '}
          <SoakCountdown drill={drill} testId="multi-region-drill-countdown" />
        </>
      );
    case 'failing-back':
      return <>failing back to {drill.primaryRegion}</>;
    default:
      return <>{DRILL_STATE_LABELS[drill.state]}</>;
  }
}

/**
 * While a drill runs: its phase (the soak counting down), what its watch
 * saw, the way to its progress and a Stop button. Follows the drill itself
 * and tells the card once it is over.
 */
export function DrillRunningBanner(props: {
  running: Drill;
  canStop: boolean;
  stopDeniedReason?: string;
  pollIntervalMs: number;
  onFollow: () => void;
  /** The drill finished or was stopped: the card reads its status again. */
  onChanged: () => void;
  now?: Date;
}) {
  const { onChanged } = props;
  const {
    drill = props.running,
    replace,
    live,
  } = useDrillProgress(props.running, props.pollIntervalMs);
  const finished = isDrillFinal(drill);
  useWhenBecomesTrue(finished, onChanged);
  const stoppable = !finished && drill.state !== 'failing-back' && !drill.stop;
  return (
    <Alert
      severity="info"
      data-testid="multi-region-drill-running"
      data-state={drill.state}
      data-live-updates={liveUpdatesAttribute(live)}
      action={
        <Box display="flex" flexDirection="column" alignItems="flex-end">
          <Button
            color="inherit"
            size="small"
            onClick={props.onFollow}
            data-testid="multi-region-drill-follow"
          >
            Show progress
          </Button>
          {stoppable && (
            <StopDrillButton
              drill={drill}
              testId="multi-region-drill-stop"
              disabled={!props.canStop}
              disabledReason={props.stopDeniedReason}
              onStopped={stopped => {
                replace(stopped);
                onChanged();
              }}
            />
          )}
        </Box>
      }
    >
      <AlertTitle>
        Drill under way: <Phase drill={drill} />
      </AlertTitle>
      <Typography variant="body2">
        Started by {formatActor(drill.actor)}{' '}
        {formatRelative(drill.createdAt, props.now)}: “{drill.reason}”.
      </Typography>
      <DrillWatchSummary
        drill={drill}
        testId="multi-region-drill-watch"
        now={props.now}
      />
      {drill.stop && (
        <Typography variant="body2" data-testid="multi-region-drill-stopping">
          Stop asked by {formatActor(drill.stop.by)}: “{drill.stop.reason}”;
          failing back.
        </Typography>
      )}
    </Alert>
  );
}

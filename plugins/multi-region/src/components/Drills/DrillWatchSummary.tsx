import Typography from '@material-ui/core/Typography';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { formatRelative, formatTimestamp } from '../../utils/format';
import { AlarmReadings } from './AlarmReadings';

/**
 * What the drill saw at its last look during the soak: the secondary's
 * health check, the outcome alarms (secondary) and the blocking alarms
 * (primary). Nothing before the first look.
 */
export function DrillWatchSummary(props: {
  drill: Drill;
  testId: string;
  now?: Date;
}) {
  const { drill } = props;
  const watch = drill.watch;
  if (!watch) return null;
  return (
    <Typography
      variant="body2"
      component="div"
      data-testid={props.testId}
      data-target-health={watch.targetHealth}
    >
      <span title={formatTimestamp(watch.at)}>
        Last look {formatRelative(watch.at, props.now)}
      </span>
      : {drill.secondaryRegion} health check{' '}
      <strong>{watch.targetHealth}</strong>
      {watch.outcomeAlarms.length > 0 && (
        <>
          ; outcome alarms{' '}
          <AlarmReadings
            readings={watch.outcomeAlarms}
            itemTestId="drill-watch-outcome-alarm"
          />
        </>
      )}
      {watch.blockingAlarms.length > 0 && (
        <>
          ; blocking alarms ({drill.primaryRegion}){' '}
          <AlarmReadings
            readings={watch.blockingAlarms}
            itemTestId="drill-watch-blocking-alarm"
          />
        </>
      )}
      .
    </Typography>
  );
}

import Typography from '@material-ui/core/Typography';
import { DrillPlan } from '@multi-region-failover/plugin-multi-region-common';
import { AlarmReadings } from '../Drills';

/**
 * The alarms a drill reads: the blocking ones in the primary region (read
 * now; in ALARM they refuse the drill, or end its soak), and what the soak
 * watches in the secondary region.
 */
export function DrillAlarms(props: { plan: DrillPlan }) {
  const { plan } = props;
  const { fromRegion, toRegion } = plan.failover;
  return (
    <>
      <Typography
        variant="body2"
        data-testid="drill-blocking-alarms"
        style={{ marginTop: 8 }}
      >
        <strong>Blocking alarms ({fromRegion}):</strong>{' '}
        {plan.blockingAlarms.length > 0 ? (
          <AlarmReadings
            readings={plan.blockingAlarms}
            itemTestId="drill-blocking-alarm"
          />
        ) : (
          'none named'
        )}
        . In ALARM they refuse the drill, or end its soak.
      </Typography>
      <Typography variant="body2" data-testid="drill-outcome-alarms">
        <strong>Watched during the soak ({toRegion}):</strong> the health check
        {plan.outcomeAlarms.length > 0
          ? ` and ${plan.outcomeAlarms.join(', ')}`
          : ' only (no outcome alarms named)'}
        . A bad reading fails back at once.
      </Typography>
    </>
  );
}

import Typography from '@material-ui/core/Typography';
import { DrillPlan } from '@multi-region-failover/plugin-multi-region-common';
import { RoutingChanges } from '../FailoverDialog';
import { DrillAlarms } from './DrillAlarms';
import { DrillRefusals } from './DrillRefusals';
import { DrillWindow } from './DrillWindow';

/**
 * The backend's drill plan in words: the round trip, every refusal, the time
 * window, the alarms, the routing-control changes of the failover and the
 * RTO its switch time is measured against.
 */
export function DrillPlanSummary(props: {
  plan: DrillPlan;
  entityName: string;
}) {
  const { plan } = props;
  const { fromRegion, toRegion, changes } = plan.failover;
  return (
    <div data-testid="drill-plan">
      <Typography variant="h6" data-testid="drill-plan-headline">
        Drill {props.entityName}: {fromRegion} → {toRegion} → {fromRegion}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Traffic fails over to <strong>{toRegion}</strong>, stays there for the
        soak while the outcome is watched, then fails back to{' '}
        <strong>{fromRegion}</strong>. A bad reading, a blocking alarm or a stop
        fails back at once.
      </Typography>
      <DrillRefusals refusals={plan.refusals} />
      <DrillWindow window={plan.window} />
      <DrillAlarms plan={plan} />
      <RoutingChanges
        changes={changes}
        label="Routing-control changes of the failover"
      />
      <Typography
        variant="caption"
        color="textSecondary"
        display="block"
        data-testid="drill-rto"
      >
        The failback sets them back.{' '}
        {plan.rtoMinutes !== undefined
          ? `Switch times are measured against the ${plan.rtoMinutes} min RTO.`
          : 'No RTO is set (multi-region-failover.io/rto-minutes): times are recorded without a verdict.'}
      </Typography>
    </div>
  );
}

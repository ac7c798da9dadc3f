import Typography from '@material-ui/core/Typography';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { describeTimings, drillRto, rtoMetOf } from '../../utils/drills';

/**
 * How fast the drill's failover switched and turned healthy, against the
 * RTO (met, missed, or no RTO), and the failback's times.
 */
export function DrillTimings(props: { drill: Drill }) {
  const { drill } = props;
  const rto = drillRto(drill);
  return (
    <div data-testid="drill-timings" data-rto-met={rtoMetOf(rto.rtoMet)}>
      <Typography variant="subtitle2">Timings, from confirm</Typography>
      <Typography variant="body2" data-testid="drill-timings-failover">
        Failover to {drill.secondaryRegion}:{' '}
        {drill.failoverTimings
          ? describeTimings({ ...drill.failoverTimings, ...rto })
          : 'not measured (it did not complete)'}
      </Typography>
      <Typography variant="body2" data-testid="drill-timings-failback">
        Failback to {drill.primaryRegion}:{' '}
        {drill.failbackTimings
          ? describeTimings(drill.failbackTimings)
          : 'not measured (it did not complete)'}
      </Typography>
    </div>
  );
}

import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  EvacuationPlan,
  EvacuationPlanItem,
  FailoverAction,
} from '@multi-region-failover/plugin-multi-region-common';
import { describeSelection } from '../../utils/evacuations';
import { PlanMovingTable } from './PlanMovingTable';
import { PlanSkippedTable } from './PlanSkippedTable';

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** "3 services move out of us-east-1 (owner team-orders) in 2 waves, at most 4 at a time; 2 are skipped." */
function headline(plan: EvacuationPlan, moving: EvacuationPlanItem[]): string {
  const selection = describeSelection(plan.selection);
  const waves = new Set(moving.map(item => item.wave)).size;
  const skipped = plan.items.length - moving.length;
  const moves = moving.length
    ? `${plural(moving.length, 'service moves', 'services move')} out of ${
        plan.region
      }${selection ? ` (${selection})` : ''} in ${plural(
        waves,
        'wave',
        'waves',
      )}, at most ${plan.concurrency} at a time`
    : `Nothing moves out of ${plan.region}${
        selection ? ` (${selection})` : ''
      }`;
  return `${moves}${
    skipped ? `; ${plural(skipped, 'is', 'are')} skipped` : ''
  }.`;
}

/**
 * The dry run, as the server answered it for the caller: why it cannot
 * start (if so), what moves in what order, what is skipped and why, and how
 * many services in the region the caller may not even see.
 */
export function EvacuationPlanView(props: {
  plan: EvacuationPlan;
  actionOf: (item: EvacuationPlanItem) => FailoverAction;
}) {
  const { plan } = props;
  // The server lists moving services in order, then the skipped ones.
  const moving = plan.items.filter(item => !item.skip);
  const skipped = plan.items.filter(item => item.skip);
  return (
    <div data-testid="evacuation-plan">
      <Typography
        variant="body1"
        gutterBottom
        data-testid="evacuation-plan-headline"
      >
        {headline(plan, moving)}
      </Typography>
      {plan.refusal && (
        <Alert
          severity="warning"
          data-testid="evacuation-plan-refusal"
          style={{ marginBottom: 8 }}
        >
          <AlertTitle>It cannot start now</AlertTitle>
          {plan.refusal}
        </Alert>
      )}
      {plan.unreadable > 0 && (
        <Typography
          variant="body2"
          gutterBottom
          data-testid="evacuation-plan-unreadable"
        >
          {plural(plan.unreadable, 'more service is', 'more services are')}{' '}
          active in {plan.region} that you may not read: not listed, and not
          moved.
        </Typography>
      )}
      <PlanMovingTable items={moving} actionOf={props.actionOf} />
      <PlanSkippedTable items={skipped} />
    </div>
  );
}

import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  describeEvacuationCounts,
  Evacuation,
  EvacuationOutcome as Outcome,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatTimestamp } from '../../utils/format';

const SEVERITY: Record<Outcome, Color> = {
  succeeded: 'success',
  'partly-failed': 'warning',
  failed: 'error',
  stopped: 'warning',
};

function outcomeTitle(evacuation: Evacuation): string {
  switch (evacuation.outcome) {
    case 'succeeded':
      return `Evacuation succeeded: every confirmed service left ${evacuation.region}`;
    case 'partly-failed':
      return `Evacuation partly failed: some services are still in ${evacuation.region}`;
    case 'failed':
      return `Evacuation failed: no service left ${evacuation.region}`;
    case 'stopped':
      return 'Evacuation stopped';
    default:
      return 'Evacuation completed';
  }
}

/** How a completed evacuation went, and the count of each state. */
export function EvacuationOutcome(props: {
  evacuation: Evacuation;
  counts: Evacuation['counts'];
}) {
  const { evacuation } = props;
  return (
    <Alert
      severity={evacuation.outcome ? SEVERITY[evacuation.outcome] : 'info'}
      data-testid="evacuation-outcome"
      data-outcome={evacuation.outcome ?? 'none'}
      style={{ margin: '8px 0' }}
    >
      <AlertTitle>{outcomeTitle(evacuation)}</AlertTitle>
      {describeEvacuationCounts(props.counts)}
      {evacuation.completedAt
        ? `; completed ${formatTimestamp(evacuation.completedAt)}.`
        : '.'}
    </Alert>
  );
}

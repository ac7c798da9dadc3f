import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  Drill,
  DrillOutcome,
} from '@multi-region-failover/plugin-multi-region-common';
import { DRILL_OUTCOME_LABELS } from '../../utils/drills';
import { RecordReportMenu } from '../Reports';
import { DrillTimings } from './DrillTimings';

const SEVERITY: Record<DrillOutcome, Color> = {
  passed: 'success',
  'outcome-failed': 'warning',
  blocked: 'warning',
  stopped: 'warning',
  interrupted: 'warning',
  'failover-failed': 'error',
  'failback-failed': 'error',
};

/** "Drill passed" and why, or that a person must look; then the timings. */
function outcomeTitle(drill: Drill): string {
  if (drill.state === 'needs-attention') {
    return `Needs attention: the drill could not fail back, traffic may still be in ${drill.secondaryRegion}`;
  }
  return drill.outcome
    ? `Drill ${DRILL_OUTCOME_LABELS[drill.outcome]}`
    : `Drill ${drill.state}`;
}

/** How a finished drill went, why, how fast it switched, and its report. */
export function DrillResult(props: { drill: Drill }) {
  const { drill } = props;
  const severity =
    drill.state === 'needs-attention' || !drill.outcome
      ? 'error'
      : SEVERITY[drill.outcome];
  return (
    <>
      <Alert
        severity={severity}
        data-testid="drill-outcome"
        data-outcome={drill.outcome ?? 'none'}
        style={{ margin: '8px 0' }}
      >
        <AlertTitle>{outcomeTitle(drill)}</AlertTitle>
        {drill.outcomeDetail}
      </Alert>
      <DrillTimings drill={drill} />
      <RecordReportMenu kind="drill" id={drill.id} />
    </>
  );
}

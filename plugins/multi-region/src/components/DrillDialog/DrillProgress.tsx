import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Drill } from '@multi-region-failover/plugin-multi-region-common';
import { isDrillFinal } from '../../hooks/useDrillProgress';
import { liveUpdatesAttribute } from '../../hooks/liveUpdates';
import {
  DRILL_PHASES,
  DrillPhase,
  DrillPhaseStatus,
  drillPhaseStatuses,
  formatSoak,
} from '../../utils/drills';
import { errorMessage } from '../../utils/errors';
import {
  formatActor,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';
import { DrillWatchSummary, SoakCountdown } from '../Drills';
import { DrillEvents } from './DrillEvents';
import { DrillResult } from './DrillResult';

function phaseLabel(phase: DrillPhase, drill: Drill): string {
  switch (phase) {
    case 'failing-over':
      return `Fail over to ${drill.secondaryRegion}`;
    case 'soaking':
      return `Soak in ${drill.secondaryRegion} for ${formatSoak(
        drill.soakSeconds,
      )}`;
    case 'failing-back':
      return `Fail back to ${drill.primaryRegion}`;
    default:
      return 'Done';
  }
}

const SUFFIX: Record<DrillPhaseStatus, string> = {
  pending: '',
  running: ' …',
  done: '',
  'cut-short': ' (ended early)',
  skipped: ' (skipped)',
  failed: ' (failed)',
};

/**
 * Live progress of a drill: failing over -> soaking (counting down) ->
 * failing back -> done, what its watch saw, a stop asked for, its events;
 * once finished, its outcome and timings.
 */
export function DrillProgress(props: {
  drill: Drill;
  pollError?: unknown;
  /** Signals drive the re-reads (else it polls). */
  live?: boolean;
  now?: Date;
}) {
  const { drill } = props;
  const statuses = drillPhaseStatuses(drill);
  const running = DRILL_PHASES.findIndex(p => statuses[p] === 'running');
  const finished = isDrillFinal(drill);
  return (
    <div
      data-testid="drill-progress"
      data-state={drill.state}
      data-outcome={drill.outcome ?? 'none'}
      data-live-updates={liveUpdatesAttribute(Boolean(props.live))}
    >
      <Typography variant="body2">
        Drill {drill.primaryRegion} → {drill.secondaryRegion} →{' '}
        {drill.primaryRegion}, started by {formatActor(drill.actor)}{' '}
        {formatTimestamp(drill.createdAt)}: “{drill.reason}”
      </Typography>
      <Stepper
        orientation="vertical"
        activeStep={running < 0 ? DRILL_PHASES.length : running}
      >
        {DRILL_PHASES.map(phase => (
          <Step
            key={phase}
            completed={['done', 'cut-short'].includes(statuses[phase])}
            data-testid={`drill-step-${phase}`}
            data-status={statuses[phase]}
            expanded
          >
            <StepLabel error={statuses[phase] === 'failed'}>
              {phaseLabel(phase, drill)}
              {SUFFIX[statuses[phase]]}
            </StepLabel>
            <StepContent>
              {phase === 'soaking' && statuses.soaking === 'running' && (
                <Typography variant="caption" display="block">
                  <SoakCountdown drill={drill} testId="drill-soak-countdown" />
                </Typography>
              )}
            </StepContent>
          </Step>
        ))}
      </Stepper>
      <DrillWatchSummary drill={drill} testId="drill-watch" now={props.now} />
      {drill.stop && (
        <Typography variant="body2" data-testid="drill-stop-requested">
          Stop asked by {formatActor(drill.stop.by)}{' '}
          {formatRelative(drill.stop.at, props.now)}: “{drill.stop.reason}”.
        </Typography>
      )}
      {props.pollError !== undefined && (
        <Alert severity="warning">
          Could not read the latest progress ({errorMessage(props.pollError)});
          retrying. The drill itself continues on the server.
        </Alert>
      )}
      {finished && <DrillResult drill={drill} />}
      <DrillEvents events={drill.events} />
    </div>
  );
}

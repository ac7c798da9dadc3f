import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Drill,
  isDrillRunning,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  DRILL_OUTCOME_LABELS,
  DRILL_STATE_LABELS,
  drillRto,
  formatSoak,
  rtoMetOf,
  rtoVerdictText,
} from '../../utils/drills';
import {
  formatActor,
  formatDuration,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';
import { RecordReportMenu } from '../Reports';
import { SmallTable } from '../SmallTable';

/** The outcome as a chip (the state while it runs), and why, in a line. */
function OutcomeCell({ drill }: { drill: Drill }) {
  const running = isDrillRunning(drill);
  let label = DRILL_STATE_LABELS[drill.state];
  if (!running && drill.outcome) label = DRILL_OUTCOME_LABELS[drill.outcome];
  return (
    <>
      <Chip
        size="small"
        variant={running ? 'outlined' : 'default'}
        color={drill.outcome === 'passed' || running ? 'primary' : 'secondary'}
        label={label}
      />
      {drill.outcomeDetail && (
        <Typography variant="caption" display="block">
          {drill.outcomeDetail}
        </Typography>
      )}
      {drill.stop && (
        <Typography variant="caption" display="block" color="textSecondary">
          Stopped by {formatActor(drill.stop.by)}: “{drill.stop.reason}”
        </Typography>
      )}
    </>
  );
}

/** "42 s (RTO 15 min met)", or "—" before the failover switched. */
function SwitchCell({ drill }: { drill: Drill }) {
  const switchMs = drill.failoverTimings?.switchMs;
  const rto = drillRto(drill);
  if (switchMs === undefined) return <>—</>;
  return (
    <span data-rto-met={rtoMetOf(rto.rtoMet)}>
      {formatDuration(switchMs)} ({rtoVerdictText(rto.rtoMinutes, rto.rtoMet)})
    </span>
  );
}

/** Short values (a name, a duration, a button) stay on one line. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Every drill of one service, newest first: when, who, why, how long, how it went. */
export function DrillsTable(props: { drills: Drill[]; now?: Date }) {
  return (
    <div data-testid="multi-region-drills">
      {props.drills.length === 0 ? (
        <Typography variant="body2" data-testid="multi-region-drills-empty">
          No drill has been run for this service yet.
        </Typography>
      ) : (
        <SmallTable
          label="Drills"
          columns={[
            'Started',
            'By',
            'Reason',
            'Soak',
            'Outcome',
            'Switch time',
            'Evidence',
          ]}
        >
          {props.drills.map(drill => (
            <TableRow
              key={drill.id}
              data-testid="drill-row"
              data-drill-id={drill.id}
              data-state={drill.state}
              data-outcome={drill.outcome ?? 'none'}
            >
              <TableCell title={drill.createdAt}>
                {formatTimestamp(drill.createdAt)}
                <Typography variant="caption" display="block">
                  {formatRelative(drill.createdAt, props.now)}
                </Typography>
              </TableCell>
              <TableCell style={NO_WRAP}>{formatActor(drill.actor)}</TableCell>
              <TableCell>{drill.reason}</TableCell>
              <TableCell style={NO_WRAP}>
                {formatSoak(drill.soakSeconds)}
              </TableCell>
              <TableCell>
                <OutcomeCell drill={drill} />
              </TableCell>
              <TableCell>
                <SwitchCell drill={drill} />
              </TableCell>
              <TableCell style={NO_WRAP}>
                <RecordReportMenu kind="drill" id={drill.id} />
              </TableCell>
            </TableRow>
          ))}
        </SmallTable>
      )}
    </div>
  );
}

import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import {
  describeChange,
  formatActor,
  formatDuration,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';
import { RecordReportMenu } from '../Reports';
import { OperationTimingsLine } from './OperationTimingsLine';

const DOT_COLOR: Record<
  Operation['status'],
  'primary' | 'secondary' | 'grey' | 'inherit'
> = {
  succeeded: 'primary',
  failed: 'secondary',
  reconciled: 'grey',
  refused: 'grey',
  // the write may or may not have landed: as loud as a failure
  unknown: 'secondary',
  pending: 'inherit',
  'in-progress': 'inherit',
};

function DnsFollowed({
  op,
  rtoMinutes,
}: {
  op: Operation;
  rtoMinutes?: number;
}) {
  if (op.dnsFollowedAfterMs === undefined) return null;
  let rto = '';
  if (rtoMinutes !== undefined) {
    const within = op.dnsFollowedAfterMs <= rtoMinutes * 60_000;
    rto = ` (${within ? 'within' : 'over'} the ${rtoMinutes} min RTO)`;
  }
  return (
    <Typography variant="body2">
      DNS followed after{' '}
      <strong>{formatDuration(op.dnsFollowedAfterMs)}</strong>
      {rto}
    </Typography>
  );
}

/**
 * "Readiness at confirm: 5 of 6 pass, 1 failing; acknowledged: Target health
 * check", for an operation confirmed while checks failed or warned.
 */
function ReadinessAtConfirm({ op }: { op: Operation }) {
  const readiness = op.readiness;
  if (!readiness?.problems.length) return null;
  const { summary } = readiness;
  const counts = [
    `${summary.passed} of ${summary.total} pass`,
    ...(summary.failed ? [`${summary.failed} failing`] : []),
    ...(summary.warned
      ? [`${summary.warned} warning${summary.warned === 1 ? '' : 's'}`]
      : []),
  ].join(', ');
  const acknowledged = readiness.acknowledged.map(
    id => readiness.problems.find(c => c.id === id)?.title ?? id,
  );
  return (
    <Typography
      variant="body2"
      color={summary.failed ? 'error' : 'textSecondary'}
      data-testid="multi-region-history-readiness"
      title={readiness.problems
        .map(c => `${c.title} (${c.verdict}): ${c.reason}`)
        .join('\n')}
    >
      Readiness at confirm: {counts}
      {acknowledged.length ? `; acknowledged: ${acknowledged.join(', ')}` : ''}
    </Typography>
  );
}

/** Every recorded change of one entity, newest first: who, when, why, what, outcome. */
export function HistoryTimeline(props: {
  items: Operation[];
  rtoMinutes?: number;
}) {
  if (props.items.length === 0) {
    return (
      <Typography variant="body2" data-testid="multi-region-history-empty">
        No failover has been recorded for this service yet.
      </Typography>
    );
  }
  return (
    <Timeline align="left" data-testid="multi-region-history">
      {props.items.map((op, index) => (
        <TimelineItem
          key={op.id}
          data-testid="multi-region-history-row"
          data-operation-id={op.id}
          data-status={op.status}
        >
          <TimelineOppositeContent style={{ flex: 0.3 }}>
            <Typography variant="body2" title={op.createdAt}>
              {formatTimestamp(op.createdAt)}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {formatRelative(op.createdAt)}
            </Typography>
          </TimelineOppositeContent>
          <TimelineSeparator>
            <TimelineDot color={DOT_COLOR[op.status]} />
            {index < props.items.length - 1 && <TimelineConnector />}
          </TimelineSeparator>
          <TimelineContent>
            <Typography variant="subtitle2">
              {describeChange(op)} <Chip size="small" label={op.status} />{' '}
              <Chip
                size="small"
                variant="outlined"
                label={op.source === 'external' ? 'external change' : 'portal'}
              />
              {op.drillId && (
                <Chip
                  size="small"
                  color="primary"
                  variant="outlined"
                  label="Drill"
                  title={`Part of drill ${op.drillId}`}
                  data-testid="operation-drill"
                  data-drill-id={op.drillId}
                />
              )}
              {op.evacuationId && (
                <Chip
                  size="small"
                  color="primary"
                  variant="outlined"
                  label="Evacuation"
                  title={`Part of evacuation ${op.evacuationId}`}
                  data-testid="operation-evacuation"
                  data-evacuation-id={op.evacuationId}
                />
              )}
              {op.overrideSafetyRules && (
                <Chip
                  size="small"
                  color="secondary"
                  label="safety rules overridden"
                />
              )}
            </Typography>
            <Typography variant="body2">
              By <strong>{formatActor(op.actor)}</strong>
              {op.source === 'external'
                ? ' (detected; not made through Backstage)'
                : ''}
            </Typography>
            <Typography variant="body2">Why: “{op.reason}”</Typography>
            <ReadinessAtConfirm op={op} />
            {op.timings ? (
              <OperationTimingsLine
                timings={op.timings}
                rtoMinutes={props.rtoMinutes}
              />
            ) : (
              // Before timings were measured: when DNS followed.
              <DnsFollowed op={op} rtoMinutes={props.rtoMinutes} />
            )}
            {op.supersededBy && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="multi-region-history-superseded"
              >
                DNS no longer followed: superseded by a later change (operation{' '}
                {op.supersededBy}).
              </Typography>
            )}
            {op.error && (
              <Typography
                variant="body2"
                color={op.status === 'refused' ? 'textSecondary' : 'error'}
              >
                {op.status === 'refused' ? 'Refused, nothing changed: ' : ''}
                {op.error.message}
              </Typography>
            )}
            <RecordReportMenu kind="operation" id={op.id} />
          </TimelineContent>
        </TimelineItem>
      ))}
    </Timeline>
  );
}

import Typography from '@material-ui/core/Typography';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import {
  formatActor,
  formatDuration,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';

/** One line per fact of the last change: who, when, why, what, outcome. */
export function LastChange(props: { operation?: Operation; now?: Date }) {
  const op = props.operation;
  return (
    <div data-testid="multi-region-last-change">
      <Typography variant="subtitle2">Last change</Typography>
      {!op ? (
        <Typography variant="body2">
          No failover has been recorded for this service.
        </Typography>
      ) : (
        <Typography variant="body2" component="div">
          <div>
            <strong>
              {op.action === 'failover' ? 'Failed over' : 'Failed back'}
            </strong>{' '}
            {op.fromRegion} → {op.toRegion} by{' '}
            <strong>{formatActor(op.actor)}</strong>
            {op.source === 'external' ? ' (changed outside the portal)' : ''}
          </div>
          <div title={op.createdAt}>
            {formatTimestamp(op.createdAt)} (
            {formatRelative(op.createdAt, props.now)})
          </div>
          <div>Why: “{op.reason}”</div>
          <div>
            Result: {op.status}
            {op.dnsFollowedAfterMs !== undefined
              ? `; DNS followed after ${formatDuration(op.dnsFollowedAfterMs)}`
              : ''}
            {op.overrideSafetyRules
              ? '; safety rules overridden (break-glass)'
              : ''}
            {op.error ? `; ${op.error.message}` : ''}
          </div>
        </Typography>
      )}
    </div>
  );
}

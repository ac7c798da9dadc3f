import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { DRILL_OUTCOME_LABELS } from '../../utils/drills';
import { formatRelative, formatTimestamp } from '../../utils/format';
import { DrillStatusFilter, drillStatusOf } from './filterServices';

const CHIP_LABELS: Record<DrillStatusFilter, string> = {
  running: 'running',
  overdue: 'overdue',
  passed: 'passed',
  failed: 'failed',
  never: 'never',
};

/** Statuses that need someone: in the secondary colour. */
const ATTENTION: readonly DrillStatusFilter[] = ['overdue', 'failed', 'never'];

/**
 * The "Last drill" column: a word (running, failed, never, overdue, passed),
 * then when the last one finished, how it went and whether it met the RTO.
 */
export function DrillCell({ service }: { service: ServiceSummary }) {
  const status = drillStatusOf(service);
  const drill = service.drill;
  return (
    <span
      data-testid="multi-region-row-drill"
      data-status={status}
      style={{ whiteSpace: 'nowrap' }}
    >
      <Chip
        size="small"
        variant={status === 'passed' ? 'outlined' : 'default'}
        color={ATTENTION.includes(status) ? 'secondary' : 'default'}
        label={CHIP_LABELS[status]}
      />
      {drill?.lastAt && (
        <Typography
          variant="caption"
          display="block"
          title={formatTimestamp(drill.lastAt)}
        >
          {formatRelative(drill.lastAt)}
          {drill.lastOutcome
            ? `: ${DRILL_OUTCOME_LABELS[drill.lastOutcome]}`
            : ''}
          {drill.lastRtoMet !== undefined
            ? `, RTO ${drill.lastRtoMet ? 'met' : 'missed'}`
            : ''}
        </Typography>
      )}
      {status !== 'overdue' && drill?.overdue && (
        <Typography variant="caption" display="block" color="secondary">
          overdue
        </Typography>
      )}
    </span>
  );
}

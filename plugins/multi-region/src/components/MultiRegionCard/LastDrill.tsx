import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import { DrillStatus } from '@multi-region-failover/plugin-multi-region-common';
import { lastDrillText } from '../../utils/drills';
import { formatTimestamp } from '../../utils/format';

/** The colour of the last drill's line: plain when it passed, red when it did not. */
function lineColor(
  drills: DrillStatus,
): 'textPrimary' | 'textSecondary' | 'error' {
  const outcome = drills.last?.outcome;
  if (!outcome) return 'textSecondary';
  return outcome === 'passed' ? 'textPrimary' : 'error';
}

/**
 * "Last drill 3 days ago: passed, switched in 42 s (RTO 15 min, met)" or
 * "No drill yet", and a badge when no drill passed within the overdue period.
 */
export function LastDrill(props: { drills: DrillStatus; now?: Date }) {
  const { drills } = props;
  const last = drills.last;
  return (
    <Box my={1} display="flex" alignItems="center" flexWrap="wrap">
      <Typography
        variant="body2"
        color={lineColor(drills)}
        data-testid="multi-region-drill-last"
        data-outcome={last?.outcome ?? 'none'}
        title={
          last ? formatTimestamp(last.completedAt ?? last.updatedAt) : undefined
        }
      >
        {lastDrillText(last, props.now)}
      </Typography>
      {drills.overdue && (
        <Chip
          size="small"
          color="secondary"
          icon={<WarningIcon />}
          label={`Drill overdue: none passed in ${drills.overdueAfterDays} days`}
          data-testid="multi-region-drill-overdue"
          style={{ marginLeft: 8 }}
        />
      )}
    </Box>
  );
}

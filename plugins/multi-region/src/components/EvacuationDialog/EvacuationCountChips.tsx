import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import {
  EVACUATION_ITEM_STATES,
  EvacuationCounts,
  EvacuationItemState,
} from '@multi-region-failover/plugin-multi-region-common';

const COLORS: Partial<Record<EvacuationItemState, 'primary' | 'secondary'>> = {
  moved: 'primary',
  failed: 'secondary',
};

/** How many services wait, move, moved, failed or were skipped: one chip each, zeros included. */
export function EvacuationCountChips(props: { counts: EvacuationCounts }) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      my={1}
      style={{ gap: 8 }}
      data-testid="evacuation-counts"
    >
      {EVACUATION_ITEM_STATES.map(state => (
        <Chip
          key={state}
          size="small"
          variant={props.counts[state] > 0 ? 'default' : 'outlined'}
          color={props.counts[state] > 0 ? COLORS[state] : undefined}
          label={`${props.counts[state]} ${state}`}
          data-testid={`evacuation-count-${state}`}
          data-count={props.counts[state]}
        />
      ))}
    </Box>
  );
}

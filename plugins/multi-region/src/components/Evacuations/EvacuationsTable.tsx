import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  describeEvacuationCounts,
  Evacuation,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  describeSelection,
  evacuationStatusLabel,
  isEvacuationFinal,
} from '../../utils/evacuations';
import {
  formatActor,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';
import { liveUpdatesAttribute } from '../../hooks/liveUpdates';
import { SmallTable } from '../SmallTable';

/** Running outlined, succeeded in the primary colour, anything else in the secondary. */
function StatusChip({ evacuation }: { evacuation: Evacuation }) {
  const running = !isEvacuationFinal(evacuation);
  return (
    <Chip
      size="small"
      variant={running ? 'outlined' : 'default'}
      color={
        running || evacuation.outcome === 'succeeded' ? 'primary' : 'secondary'
      }
      label={evacuationStatusLabel(evacuation)}
    />
  );
}

/**
 * Recent evacuations, newest first: region (and selection), who, when,
 * where it is, how many services in each state; each opens its progress.
 */
export function EvacuationsTable(props: {
  evacuations: Evacuation[];
  onOpen: (evacuation: Evacuation) => void;
  /** Signals drive the re-reads (else it polls). */
  live?: boolean;
  now?: Date;
}) {
  return (
    <div
      data-testid="evacuations-table"
      data-live-updates={liveUpdatesAttribute(Boolean(props.live))}
    >
      <SmallTable
        label="Evacuations"
        columns={['Region', 'By', 'Started', 'State', 'Services', '']}
      >
        {props.evacuations.map(evacuation => {
          const selection = describeSelection(evacuation.selection);
          return (
            <TableRow
              key={evacuation.id}
              hover
              style={{ cursor: 'pointer' }}
              onClick={() => props.onOpen(evacuation)}
              data-testid="evacuation-row"
              data-evacuation-id={evacuation.id}
              data-state={evacuation.state}
              data-outcome={evacuation.outcome ?? 'none'}
            >
              <TableCell>
                <strong>{evacuation.region}</strong>
                {selection && (
                  <Typography variant="caption" display="block">
                    {selection}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {formatActor(evacuation.actor)}
                <Typography
                  variant="caption"
                  display="block"
                  noWrap
                  style={{ maxWidth: 240 }}
                  title={evacuation.reason}
                >
                  “{evacuation.reason}”
                </Typography>
              </TableCell>
              <TableCell
                style={{ whiteSpace: 'nowrap' }}
                title={formatTimestamp(evacuation.createdAt)}
              >
                {formatRelative(evacuation.createdAt, props.now)}
              </TableCell>
              <TableCell>
                <StatusChip evacuation={evacuation} />
              </TableCell>
              <TableCell>
                {describeEvacuationCounts(evacuation.counts)}
              </TableCell>
              <TableCell>
                <Button
                  size="small"
                  onClick={event => {
                    // The row opens it too: open once.
                    event.stopPropagation();
                    props.onOpen(evacuation);
                  }}
                  data-testid="evacuation-row-open"
                >
                  Show progress
                </Button>
              </TableCell>
            </TableRow>
          );
        })}
      </SmallTable>
    </div>
  );
}

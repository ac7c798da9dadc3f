import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EvacuationItem,
  isEvacuationItemFinal,
} from '@multi-region-failover/plugin-multi-region-common';
import { entityNameOf } from '../../utils/evacuations';
import { formatTimestamp } from '../../utils/format';
import { serviceName } from '../../utils/summary';
import { SmallTable } from '../SmallTable';

/** Short values (a state, a region pair, a time) stay on one line. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The state as a chip: filled once final, outlined while it waits or moves. */
function StateChip({ item }: { item: EvacuationItem }) {
  const final = isEvacuationItemFinal(item);
  let color: 'primary' | 'secondary' | 'default' = 'default';
  if (item.state === 'moved' || item.state === 'moving') color = 'primary';
  if (item.state === 'failed') color = 'secondary';
  return (
    <Chip
      size="small"
      variant={final ? 'default' : 'outlined'}
      color={color}
      label={item.state}
    />
  );
}

/** Why it failed or was skipped, and why it did not wait for a dependency. */
function DetailCell({ item }: { item: EvacuationItem }) {
  return (
    <>
      {item.error && (
        <Typography variant="body2" color="error">
          {item.error}
        </Typography>
      )}
      {item.skip && (
        <Typography variant="body2">{item.skip.message}</Typography>
      )}
      {item.orderNotes.map(note => (
        <Typography
          key={note}
          variant="caption"
          display="block"
          color="textSecondary"
        >
          {note}
        </Typography>
      ))}
    </>
  );
}

/**
 * Each service of the evacuation the caller may read, in order: where it
 * is, from → to, its operation (in the service's Multi-region tab) and
 * when it started and completed.
 */
export function EvacuationItemsTable(props: { items: EvacuationItem[] }) {
  const entityLink = useEntityRefLink();
  return (
    <SmallTable
      label="Services of the evacuation"
      columns={[
        'Order',
        'Service',
        'State',
        'Move',
        'Operation',
        'Detail',
        'Started',
        'Completed',
      ]}
    >
      {props.items.map(item => (
        <TableRow
          key={item.entityRef}
          data-testid={`evacuation-item-${entityNameOf(item.entityRef)}`}
          data-entity-ref={item.entityRef}
          data-state={item.state}
          data-order={item.wave + 1}
        >
          <TableCell>
            {item.wave + 1}
            {item.after.length > 0 && (
              <Typography variant="caption" display="block">
                after {item.after.map(entityNameOf).join(', ')}
              </Typography>
            )}
          </TableCell>
          <TableCell>
            <EntityRefLink
              entityRef={item.entityRef}
              title={serviceName(item)}
            />
          </TableCell>
          <TableCell>
            <StateChip item={item} />
          </TableCell>
          <TableCell style={NO_WRAP}>
            {item.fromRegion} → {item.toRegion ?? '?'}
          </TableCell>
          <TableCell style={NO_WRAP}>
            {item.operationId ? (
              <Link
                to={`${entityLink(item.entityRef)}/multi-region`}
                data-operation-id={item.operationId}
                title="Its operation, in the service's Multi-region tab"
              >
                History
              </Link>
            ) : (
              '—'
            )}
          </TableCell>
          <TableCell>
            <DetailCell item={item} />
          </TableCell>
          <TableCell style={NO_WRAP}>
            {item.startedAt ? formatTimestamp(item.startedAt) : '—'}
          </TableCell>
          <TableCell style={NO_WRAP}>
            {item.completedAt ? formatTimestamp(item.completedAt) : '—'}
          </TableCell>
        </TableRow>
      ))}
    </SmallTable>
  );
}

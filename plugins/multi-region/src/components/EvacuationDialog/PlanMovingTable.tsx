import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EvacuationPlanItem,
  FailoverAction,
} from '@multi-region-failover/plugin-multi-region-common';
import { entityNameOf } from '../../utils/evacuations';
import { serviceName } from '../../utils/summary';
import { ReadinessSummaryChip } from '../Readiness';
import { SmallTable } from '../SmallTable';

/**
 * The services that move, in order: "Order" is the wave, 1 first (one
 * wave's services move together), "After" the services each waits for.
 */
export function PlanMovingTable(props: {
  items: EvacuationPlanItem[];
  /** A move back to the primary is a failback: its readiness says so. */
  actionOf: (item: EvacuationPlanItem) => FailoverAction;
}) {
  return (
    <div data-testid="evacuation-plan-moving">
      <Typography variant="subtitle2" gutterBottom>
        Moves, in this order
      </Typography>
      {props.items.length === 0 ? (
        <Typography variant="body2">No service moves.</Typography>
      ) : (
        <SmallTable
          label="Services that move"
          columns={['Order', 'Service', 'After', 'Move', 'Readiness']}
        >
          {props.items.map(item => {
            const name = entityNameOf(item.entityRef);
            return (
              <TableRow
                key={item.entityRef}
                data-testid={`evacuation-plan-item-${name}`}
                data-entity-ref={item.entityRef}
                data-order={item.wave + 1}
              >
                <TableCell>{item.wave + 1}</TableCell>
                <TableCell>
                  {serviceName(item)}
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
                </TableCell>
                <TableCell>
                  {item.after.length
                    ? item.after.map(entityNameOf).join(', ')
                    : '—'}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {item.fromRegion} → {item.toRegion ?? '?'}
                </TableCell>
                <TableCell>
                  <ReadinessSummaryChip
                    summary={item.readiness}
                    action={props.actionOf(item)}
                    testId="evacuation-plan-readiness"
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </SmallTable>
      )}
    </div>
  );
}

import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EvacuationPlanItem } from '@multi-region-failover/plugin-multi-region-common';
import { entityNameOf } from '../../utils/evacuations';
import { shortRef } from '../../utils/format';
import { serviceName } from '../../utils/summary';
import { SmallTable } from '../SmallTable';

/**
 * The services active in the region that do not move, each with the
 * server's reason (not permitted, readiness failing, busy...), always in
 * view: what stays behind matters as much as what moves.
 */
export function PlanSkippedTable(props: { items: EvacuationPlanItem[] }) {
  if (props.items.length === 0) return null;
  return (
    <div data-testid="evacuation-plan-skipped">
      <Typography variant="subtitle2" gutterBottom style={{ marginTop: 16 }}>
        Skipped ({props.items.length})
      </Typography>
      <SmallTable
        label="Skipped services"
        columns={['Service', 'Owner', 'Why it stays']}
      >
        {props.items.map(item => (
          <TableRow
            key={item.entityRef}
            data-testid={`evacuation-plan-skip-${entityNameOf(item.entityRef)}`}
            data-entity-ref={item.entityRef}
            data-kind={item.skip?.kind}
          >
            <TableCell>{serviceName(item)}</TableCell>
            <TableCell>{shortRef(item.owner)}</TableCell>
            <TableCell>{item.skip?.message}</TableCell>
          </TableRow>
        ))}
      </SmallTable>
    </div>
  );
}

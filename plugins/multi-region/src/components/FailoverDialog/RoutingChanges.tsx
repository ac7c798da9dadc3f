import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { FailoverPlan } from '@multi-region-failover/plugin-multi-region-common';
import { routingControlLabel } from '../../utils/format';
import { SmallTable } from '../SmallTable';

/** The routing controls a plan sets, one row each: "Off → On". */
export function RoutingChanges(props: {
  changes: FailoverPlan['changes'];
  /** The table's accessible name. */
  label?: string;
}) {
  return (
    <SmallTable
      label={props.label ?? 'Routing-control changes'}
      columns={['Routing control', 'Region', 'Change']}
    >
      {props.changes.map(change => (
        <TableRow
          key={change.routingControlArn}
          data-testid="failover-plan-change"
        >
          <TableCell title={change.routingControlArn}>
            {routingControlLabel({
              arn: change.routingControlArn,
              name: change.routingControlName,
            })}
          </TableCell>
          <TableCell>
            {change.region} ({change.role})
          </TableCell>
          <TableCell>
            <strong>
              {change.from} → {change.to}
            </strong>
          </TableCell>
        </TableRow>
      ))}
    </SmallTable>
  );
}

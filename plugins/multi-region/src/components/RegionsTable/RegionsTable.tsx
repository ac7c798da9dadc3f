import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EntityStatusResponse,
  RegionStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatTimestamp, routingControlLabel } from '../../utils/format';
import { activeRoleOf, ROLES } from '../../utils/roles';
import { SmallTable } from '../SmallTable';

const wrap = { overflowWrap: 'anywhere' as const };

/** A reading that failed, in red under the cell's value; AWS errors are long. */
function ReadError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <Typography variant="caption" display="block" color="error" style={wrap}>
      {error}
    </Typography>
  );
}

function RoutingControlCell({ region }: { region: RegionStatus }) {
  const rc = region.routingControl;
  return (
    <TableCell
      data-testid={`multi-region-routing-control-${region.role}`}
      data-state={rc.state}
      data-deployment={rc.deployment}
    >
      {rc.state === 'On' && <StatusOK>On</StatusOK>}
      {rc.state === 'Off' && <StatusAborted>Off</StatusAborted>}
      {rc.state === 'Unknown' && rc.deployment && (
        <StatusPending>
          {rc.deployment === 'PENDING' ? 'Deploying' : 'Deleting'}
        </StatusPending>
      )}
      {rc.state === 'Unknown' && !rc.deployment && (
        <StatusWarning>Unknown</StatusWarning>
      )}
      <Typography variant="caption" display="block" title={rc.arn}>
        {routingControlLabel(rc)}
      </Typography>
      <ReadError error={rc.error} />
    </TableCell>
  );
}

/** `03:00:00 UTC`: the date is in the tooltip; readings are minutes old at most. */
function timeOf(iso: string): string {
  return formatTimestamp(iso).slice(11);
}

function HealthCell({ region }: { region: RegionStatus }) {
  const hc = region.healthCheck;
  return (
    <TableCell
      data-testid={`multi-region-health-${region.role}`}
      data-status={hc.status}
      title={hc.id ? `Route 53 health check ${hc.id}` : undefined}
    >
      {hc.status === 'Healthy' && <StatusOK>Healthy</StatusOK>}
      {hc.status === 'Unhealthy' && <StatusError>Unhealthy</StatusError>}
      {hc.status === 'Unknown' && <StatusWarning>Unknown</StatusWarning>}
      {hc.totalObservations !== undefined && (
        <Typography variant="caption" display="block">
          {hc.healthyObservations ?? 0}/{hc.totalObservations} checkers healthy
        </Typography>
      )}
      {hc.observedAt && (
        <Typography
          variant="caption"
          display="block"
          title={formatTimestamp(hc.observedAt)}
        >
          as of {timeOf(hc.observedAt)}
        </Typography>
      )}
      <ReadError error={hc.error} />
    </TableCell>
  );
}

function DnsCell({ region }: { region: RegionStatus }) {
  const record = region.dnsRecord;
  return (
    <TableCell
      data-testid={`multi-region-dns-${region.role}`}
      title={record ? `${record.name} ${record.type}` : undefined}
    >
      {record ? (
        <>
          <Typography variant="body2">
            {record.failover ?? record.type} record
            {record.setIdentifier ? ` (set ${record.setIdentifier})` : ''}
          </Typography>
          <Typography variant="caption" display="block" style={wrap}>
            → {record.aliasTarget ?? record.values?.join(', ') ?? 'no target'}
            {record.ttl !== undefined ? `, TTL ${record.ttl} s` : ''}
          </Typography>
        </>
      ) : (
        <Typography variant="body2" color="error" style={wrap}>
          {region.dnsError ?? 'Failover record not found in the hosted zone'}
        </Typography>
      )}
    </TableCell>
  );
}

/** Both regions side by side: routing control, health check and DNS record. */
export function RegionsTable(props: { status: EntityStatusResponse }) {
  const { status } = props;
  const regions = status.regions;
  if (!regions) return null;
  const activeRole = activeRoleOf(status);
  return (
    <SmallTable
      label="Regions"
      columns={['Region', 'Routing control', 'Health check', 'DNS record']}
    >
      {ROLES.map(role => {
        const region = regions[role];
        return (
          <TableRow key={role} data-testid={`multi-region-region-${role}`}>
            <TableCell>
              <Typography variant="body1">
                <strong>{region.region}</strong>
              </Typography>
              <Typography variant="caption" display="block">
                {role}
              </Typography>
              {activeRole === role && (
                <Chip size="small" color="primary" label="active" />
              )}
            </TableCell>
            <RoutingControlCell region={region} />
            <HealthCell region={region} />
            <DnsCell region={region} />
          </TableRow>
        );
      })}
    </SmallTable>
  );
}

import { parseEntityRef } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import {
  formatActor,
  formatRelative,
  formatTimestamp,
} from '../../utils/format';
import { activeRegionOf, isAwayFromPrimary } from '../../utils/roles';
import { serviceName } from '../../utils/summary';
import { ReadinessSummaryChip } from '../Readiness';
import { DrillCell } from './DrillCell';
import {
  DRILL_STATUSES,
  drillStatusOf,
  ReadinessFilter,
  readinessFilterOf,
} from './filterServices';

type Row = ServiceSummary & { id: string };

function ActiveCell({ service }: { service: ServiceSummary }) {
  const region = activeRegionOf(service);
  const away = isAwayFromPrimary(service);
  return (
    <span
      data-testid="multi-region-row-active"
      data-region={region ?? 'unknown'}
    >
      {region && <strong>{region}</strong>}
      {!region && service.deployment && (
        <Chip
          size="small"
          label={
            service.deployment.state === 'deploying' ? 'deploying' : 'deleting'
          }
          title={service.deployment.message}
          data-testid="multi-region-row-deploying"
        />
      )}
      {!region && !service.deployment && <Chip size="small" label="unknown" />}
      {away && (
        <Chip
          size="small"
          color="secondary"
          label="away from primary"
          style={{ marginLeft: 8 }}
          data-testid="multi-region-away-from-primary"
        />
      )}
      {service.active?.certainty === 'deduced' && (
        <Typography variant="caption" display="block">
          deduced
        </Typography>
      )}
      {service.pendingOperation && (
        <Typography variant="caption" display="block" color="secondary">
          {service.pendingOperation.action} to{' '}
          {service.pendingOperation.toRegion} in progress
        </Typography>
      )}
    </span>
  );
}

/** Readiness is of a change away from the active region: back when it targets the primary. */
function ReadinessCell({ service }: { service: ServiceSummary }) {
  const action =
    service.readiness?.targetRegion === service.primaryRegion
      ? 'failback'
      : 'failover';
  return (
    <ReadinessSummaryChip
      summary={service.readiness}
      action={action}
      testId="multi-region-row-readiness"
    />
  );
}

/** Sorting by readiness: not ready first, not evaluated last. */
const READINESS_ORDER: Record<ReadinessFilter, number> = {
  'not-ready': 0,
  warnings: 1,
  ready: 2,
  'not-evaluated': 3,
};

function compareReadiness(a: ServiceSummary, b: ServiceSummary): number {
  return (
    READINESS_ORDER[readinessFilterOf(a)] -
      READINESS_ORDER[readinessFilterOf(b)] ||
    (b.readiness?.failed ?? 0) - (a.readiness?.failed ?? 0) ||
    (b.readiness?.warned ?? 0) - (a.readiness?.warned ?? 0)
  );
}

/** Sorting by last drill: in the filter's order, overdue first. */
function compareDrills(a: ServiceSummary, b: ServiceSummary): number {
  return (
    DRILL_STATUSES.indexOf(drillStatusOf(a)) -
    DRILL_STATUSES.indexOf(drillStatusOf(b))
  );
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    highlight: true,
    customFilterAndSearch: (term, row) =>
      `${row.entityRef} ${row.title ?? ''}`
        .toLowerCase()
        .includes(String(term).toLowerCase()),
    render: row => (
      <span
        data-testid="multi-region-service-row"
        data-entity-ref={row.entityRef}
        data-away-from-primary={isAwayFromPrimary(row)}
      >
        <EntityRefLink entityRef={row.entityRef} title={serviceName(row)} />
        {row.appRole === 'external-api' && (
          <Chip
            size="small"
            variant="outlined"
            label="external API"
            style={{ marginLeft: 8 }}
          />
        )}
        {row.annotationErrors?.length ? (
          <Typography variant="caption" display="block" color="error">
            {row.annotationErrors.length} annotation problem(s)
          </Typography>
        ) : null}
      </span>
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    render: row =>
      row.owner ? (
        <EntityRefLink
          // EntityRefLink ignores defaultKind when linking: parse short refs
          entityRef={parseEntityRef(row.owner, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          })}
        />
      ) : (
        '—'
      ),
  },
  {
    title: 'System',
    field: 'system',
    render: row =>
      row.system ? (
        <EntityRefLink
          entityRef={parseEntityRef(row.system, {
            defaultKind: 'system',
            defaultNamespace: 'default',
          })}
        />
      ) : (
        '—'
      ),
  },
  { title: 'Primary', field: 'primaryRegion' },
  {
    title: 'Active region',
    customSort: (a, b) =>
      (activeRegionOf(a) ?? '').localeCompare(activeRegionOf(b) ?? ''),
    render: row => <ActiveCell service={row} />,
  },
  {
    title: 'Health',
    field: 'activeHealth',
    render: row => (
      <span data-testid="multi-region-row-health">
        {row.activeHealth ?? 'Unknown'}
      </span>
    ),
  },
  {
    title: 'Readiness',
    customSort: compareReadiness,
    render: row => <ReadinessCell service={row} />,
  },
  {
    title: 'Last drill',
    customSort: compareDrills,
    render: row => <DrillCell service={row} />,
  },
  {
    title: 'Last change',
    sorting: false,
    render: row =>
      row.lastChange ? (
        <span title={formatTimestamp(row.lastChange.createdAt)}>
          {row.lastChange.fromRegion} → {row.lastChange.toRegion} by{' '}
          {formatActor(row.lastChange.actor)},{' '}
          {formatRelative(row.lastChange.createdAt)}
          <Typography
            variant="caption"
            display="block"
            noWrap
            style={{ maxWidth: 240 }}
          >
            “{row.lastChange.reason}”
          </Typography>
        </span>
      ) : (
        '—'
      ),
  },
];

/** One paged table of every service; rows away from their primary stand out. */
export function ServicesTable(props: {
  services: ServiceSummary[];
  loading?: boolean;
  title: string;
}) {
  const theme = useTheme();
  const data: Row[] = props.services.map(s => ({ ...s, id: s.entityRef }));
  return (
    <Table<Row>
      title={props.title}
      columns={columns}
      data={data}
      isLoading={props.loading}
      options={{
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: true,
        padding: 'dense',
        rowStyle: (row: Row) =>
          isAwayFromPrimary(row)
            ? {
                backgroundColor: `${theme.palette.warning.light}33`,
                borderLeft: `4px solid ${theme.palette.warning.main}`,
              }
            : {},
      }}
      emptyContent={
        <Typography
          variant="body2"
          style={{ padding: 16 }}
          data-testid="multi-region-services-empty"
        >
          No multi-region service matches these filters.
        </Typography>
      }
    />
  );
}

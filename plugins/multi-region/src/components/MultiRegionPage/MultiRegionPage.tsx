import { useCallback, useMemo, useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  SupportButton,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { useEvacuations } from '../../hooks/useEvacuations';
import { useServices } from '../../hooks/useServices';
import { formatTimestamp, shortRef } from '../../utils/format';
import { isAwayFromPrimary } from '../../utils/roles';
import { ErrorNotice } from '../ErrorNotice';
import { EvacuationDialog } from '../EvacuationDialog';
import { EvacuateRegionButton, EvacuationsSection } from '../Evacuations';
import { OrganisationReportMenu } from '../Reports';
import {
  DRILL_FILTER_LABELS,
  DrillStatusFilter,
  filterOptions,
  filterServices,
  READINESS_FILTER_LABELS,
  ReadinessFilter,
  ServiceFilters,
} from './filterServices';
import { ServicesTable } from './ServicesTable';

function FilterSelect(props: {
  id: string;
  label: string;
  value?: string;
  options: string[];
  display?: (value: string) => string;
  onChange: (value?: string) => void;
}) {
  return (
    <TextField
      select
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || undefined)}
      variant="outlined"
      size="small"
      style={{ minWidth: 200, marginRight: 16 }}
      SelectProps={{ native: true }}
      inputProps={{
        'data-testid': `multi-region-filter-${props.id}`,
        id: `multi-region-filter-${props.id}`,
      }}
      InputLabelProps={{
        shrink: true,
        htmlFor: `multi-region-filter-${props.id}`,
      }}
    >
      <option value="">All</option>
      {props.options.map(o => (
        <option key={o} value={o}>
          {props.display ? props.display(o) : o}
        </option>
      ))}
    </TextField>
  );
}

/** The select filters, in the order shown; owners and systems as short refs. */
const SELECTS: Array<{
  key: 'owner' | 'system' | 'region' | 'readiness' | 'drill';
  label: string;
  options: keyof ReturnType<typeof filterOptions>;
  display?: (value: string) => string;
}> = [
  { key: 'owner', label: 'Owner', options: 'owners', display: shortRef },
  { key: 'system', label: 'System', options: 'systems', display: shortRef },
  { key: 'region', label: 'Active region', options: 'regions' },
  {
    key: 'readiness',
    label: 'Readiness',
    options: 'readiness',
    display: value => READINESS_FILTER_LABELS[value as ReadinessFilter],
  },
  {
    key: 'drill',
    label: 'Last drill',
    options: 'drill',
    display: value => DRILL_FILTER_LABELS[value as DrillStatusFilter],
  },
];

/** How often the evacuations list is re-read while one of them runs, without signals. */
const EVACUATIONS_REFRESH_MS = 10_000;

/** The evacuation dialog: a new one, or following one from the list. */
type EvacuationDialogState = { follow?: Evacuation };

/** The org-wide page: every multi-region service and where it runs now. */
export function MultiRegionPage() {
  const { services, fetchedAt, loading, error, refresh } = useServices();
  const evacuations = useEvacuations({
    limit: 10,
    refreshWhileRunningMs: EVACUATIONS_REFRESH_MS,
  });
  const [evacuationDialog, setEvacuationDialog] =
    useState<EvacuationDialogState>();
  const refreshEvacuations = evacuations.refresh;
  // An evacuation started or ended: services moved and the list changed.
  const onEvacuationChanged = useCallback(() => {
    refresh();
    refreshEvacuations();
  }, [refresh, refreshEvacuations]);
  const [filters, setFilters] = useState<ServiceFilters>({});
  const options = useMemo(() => filterOptions(services ?? []), [services]);
  const shown = useMemo(
    () => filterServices(services ?? [], filters),
    [services, filters],
  );
  const awayCount = useMemo(
    () => (services ?? []).filter(isAwayFromPrimary).length,
    [services],
  );
  const set = (key: keyof ServiceFilters) => (value?: string | boolean) =>
    setFilters(previous => ({ ...previous, [key]: value }));

  return (
    <Page themeId="tool">
      <Header
        title="Multi-region services"
        subtitle="Where every active-passive API runs right now, and who moved it last"
      />
      <Content>
        <ContentHeader title="">
          <EvacuateRegionButton
            disabled={!services}
            onClick={() => setEvacuationDialog({})}
          />
          <OrganisationReportMenu />
          <SupportButton>
            Each row is a catalog entity with multi-region annotations. Open a
            service to fail it over from its own page. Evacuate region moves
            every service active in a region to its other region, in dependency
            order. Download report saves the organisation report (every service
            you may read) for auditors.
          </SupportButton>
        </ContentHeader>
        {error && (
          <ErrorNotice
            error={error}
            summary="Could not load the services"
            onRetry={refresh}
          />
        )}
        {services && (
          <Typography
            variant="body1"
            gutterBottom
            data-testid="multi-region-summary"
          >
            {services.length} services;{' '}
            <strong>{awayCount} running away from their primary</strong>.
            {fetchedAt ? ` Read ${formatTimestamp(fetchedAt)}.` : ''}
          </Typography>
        )}
        <EvacuationsSection
          evacuations={evacuations.evacuations}
          error={evacuations.error}
          onRetry={refreshEvacuations}
          onOpen={follow => setEvacuationDialog({ follow })}
          live={evacuations.live}
        />
        <Box display="flex" flexWrap="wrap" alignItems="center" my={2}>
          {SELECTS.map(select => (
            <FilterSelect
              key={select.key}
              id={select.key}
              label={select.label}
              value={filters[select.key]}
              options={options[select.options]}
              display={select.display}
              onChange={set(select.key)}
            />
          ))}
          <FormControlLabel
            control={
              <Switch
                checked={Boolean(filters.onlyAwayFromPrimary)}
                onChange={e => set('onlyAwayFromPrimary')(e.target.checked)}
                inputProps={
                  { 'data-testid': 'multi-region-filter-away' } as any
                }
              />
            }
            label="Only away from primary"
          />
        </Box>
        <ServicesTable
          services={shown}
          loading={loading && !services}
          title={`${shown.length} of ${services?.length ?? 0} services`}
        />
        {evacuationDialog && (
          <EvacuationDialog
            open
            key={evacuationDialog.follow?.id ?? 'new'}
            services={services ?? []}
            initialScope={filters}
            followEvacuation={evacuationDialog.follow}
            onStateChanged={onEvacuationChanged}
            onClose={() => {
              setEvacuationDialog(undefined);
              refreshEvacuations();
            }}
          />
        )}
      </Content>
    </Page>
  );
}

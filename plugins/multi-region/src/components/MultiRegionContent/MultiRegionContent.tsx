import { ReactNode, useMemo } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  MultiRegionConfig,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { useDrills } from '../../hooks/useDrills';
import { useHistory } from '../../hooks/useHistory';
import { useServices } from '../../hooks/useServices';
import { entityRefOf } from '../../utils/entity';
import { ActiveRegion } from '../ActiveRegion';
import { AnnotationProblems } from '../AnnotationProblems';
import { DrillsTable } from '../DrillsTable';
import { ErrorNotice } from '../ErrorNotice';
import { HistoryTimeline } from '../HistoryTimeline';
import { ReadinessLine } from '../Readiness';
import { RegionsTable } from '../RegionsTable';
import { RunbookDownload } from '../Reports';
import { TimingsChart } from '../TimingsChart';
import { TopologyDiagram } from '../TopologyDiagram';

/**
 * Props of {@link EntityMultiRegionContent}.
 *
 * @public
 */
export interface MultiRegionContentProps {
  /** How often the region detail re-reads the status; 0 turns it off. Default 30 s. */
  refreshIntervalMs?: number;
}

/** One card of the tab: its first load in progress, its last failure with a retry, its content. */
function Section(props: {
  title: string;
  subheader?: string;
  loading: boolean;
  error?: unknown;
  /** What failed, e.g. "Could not load the regions". */
  failed: string;
  onRetry: () => void;
  children: ReactNode;
}) {
  return (
    <InfoCard title={props.title} subheader={props.subheader}>
      {props.loading && <Progress />}
      {props.error !== undefined && (
        <ErrorNotice
          error={props.error}
          summary={props.failed}
          onRetry={props.onRetry}
        />
      )}
      {props.children}
    </InfoCard>
  );
}

function RegionDetail(props: { entityRef: string; refreshIntervalMs: number }) {
  const { status, loading, error, refresh } = useEntityStatus(props.entityRef, {
    refreshIntervalMs: props.refreshIntervalMs,
  });
  return (
    <Section
      title="Regions"
      loading={!status && loading}
      error={error}
      failed="Could not load the regions"
      onRetry={refresh}
    >
      {status?.annotationErrors?.length ? (
        <AnnotationProblems problems={status.annotationErrors} />
      ) : (
        status && (
          <>
            <ActiveRegion status={status} />
            <ReadinessLine
              entityRef={props.entityRef}
              report={status.readiness}
              defaultExpanded
            />
            <RegionsTable status={status} />
          </>
        )
      )}
    </Section>
  );
}

function Topology(props: { entityRef: string }) {
  const { services, loading, error, refresh } = useServices();
  const self = services?.find(s => s.entityRef === props.entityRef);
  return (
    <Section
      title="Topology"
      subheader="Where the external API and each service it calls are active right now"
      loading={!services && loading}
      error={error}
      failed="Could not load the services"
      onRetry={refresh}
    >
      {services && !self && (
        <Typography variant="body2">
          This API is not in the multi-region service list yet (the backend
          lists it once its annotations are valid).
        </Typography>
      )}
      {services && self && (
        <TopologyDiagram externalApi={self} services={services} />
      )}
    </Section>
  );
}

type HistoryState = ReturnType<typeof useHistory>;

function History(props: {
  entityRef: string;
  history: HistoryState;
  config: MultiRegionConfig;
}) {
  const { history } = props;
  const firstLoad = history.loading && history.items.length === 0;
  return (
    <Section
      title="History"
      subheader="Every change of the active region, newest first"
      loading={firstLoad}
      error={history.error}
      failed="Could not load the history"
      onRetry={history.refresh}
    >
      <Box mb={2}>
        <RunbookDownload entityRef={props.entityRef} />
      </Box>
      {!firstLoad && (
        <HistoryTimeline
          items={history.items}
          rtoMinutes={props.config.rtoMinutes}
        />
      )}
      {history.hasMore && (
        <Button
          onClick={history.loadMore}
          disabled={history.loading}
          data-testid="multi-region-history-more"
        >
          Load older changes
        </Button>
      )}
    </Section>
  );
}

/** While a drill runs, its row is re-read this often. */
const DRILLS_REFRESH_MS = 10_000;

function Drills(props: { entityRef: string }) {
  const { drills, loading, error, refresh } = useDrills(props.entityRef, {
    refreshWhileRunningMs: DRILLS_REFRESH_MS,
  });
  return (
    <Section
      title="Drills"
      subheader="Failover to the secondary, a soak while the outcome is watched, failback; newest first"
      loading={!drills && loading}
      error={error}
      failed="Could not load the drills"
      onRetry={refresh}
    >
      {drills && <DrillsTable drills={drills} />}
    </Section>
  );
}

function Timings(props: { history: HistoryState; config: MultiRegionConfig }) {
  const { history } = props;
  const firstLoad = history.loading && history.items.length === 0;
  return (
    <Section
      title="Failover times"
      subheader="Time to switch and to healthy of each completed change in the history loaded, against the RTO"
      loading={firstLoad}
      failed="Could not load the history"
      onRetry={history.refresh}
    >
      {!firstLoad && (
        <TimingsChart
          operations={history.items}
          rtoMinutes={props.config.rtoMinutes}
        />
      )}
    </Section>
  );
}

/**
 * The "Multi-region" entity tab: per-region detail with every readiness
 * check, the topology for the external API, the drills, the failover times
 * and the full history with the break-glass runbook.
 */
export function MultiRegionContent(props: MultiRegionContentProps) {
  const { entity } = useEntity();
  const entityRef = entityRefOf(entity);
  const parsed = useMemo(() => parseMultiRegionAnnotations(entity), [entity]);
  if (!parsed.ok) {
    return (
      <InfoCard title="Multi-region">
        <AnnotationProblems problems={parsed.errors} />
      </InfoCard>
    );
  }
  return (
    <ValidContent
      entityRef={entityRef}
      config={parsed.config}
      refreshIntervalMs={props.refreshIntervalMs ?? 30_000}
    />
  );
}

/** The tab of an entity whose annotations parse. */
function ValidContent(props: {
  entityRef: string;
  config: MultiRegionConfig;
  refreshIntervalMs: number;
}) {
  const { entityRef, config } = props;
  // One history for the timeline and the chart.
  const history = useHistory(entityRef);
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={config.appRole === 'external-api' ? 6 : 12}>
        <RegionDetail
          entityRef={entityRef}
          refreshIntervalMs={props.refreshIntervalMs}
        />
      </Grid>
      {config.appRole === 'external-api' && (
        <Grid item xs={12} md={6}>
          <Topology entityRef={entityRef} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Drills entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <Timings history={history} config={config} />
      </Grid>
      <Grid item xs={12}>
        <History entityRef={entityRef} history={history} config={config} />
      </Grid>
    </Grid>
  );
}

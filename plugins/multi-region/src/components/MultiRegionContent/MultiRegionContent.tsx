import { ReactNode, useMemo } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  MultiRegionConfig,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { useHistory } from '../../hooks/useHistory';
import { useServices } from '../../hooks/useServices';
import { entityRefOf } from '../../utils/entity';
import { ActiveRegion } from '../ActiveRegion';
import { AnnotationProblems } from '../AnnotationProblems';
import { ErrorNotice } from '../ErrorNotice';
import { HistoryTimeline } from '../HistoryTimeline';
import { ReadinessLine } from '../Readiness';
import { RegionsTable } from '../RegionsTable';
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

function History(props: { entityRef: string; config: MultiRegionConfig }) {
  const history = useHistory(props.entityRef);
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

/**
 * The "Multi-region" entity tab: per-region detail with every readiness
 * check, the topology for the external API, and the full history.
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
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={parsed.config.appRole === 'external-api' ? 6 : 12}>
        <RegionDetail
          entityRef={entityRef}
          refreshIntervalMs={props.refreshIntervalMs ?? 30_000}
        />
      </Grid>
      {parsed.config.appRole === 'external-api' && (
        <Grid item xs={12} md={6}>
          <Topology entityRef={entityRef} />
        </Grid>
      )}
      <Grid item xs={12}>
        <History entityRef={entityRef} config={parsed.config} />
      </Grid>
    </Grid>
  );
}

import { useMemo, useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Divider from '@material-ui/core/Divider';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  Drill,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { useFailoverPermission } from '../../hooks/useFailoverPermission';
import { entityRefOf } from '../../utils/entity';
import { formatTimestamp } from '../../utils/format';
import { ActiveRegion } from '../ActiveRegion';
import { AnnotationProblems } from '../AnnotationProblems';
import { DrillDialog } from '../DrillDialog';
import { ErrorNotice } from '../ErrorNotice';
import { FailoverDialog } from '../FailoverDialog';
import { LastChange } from '../LastChange';
import { ReadinessLine } from '../Readiness';
import { RegionsTable } from '../RegionsTable';
import { DrillButton, DrillDeniedNote } from './DrillButton';
import { drillDenial } from './drillDenial';
import { DrillRunningBanner } from './DrillRunningBanner';
import { FailoverControls } from './FailoverControls';
import { LastDrill } from './LastDrill';

/**
 * Props of {@link EntityMultiRegionCard}.
 *
 * @public
 */
export interface MultiRegionCardProps {
  /** How often the card re-reads the status; 0 turns it off. Default 30 s. */
  refreshIntervalMs?: number;
  /**
   * How often the failover and drill dialogs poll a running operation or
   * drill (default 1.5 s), and the card a running drill (default 5 s).
   */
  pollIntervalMs?: number;
}

/**
 * The entity card: where the service runs now, whether it is ready to fail
 * over, its last drill, both regions, the last change, and the ways to fail
 * it over or run a drill.
 */
export function MultiRegionCard(props: MultiRegionCardProps) {
  const { entity } = useEntity();
  const entityRef = entityRefOf(entity);
  const parsed = useMemo(() => parseMultiRegionAnnotations(entity), [entity]);
  const { status, loading, error, refresh } = useEntityStatus(
    parsed.ok ? entityRef : undefined,
    { refreshIntervalMs: props.refreshIntervalMs ?? 30_000 },
  );
  const permission = useFailoverPermission(entity, status);
  // 'new' opens a fresh plan; 'follow' the progress of the pending operation.
  const [dialog, setDialog] = useState<'new' | 'follow'>();
  // A new drill's plan, or the progress of the drill running when it opened.
  const [drillDialog, setDrillDialog] = useState<{ follow?: Drill }>();

  const action = parsed.ok ? (
    <Tooltip title="Refresh">
      <IconButton
        aria-label="Refresh"
        onClick={refresh}
        data-testid="multi-region-refresh"
      >
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  ) : undefined;

  let body: JSX.Element;
  if (!parsed.ok) {
    body = <AnnotationProblems problems={parsed.errors} />;
  } else if (status?.annotationErrors?.length) {
    body = <AnnotationProblems problems={status.annotationErrors} />;
  } else if (!status && loading) {
    body = <Progress data-testid="multi-region-loading" />;
  } else if (!status) {
    body = (
      <ErrorNotice
        error={error}
        summary="Could not load the multi-region status"
        onRetry={refresh}
      />
    );
  } else {
    const drills = status.drills;
    const drillDenied = drills && drillDenial(status, permission);
    body = (
      <>
        {error && (
          <ErrorNotice
            error={error}
            summary="Could not refresh (showing the last status read)"
            onRetry={refresh}
          />
        )}
        <ActiveRegion status={status} />
        <ReadinessLine entityRef={entityRef} report={status.readiness} />
        {drills && <LastDrill drills={drills} />}
        {drills?.running && (
          <DrillRunningBanner
            running={drills.running}
            canStop={permission.allowed}
            stopDeniedReason={permission.reason}
            pollIntervalMs={props.pollIntervalMs ?? 5_000}
            onFollow={() => setDrillDialog({ follow: drills.running })}
            onChanged={refresh}
          />
        )}
        <FailoverControls
          status={status}
          permission={permission}
          onOpen={() => setDialog('new')}
          onFollow={() => setDialog('follow')}
          extraAction={
            drills && (
              <DrillButton
                disabled={permission.loading || Boolean(drillDenied)}
                onClick={() => setDrillDialog({})}
              />
            )
          }
          extraNote={drillDenied && <DrillDeniedNote reason={drillDenied} />}
        />
        <RegionsTable status={status} />
        <Divider style={{ margin: '16px 0' }} />
        <LastChange operation={status.lastChange} />
        <Typography
          variant="caption"
          color="textSecondary"
          display="block"
          style={{ marginTop: 8 }}
        >
          Read {formatTimestamp(status.fetchedAt)}
          {status.dnsRefreshedAt
            ? `; DNS records as of ${formatTimestamp(status.dnsRefreshedAt)}`
            : ''}
          {loading ? ' — refreshing…' : ''}
        </Typography>
        {dialog && (
          <FailoverDialog
            open
            entity={entity}
            status={status}
            pollIntervalMs={props.pollIntervalMs}
            followOperation={
              dialog === 'follow' ? status.pendingOperation : undefined
            }
            onClose={() => {
              setDialog(undefined);
              refresh();
            }}
            onStateChanged={refresh}
          />
        )}
        {drillDialog && (
          <DrillDialog
            open
            entity={entity}
            pollIntervalMs={props.pollIntervalMs}
            followDrill={drillDialog.follow}
            onClose={() => {
              setDrillDialog(undefined);
              refresh();
            }}
            onStateChanged={refresh}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Multi-region"
      subheader={parsed.ok ? parsed.config.dnsName : undefined}
      action={action}
    >
      <div data-testid="multi-region-card">{body}</div>
    </InfoCard>
  );
}

import {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ArcClusterConfig,
  MultiRegionAccessConfig,
} from '@multi-region-failover/plugin-multi-region-node';
import { RunbookService } from '../runbook/RunbookService';
import { AuditorService } from '@backstage/backend-plugin-api';
import { ControlPlaneCache } from '../arc/ControlPlaneCache';
import { DrillsStore } from '../database/DrillsStore';
import { Route53Store } from '../database/Route53Store';
import { DrillRequests, DrillSettings } from '../drills/DrillRequests';
import { DrillRunner } from '../drills/DrillRunner';
import { DrillAlarms, DrillWatcher } from '../drills/DrillWatcher';
import { EvacuationsStore } from '../database/EvacuationsStore';
import { EvacuationPlanner } from '../evacuations/EvacuationPlanner';
import { EvacuationRequests } from '../evacuations/EvacuationRequests';
import { EvacuationRunner } from '../evacuations/EvacuationRunner';
import { permissionFrameworkRefusal } from '../permissions/decisions';
import { ReportService } from '../reports/ReportService';
import { CallerRateLimits } from './CallerRateLimits';
import { OperationsStore } from '../database/OperationsStore';
import { ReadinessStore } from '../database/ReadinessStore';
import { ExternalChangeDetector } from '../operations/ExternalChangeDetector';
import { FailoverExecutor } from '../operations/FailoverExecutor';
import { ReadinessEvaluator } from '../readiness/ReadinessEvaluator';
import { EntityAccess } from './EntityAccess';
import { EntityResolver } from './EntityResolver';
import { FailoverPlanner } from './FailoverPlanner';
import { FailoverRequests } from './FailoverRequests';
import { HistoryService } from './HistoryService';
import { PanelOwnership } from './PanelOwnership';
import { ReadinessService } from './ReadinessService';
import { RegionSnapshots } from './RegionSnapshots';
import { MultiRegionServices } from './router';
import { StatusService } from './StatusService';

/** How often a running evacuation looks for a stop request, and at another replica's operations. */
const EVACUATION_POLL_MS = 1000;

/** Wires the units behind the HTTP routes from the plugin's parts. */
export function createServices(deps: {
  entities: EntityResolver;
  snapshots: RegionSnapshots;
  controlPlane: ControlPlaneCache;
  operations: OperationsStore;
  executor: FailoverExecutor;
  detector: ExternalChangeDetector;
  /** The readiness checks of a change (plan, execute, GET /readiness, the scheduled run). */
  readiness: ReadinessEvaluator;
  /** Each entity's latest readiness report. */
  readinessStore: ReadinessStore;
  permissions: PermissionsService;
  auth: AuthService;
  logger: LoggerService;
  readOnly: boolean;
  access: MultiRegionAccessConfig;
  /** Drills: their store, settings, what they watch, the audit of their ends. */
  drills: DrillsStore;
  drillSettings: DrillSettings;
  route53: Route53Store;
  alarms: DrillAlarms;
  auditor?: AuditorService;
  /** Evacuations: their store, and how many services of one move at once. */
  evacuations: EvacuationsStore;
  evacuationConcurrency: number;
  /** The configured ARC clusters and Route 53 endpoint, for the break-glass runbooks. */
  clusters: ArcClusterConfig[];
  route53Endpoint?: string;
  /** After how long without a heartbeat a replica's drill or evacuation is taken over. */
  staleAfterMs: number;
  /** The clock of the rate limits and of the per-caller reuse of reads (tests). */
  now?: () => number;
}): MultiRegionServices & {
  drillRunner: DrillRunner;
  evacuationRunner: EvacuationRunner;
} {
  const failoverRefusal = permissionFrameworkRefusal(deps.access);
  const access = new EntityAccess({ ...deps, failoverRefusal });
  const ownership = new PanelOwnership({
    ...deps,
    platformAdminGroups: deps.access.platformAdminGroups,
  });
  const planner = new FailoverPlanner({ ...deps, access, ownership });
  const failovers = new FailoverRequests({
    ...deps,
    access,
    ownership,
    failoverRefusal,
  });
  const watcher = new DrillWatcher(deps);
  const drillRunner = new DrillRunner({
    ...deps,
    watcher,
    failBack: (drill, why) => failovers.startDrillFailback({ ...drill, why }),
    watchIntervalMs: deps.drillSettings.watchIntervalMs,
  });
  const status = new StatusService({ ...deps, access });
  const evacuationRunner = new EvacuationRunner({
    ...deps,
    move: (evacuation, item) =>
      failovers.startEvacuationMove({
        evacuationId: evacuation.id,
        region: evacuation.region,
        actor: evacuation.actor,
        reason: evacuation.reason,
        entityRef: item.entityRef,
        config: item.config!,
        toRegion: item.toRegion!,
      }),
    concurrency: deps.evacuationConcurrency,
    pollIntervalMs: EVACUATION_POLL_MS,
  });
  const evacuations = new EvacuationRequests({
    access,
    auth: deps.auth,
    failovers,
    planner: new EvacuationPlanner({
      status,
      planner,
      entities: deps.entities,
      evacuations: deps.evacuations,
      concurrency: deps.evacuationConcurrency,
    }),
    evacuations: deps.evacuations,
    runner: evacuationRunner,
  });
  const history = new HistoryService({ ...deps, access });
  const drills = new DrillRequests({
    ...deps,
    access,
    failovers,
    planner,
    runner: drillRunner,
    watcher,
    settings: deps.drillSettings,
  });
  return {
    status,
    planner,
    failovers,
    drills,
    drillRunner,
    evacuations,
    evacuationRunner,
    history,
    reports: new ReportService({
      access,
      history,
      drillRequests: drills,
      status,
      operations: deps.operations,
      drillsStore: deps.drills,
      drillSettings: deps.drillSettings,
      now: deps.now,
    }),
    readiness: new ReadinessService({ ...deps, access }),
    runbooks: new RunbookService({
      access,
      clusters: deps.clusters,
      route53Endpoint: deps.route53Endpoint,
    }),
    rateLimits: new CallerRateLimits(
      {
        plan: deps.access.planRequestsPerMinute,
        execute: deps.access.executeRequestsPerMinute,
      },
      deps.now,
    ),
  };
}

import {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { MultiRegionAccessConfig } from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache } from '../arc/ControlPlaneCache';
import { permissionFrameworkRefusal } from '../permissions/decisions';
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
  /** The clock of the rate limits and of the per-caller reuse of reads (tests). */
  now?: () => number;
}): MultiRegionServices {
  const failoverRefusal = permissionFrameworkRefusal(deps.access);
  const access = new EntityAccess({ ...deps, failoverRefusal });
  const ownership = new PanelOwnership({
    ...deps,
    platformAdminGroups: deps.access.platformAdminGroups,
  });
  return {
    status: new StatusService({ ...deps, access }),
    planner: new FailoverPlanner({ ...deps, access, ownership }),
    failovers: new FailoverRequests({
      ...deps,
      access,
      ownership,
      failoverRefusal,
    }),
    history: new HistoryService({ ...deps, access }),
    readiness: new ReadinessService({ ...deps, access }),
    rateLimits: new CallerRateLimits(
      {
        plan: deps.access.planRequestsPerMinute,
        execute: deps.access.executeRequestsPerMinute,
      },
      deps.now,
    ),
  };
}

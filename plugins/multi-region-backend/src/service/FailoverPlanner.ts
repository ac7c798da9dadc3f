import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  actionForTarget,
  controlsAlreadyAt,
  DesiredControlState,
  desiredStatesFor,
  FailoverPlan,
  FailoverPlanRequest,
  MultiRegionConfig,
  otherRole,
} from '@multi-region-failover/plugin-multi-region-common';
import { ControlPlaneCache } from '../arc/ControlPlaneCache';
import { BlockingRule, findBlockingRules } from '../arc/safetyRules';
import { OperationsStore } from '../database/OperationsStore';
import { EntityAccess, targetRoleOf } from './EntityAccess';
import { PanelOwnership } from './PanelOwnership';
import { publicOperation } from './publicOperation';
import {
  controlStates,
  RegionSnapshot,
  RegionSnapshots,
} from './RegionSnapshots';

/**
 * The safety rules of the entity's panel that would refuse `desired`, read
 * from the control plane and evaluated over the snapshot's reading (which
 * must exist). Rejects when the rules cannot be read.
 */
export async function blockingRulesFor(
  controlPlane: Pick<ControlPlaneCache, 'listSafetyRules'>,
  config: MultiRegionConfig,
  snapshot: RegionSnapshot,
  desired: DesiredControlState[],
): Promise<BlockingRule[]> {
  const rules = await controlPlane.listSafetyRules(
    config.accountId,
    config.controlPanelArn,
  );
  const reading = snapshot.reading!;
  const current = new Map(
    [...reading.controls].map(([arn, c]) => [arn, c.state]),
  );
  return findBlockingRules(
    rules,
    current,
    desired.map(d => ({ arn: d.routingControlArn, state: d.state })),
    arn => reading.controls.get(arn)?.name ?? arn,
  );
}

/** What both the plan and the execute of a failover read and check. */
export interface FailoverChecks {
  access: EntityAccess;
  snapshots: RegionSnapshots;
  controlPlane: ControlPlaneCache;
  ownership: PanelOwnership;
  operations: OperationsStore;
  logger: LoggerService;
  readOnly: boolean;
}

/**
 * The dry run of a failover: which controls change, what stands in the way
 * (safety rules, the panel claim, an operation under way) and whether the
 * caller may go ahead. Reads only; decides nothing for the execute.
 */
export class FailoverPlanner {
  constructor(private readonly deps: FailoverChecks) {}

  async plan(
    request: FailoverPlanRequest,
    credentials: BackstageCredentials,
  ): Promise<FailoverPlan> {
    const { access, snapshots, operations } = this.deps;
    const { resolved, config, decisions } = await access.configured(
      request.entityRef,
      credentials,
    );
    const { entityRef } = resolved;
    const targetRole = targetRoleOf(entityRef, config, request.targetRegion);
    const snapshot = (await snapshots.build([{ entityRef, config }])).get(
      entityRef,
    )!;
    const desired = desiredStatesFor(config, targetRole);
    const [blocking, pending, claim] = await Promise.all([
      this.blockingRules(config, snapshot, desired),
      operations.pendingFor([entityRef]).then(p => p.get(entityRef)),
      this.deps.ownership.check(resolved.entity, config).then(
        async ({ squatters }) => ({
          // only names the caller may see in the catalog
          squatters: [
            ...(await access.mayRead(squatters, credentials, {
              status: false,
            })),
          ],
          problem: undefined,
        }),
        (error: Error) => ({ squatters: [], problem: error.message }),
      ),
    ]);
    const active = snapshot.active;
    return {
      entityRef,
      action: actionForTarget(targetRole),
      fromRegion:
        active.certainty !== 'unknown'
          ? active.activeRegion
          : config[otherRole(targetRole)].region,
      toRegion: config[targetRole].region,
      currentActive: active,
      changes: desired.map(d => ({
        role: d.role,
        region: d.region,
        routingControlArn: d.routingControlArn,
        routingControlName: snapshot.regions[d.role].routingControl.name,
        from: snapshot.regions[d.role].routingControl.state,
        to: d.state,
      })),
      targetHealth: snapshot.regions[targetRole].healthCheck,
      blockingSafetyRules: blocking.map(b => ({
        arn: b.rule.arn,
        name: b.rule.name,
        type: b.rule.type,
        description: b.description,
      })),
      pendingOperation: publicOperation(pending),
      permissions: access.callerPermissions(decisions, credentials),
      readOnly: this.deps.readOnly,
      noop: controlsAlreadyAt(controlStates(snapshot), targetRole),
      ...(claim.problem ? { claimProblem: claim.problem } : {}),
      ...(claim.squatters.length ? { ignoredClaimants: claim.squatters } : {}),
    };
  }

  /** The plan shows what it can: unreadable rules are logged, not fatal (the execute checks again). */
  private async blockingRules(
    config: MultiRegionConfig,
    snapshot: RegionSnapshot,
    desired: DesiredControlState[],
  ): Promise<BlockingRule[]> {
    if (!snapshot.reading) return [];
    try {
      return await blockingRulesFor(
        this.deps.controlPlane,
        config,
        snapshot,
        desired,
      );
    } catch (error) {
      this.deps.logger.warn(
        `Could not read safety rules of ${
          config.controlPanelArn
        }: ${stringifyError(error)}`,
      );
      return [];
    }
  }
}

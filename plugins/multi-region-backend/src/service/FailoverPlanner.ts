import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  actionForTarget,
  ArcDeploymentNotice,
  controlsAlreadyAt,
  DesiredControlState,
  desiredStatesFor,
  FailoverPlan,
  FailoverPlanRequest,
  MultiRegionConfig,
  otherRole,
  SafetyRuleWaitPeriod,
} from '@multi-region-failover/plugin-multi-region-common';
import { ArcSafetyRule } from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache, pendingRules } from '../arc/ControlPlaneCache';
import { deploymentNotice } from '../arc/deployment';
import { BlockingRule, findBlockingRules } from '../arc/safetyRules';
import { runningWaitPeriod } from '../arc/waitPeriods';
import { OperationsStore } from '../database/OperationsStore';
import type { ReadinessEvaluator } from '../readiness/ReadinessEvaluator';
import { EntityAccess, targetRoleOf } from './EntityAccess';
import { PanelOwnership } from './PanelOwnership';
import { publicOperation } from './publicOperation';
import {
  controlStates,
  RegionSnapshot,
  RegionSnapshots,
} from './RegionSnapshots';

/** What the control plane says about a change, besides who may make it. */
export interface ChangeConditions {
  /** Every safety rule of the panel. */
  rules: ArcSafetyRule[];
  /** Rules whose criteria would refuse the change (needs the snapshot's reading). */
  blocking: BlockingRule[];
  /** ARC is still deploying the panel, its controls or its rules. */
  deployment?: ArcDeploymentNotice;
  /** A rule's wait period after the last change has not ended. */
  waitPeriod?: SafetyRuleWaitPeriod;
}

/**
 * Reads the entity's safety rules from the control plane and decides, for a
 * change to `desired`: which rules' criteria refuse it (evaluated over the
 * snapshot's reading, when there is one), what ARC is still deploying (the
 * snapshot's panel and controls, the rules), and whether a rule's wait period
 * from the last change the portal knows of is still running (rules being
 * overridden excepted). Rejects when the rules cannot be read.
 */
export async function changeConditions(
  deps: {
    controlPlane: Pick<ControlPlaneCache, 'listSafetyRules'>;
    operations: Pick<OperationsStore, 'lastWaitPeriodStart'>;
    now?: () => number;
  },
  config: MultiRegionConfig,
  snapshot: RegionSnapshot,
  desired: DesiredControlState[],
  override: boolean,
): Promise<ChangeConditions> {
  const [rules, start] = await Promise.all([
    deps.controlPlane.listSafetyRules(config.accountId, config.controlPanelArn),
    deps.operations.lastWaitPeriodStart(config.controlPanelArn),
  ]);
  const reading = snapshot.reading;
  const blocking = reading
    ? findBlockingRules(
        rules,
        new Map([...reading.controls].map(([arn, c]) => [arn, c.state])),
        desired.map(d => ({ arn: d.routingControlArn, state: d.state })),
        arn => reading.controls.get(arn)?.name ?? arn,
      )
    : [];
  const pending = snapshot.deployment?.resources ?? [];
  const deployment = deploymentNotice([
    ...pending,
    ...pendingRules(rules).filter(r => !pending.some(p => p.arn === r.arn)),
  ]);
  const waitPeriod = runningWaitPeriod(
    rules,
    desired.map(d => d.routingControlArn),
    start,
    (deps.now ?? Date.now)(),
    new Set(override ? blocking.map(b => b.rule.arn) : []),
  );
  return { rules, blocking, deployment, waitPeriod };
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
  /** The pre-flight checks: shown by the plan, a gate of the execute. */
  readiness: Pick<ReadinessEvaluator, 'evaluate'>;
}

/**
 * The dry run of a failover: which controls change, what stands in the way
 * (safety rules, the panel claim, an operation under way), the readiness
 * checks of the change and whether the caller may go ahead. Reads only;
 * decides nothing for the execute (which evaluates readiness again).
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
    const read = this.conditions(config, snapshot, desired);
    const [{ conditions }, readiness, pending, claim] = await Promise.all([
      read,
      // unreadable rules: the evaluator reads them itself, to say why
      read.then(({ conditions: c, readable }) =>
        this.deps.readiness.evaluate({
          entityRef,
          config,
          snapshot,
          targetRole,
          conditions: readable ? c : undefined,
          override: false,
        }),
      ),
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
      blockingSafetyRules: conditions.blocking.map(b => ({
        arn: b.rule.arn,
        name: b.rule.name,
        type: b.rule.type,
        description: b.description,
      })),
      ...(conditions.waitPeriod ? { waitPeriod: conditions.waitPeriod } : {}),
      ...(conditions.deployment ? { deployment: conditions.deployment } : {}),
      pendingOperation: publicOperation(pending),
      permissions: access.callerPermissions(decisions, credentials),
      readOnly: this.deps.readOnly,
      noop: controlsAlreadyAt(controlStates(snapshot), targetRole),
      ...(claim.problem ? { claimProblem: claim.problem } : {}),
      ...(claim.squatters.length ? { ignoredClaimants: claim.squatters } : {}),
      readiness,
    };
  }

  /**
   * The plan shows what it can: unreadable rules are logged, not fatal (the
   * execute checks again). What ARC is deploying is known from the snapshot
   * even then. The wait period is shown as it stands without an override:
   * the plan does not know whether the person will override.
   */
  private async conditions(
    config: MultiRegionConfig,
    snapshot: RegionSnapshot,
    desired: DesiredControlState[],
  ): Promise<{
    conditions: Omit<ChangeConditions, 'rules'>;
    /** false: the rules could not be read; `conditions` are a stand-in. */
    readable: boolean;
  }> {
    try {
      const conditions = await changeConditions(
        this.deps,
        config,
        snapshot,
        desired,
        false,
      );
      return { conditions, readable: true };
    } catch (error) {
      this.deps.logger.warn(
        `Could not read safety rules of ${
          config.controlPanelArn
        }: ${stringifyError(error)}`,
      );
      return {
        conditions: { blocking: [], deployment: snapshot.deployment },
        readable: false,
      };
    }
  }
}

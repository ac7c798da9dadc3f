import {
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  ServiceUnavailableError,
  stringifyError,
  toError,
} from '@backstage/errors';
import {
  actionForTarget,
  controlsAlreadyAt,
  desiredStatesFor,
  ENTITY_REF_TAG,
  ExecuteFailoverRequest,
  FAILOVER_REASON_LIMITS,
  MultiRegionConfig,
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  Operation,
  OperationReadiness,
  OWNER_TAG,
  ReadinessCheck,
  ReadinessReport,
  readinessHeadline,
  RegionRole,
  sanitiseForAudit,
  unacknowledgedFailures,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { randomUUID } from 'crypto';
import { BlockingRule } from '../arc/safetyRules';
import { StoredOperation } from '../database/OperationsStore';
import { FailoverExecutor } from '../operations/FailoverExecutor';
import { initialSteps, skipRemaining, withStep } from '../operations/steps';
import { targetRoleOf } from './EntityAccess';
import {
  changeConditions,
  ChangeConditions,
  FailoverChecks,
} from './FailoverPlanner';
import { publicOperation } from './publicOperation';
import { controlStates } from './RegionSnapshots';

/** An authorised, well-formed failover request on its way to ARC. */
export interface FailoverAttempt {
  request: ExecuteFailoverRequest;
  actor: string;
  /** The entity as the caller read it; absent for a drill's automatic failback (checked when the drill started). */
  entity?: Entity;
  entityRef: string;
  config: MultiRegionConfig;
  targetRole: RegionRole;
  override: boolean;
  /** The active region the fresh read found, once read. */
  observedActive?: string;
  /** The readiness checks evaluated for it, once evaluated. */
  readiness?: ReadinessReport;
  /** The drill this failover is part of. */
  drillId?: string;
  /** The region evacuation this failover is part of. */
  evacuationId?: string;
  /**
   * Started by the portal itself, and why: a drill's automatic failback, or
   * one service of an evacuation. The person was authorised for the whole
   * drill or evacuation when they confirmed it, the active region is read
   * fresh, and readiness is recorded but never waits for an acknowledgement.
   */
  automatic?: string;
}

/** A started operation and its background run (which never rejects). */
export interface StartedOperation {
  operation: Operation;
  run: Promise<void>;
}

/**
 * A 409 that is not about someone else's change: ARC is still deploying the
 * panel (`deploying`), a safety rule's wait period has not ended
 * (`wait-period`), or readiness checks fail that the person has not
 * acknowledged (`readiness`). `refusal` (and `waitPeriodEndsAt`, `readiness`)
 * travel in the error body, so that the dialog tells "not yet" or "not
 * ready" from "changed under you".
 */
function refusal(
  message: string,
  kind: 'deploying' | 'wait-period' | 'readiness' | 'already-active',
  extra: Record<string, unknown> = {},
): ConflictError {
  return Object.assign(new ConflictError(message), {
    refusal: kind,
    ...extra,
  });
}

/** Refusals of an authorised attempt (as opposed to bad input or no permission). */
const REFUSALS = [
  'ConflictError',
  'ServiceUnavailableError',
  'NotAllowedError',
];
function isRefusal(error: unknown): boolean {
  return isError(error) && REFUSALS.includes(error.name);
}

/**
 * The audit trail of one write request (POST /operations, /drills,
 * /drills/:id/stop), given by the router (which holds the HTTP request the
 * auditor reads the caller's address from).
 */
export interface WriteAuditTrail {
  /** The high-severity event (`failover`, `drill`, ...): only for a valid, authorised attempt. */
  authorised(meta: JsonObject): Promise<AuditorServiceEvent>;
  /** A request refused before that (bad input, no permission): sanitised, bounded fields. */
  rejected(raw: unknown, error: Error): Promise<void>;
}

/**
 * The write side: validates and authorises a failover as the caller, checks
 * every precondition WITHOUT writing anything, then records the operation
 * (with the panel lock) and starts the ARC write in the background. Refused
 * attempts of an authorised caller are recorded too, so the history shows
 * every attempt.
 */
export class FailoverRequests {
  constructor(
    private readonly deps: FailoverChecks & {
      executor: FailoverExecutor;
      auth: AuthService;
      /** Why failovers are refused for everyone (permission framework off). */
      failoverRefusal?: string;
    },
  ) {}

  async execute(
    request: ExecuteFailoverRequest,
    credentials: BackstageCredentials,
    audit?: WriteAuditTrail,
  ): Promise<Operation> {
    let attempt: FailoverAttempt;
    try {
      attempt = await this.authorise(request, credentials);
    } catch (error) {
      // nobody may write a high-severity event about an entity they cannot change
      await audit?.rejected(request, toError(error));
      throw error;
    }
    const event = await audit?.authorised({
      entityRef: attempt.entityRef,
      targetRegion: request.targetRegion,
      expectedActiveRegion: sanitiseForAudit(request.expectedActiveRegion, 32),
      reason: sanitiseForAudit(
        request.reason.trim(),
        FAILOVER_REASON_LIMITS.maxLength,
      ),
      overrideSafetyRules: attempt.override,
      // ids the router validated against READINESS_CHECK_IDS
      ...(request.acknowledgeFailingChecks?.length
        ? {
            acknowledgeFailingChecks: [
              ...new Set(request.acknowledgeFailingChecks),
            ],
          }
        : {}),
    });
    try {
      return (await this.start(attempt, event)).operation;
    } catch (error) {
      await event?.fail({ error: toError(error) });
      throw error;
    }
  }

  /**
   * Starts the operation of an authorised attempt (a failover, or a drill's
   * failover); a refusal is recorded in the history before it is thrown.
   */
  async start(
    attempt: FailoverAttempt,
    auditEvent?: AuditorServiceEvent,
  ): Promise<StartedOperation> {
    try {
      return await this.startOperation(attempt, auditEvent);
    } catch (error) {
      if (isRefusal(error)) await this.recordRefusal(attempt, toError(error));
      throw error;
    }
  }

  /**
   * A drill's failback to its primary region, started by the portal itself
   * (the soak ended, the outcome went bad, someone stopped it, or the replica
   * running it stopped). The same checks and records as any failover except
   * the person's: they were made when the drill started.
   */
  async startDrillFailback(drill: {
    id: string;
    actor: string;
    entityRef: string;
    config: MultiRegionConfig;
    why: string;
  }): Promise<StartedOperation> {
    const { config } = drill;
    return this.start({
      request: {
        entityRef: drill.entityRef,
        targetRegion: config.primary.region,
        reason: `Drill failback: ${drill.why}`,
        expectedActiveRegion: config.secondary.region,
      },
      actor: drill.actor,
      entityRef: drill.entityRef,
      config,
      targetRole: 'primary',
      override: false,
      drillId: drill.id,
      automatic: drill.why,
    });
  }

  /**
   * One service of an evacuation, started by the portal itself when its turn
   * comes: the person was authorised for it when they confirmed the
   * evacuation; the active region is read fresh and every other check made.
   */
  async startEvacuationMove(move: {
    evacuationId: string;
    region: string;
    actor: string;
    reason: string;
    entityRef: string;
    config: MultiRegionConfig;
    toRegion: string;
  }): Promise<StartedOperation> {
    return this.start({
      request: {
        entityRef: move.entityRef,
        targetRegion: move.toRegion,
        reason: move.reason,
        expectedActiveRegion: move.region,
      },
      actor: move.actor,
      entityRef: move.entityRef,
      config: move.config,
      targetRole: targetRoleOf(move.entityRef, move.config, move.toRegion),
      override: false,
      evacuationId: move.evacuationId,
      automatic: `moving it out of ${move.region} in its turn`,
    });
  }

  /**
   * Validation and permissions, as the caller; nothing is read from AWS yet.
   * A drill passes `targetRole` (always its secondary), and the request's
   * `targetRegion` is then taken from the entity.
   */
  async authorise(
    request: ExecuteFailoverRequest,
    credentials: BackstageCredentials,
    options: { targetRole?: RegionRole } = {},
  ): Promise<FailoverAttempt> {
    const reasonProblem = validateFailoverReason(request.reason);
    if (reasonProblem) throw new InputError(reasonProblem);
    if (this.deps.readOnly) {
      throw new NotAllowedError(
        'The portal is in read-only mode (multiRegion.readOnly: true); no failover is possible until an administrator turns it off.',
      );
    }
    if (this.deps.failoverRefusal) {
      throw new NotAllowedError(this.deps.failoverRefusal);
    }
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Only a signed-in person can fail over: the audit trail must record who did it (service principals may read and plan).',
      );
    }
    const actor = credentials.principal.userEntityRef;
    const { resolved, config, decisions } = await this.deps.access.configured(
      request.entityRef,
      credentials,
    );
    if (!decisions.execute) {
      throw new NotAllowedError(
        `${actor} may not fail over ${resolved.entityRef}: the ${multiRegionFailoverExecutePermission.name} permission was denied (owners of the entity and platform admins have it).`,
      );
    }
    const override = request.overrideSafetyRules === true;
    if (override && !decisions.override) {
      throw new NotAllowedError(
        `${actor} may not override safety rules on ${resolved.entityRef}: the break-glass ${multiRegionSafetyRuleOverridePermission.name} permission was denied.`,
      );
    }
    const targetRegion = options.targetRole
      ? config[options.targetRole].region
      : request.targetRegion;
    return {
      request: { ...request, targetRegion },
      actor,
      entity: resolved.entity,
      entityRef: resolved.entityRef,
      config,
      targetRole: targetRoleOf(resolved.entityRef, config, targetRegion),
      override,
    };
  }

  /**
   * The preconditions of an authorised attempt (panel claim, fresh state,
   * safety rules, readiness checks failing without acknowledgement), then the operation record with the panel lock, and the
   * ARC write in the background.
   */
  private async startOperation(
    attempt: FailoverAttempt,
    auditEvent?: AuditorServiceEvent,
  ): Promise<StartedOperation> {
    const { request, actor, entityRef, config, targetRole, override } = attempt;
    const { squatters } = attempt.entity
      ? await this.deps.ownership.check(attempt.entity, config)
      : { squatters: [] };

    const snapshot = (
      await this.deps.snapshots.build([{ entityRef, config }], {
        fresh: true,
      })
    ).get(entityRef)!;
    // a panel ARC is still deploying has no readable state: say so, not 503
    if (snapshot.deployment) {
      throw refusal(snapshot.deployment.message, 'deploying');
    }
    const active = snapshot.active;
    if (active.certainty === 'unknown') {
      throw new ServiceUnavailableError(
        `The active region of ${entityRef} cannot be determined, so no failover is started: ${active.reason}`,
      );
    }
    attempt.observedActive = active.activeRegion;
    if (
      !attempt.automatic &&
      active.activeRegion !== request.expectedActiveRegion
    ) {
      throw new ConflictError(
        `You saw ${request.expectedActiveRegion} as the active region of ${entityRef}, but it is now ${active.activeRegion} (someone else changed it). Reload the status and decide again.`,
      );
    }
    // a region active only by fallback (both Off, both On) may still be set
    if (controlsAlreadyAt(controlStates(snapshot), targetRole)) {
      throw refusal(
        `${request.targetRegion} is already the active region of ${entityRef}.`,
        'already-active',
      );
    }
    const desired = desiredStatesFor(config, targetRole);
    let conditions: ChangeConditions;
    try {
      conditions = await changeConditions(
        this.deps,
        config,
        snapshot,
        desired,
        override,
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not read the safety rules of control panel ${
          config.controlPanelArn
        } from the ARC control plane: ${stringifyError(error)}`,
        error,
      );
    }
    const { blocking, deployment, waitPeriod } = conditions;
    if (deployment) throw refusal(deployment.message, 'deploying');
    if (waitPeriod) {
      throw refusal(waitPeriod.message, 'wait-period', {
        waitPeriodEndsAt: waitPeriod.endsAt,
      });
    }
    if (blocking.length > 0 && !override) {
      throw new ConflictError(
        `Blocked by ARC safety rule${blocking.length > 1 ? 's' : ''}: ${blocking
          .map(b => `${b.description} (${b.rule.arn})`)
          .join(' ')} Holders of the ${
          multiRegionSafetyRuleOverridePermission.name
        } permission can override with a reason.`,
      );
    }
    // last: acknowledging a check never gets past the refusals above
    const report = await this.deps.readiness.evaluate({
      entityRef,
      config,
      snapshot,
      targetRole,
      conditions,
      override,
    });
    attempt.readiness = report;
    const unacknowledged = unacknowledgedFailures(
      report.checks,
      request.acknowledgeFailingChecks,
    );
    if (unacknowledged.length > 0 && !attempt.automatic) {
      throw refusal(notReadyMessage(report, unacknowledged), 'readiness', {
        readiness: report,
      });
    }
    const readiness = operationReadiness(
      report,
      request.acknowledgeFailingChecks,
    );

    const now = new Date().toISOString();
    const op: StoredOperation = {
      id: randomUUID(),
      entityRef,
      controlPanelArn: config.controlPanelArn,
      action: actionForTarget(targetRole),
      fromRegion: active.activeRegion,
      toRegion: request.targetRegion,
      reason: request.reason.trim(),
      actor,
      source: 'portal',
      overrideSafetyRules: override,
      status: 'in-progress',
      steps: withStep(
        initialSteps(),
        'authorised',
        'done',
        authorisedNote(attempt, squatters, blocking, readiness),
      ),
      intent: {
        clusterName: config.clusterName,
        entries: desired.map(d => ({
          arn: d.routingControlArn,
          state: d.state,
        })),
        safetyRulesToOverride: override ? blocking.map(b => b.rule.arn) : [],
      },
      readiness,
      ...(attempt.drillId ? { drillId: attempt.drillId } : {}),
      ...(attempt.evacuationId ? { evacuationId: attempt.evacuationId } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.operations.createWithLock(op);
    const run = this.deps.executor.start({
      op,
      config,
      targetRole,
      auditEvent,
      rules: conditions.rules,
    });
    return { operation: publicOperation(op), run };
  }

  /**
   * Records a refused attempt of an authorised caller (another failover in
   * progress, stale view, safety rule, unreadable state, panel claim, failing
   * readiness checks not acknowledged), so that
   * the history shows every attempt and not only the ones that wrote. Callers
   * refused for lack of permission or bad input are in the audit log only:
   * anyone could otherwise fill another team's history.
   */
  private async recordRefusal(attempt: FailoverAttempt, error: Error) {
    const { request, actor, entityRef, config, targetRole, override } = attempt;
    const now = new Date().toISOString();
    const claimRefused = error.name === 'NotAllowedError';
    const authorised = withStep(
      initialSteps(),
      'authorised',
      claimRefused ? 'failed' : 'done',
      claimRefused
        ? error.message
        : `${actor} holds ${multiRegionFailoverExecutePermission.name} on ${entityRef}.`,
    );
    try {
      await this.deps.operations.insert({
        id: randomUUID(),
        entityRef,
        controlPanelArn: config.controlPanelArn,
        action: actionForTarget(targetRole),
        fromRegion: attempt.observedActive ?? request.expectedActiveRegion,
        toRegion: request.targetRegion,
        reason: request.reason.trim(),
        actor,
        source: 'portal',
        overrideSafetyRules: override,
        status: 'refused',
        ...(attempt.drillId ? { drillId: attempt.drillId } : {}),
        ...(attempt.evacuationId ? { evacuationId: attempt.evacuationId } : {}),
        steps: skipRemaining(authorised, 'Refused before any write to ARC.'),
        error: { name: error.name, message: error.message },
        // what the person had acknowledged when refused (readiness, or later)
        ...(attempt.readiness
          ? {
              readiness: operationReadiness(
                attempt.readiness,
                request.acknowledgeFailingChecks,
              ),
            }
          : {}),
        createdAt: now,
        updatedAt: now,
        completedAt: now,
      });
    } catch (recordError) {
      this.deps.logger.warn(
        `Could not record the refused failover attempt of ${actor} on ${entityRef} (${
          error.message
        }): ${stringifyError(recordError)}`,
      );
    }
  }
}

/** Ends a reason with a full stop unless it has one, for a message of several. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The 409 of failing readiness checks the person has not acknowledged: the
 * headline, each such check with its reason, and how to go ahead anyway.
 */
function notReadyMessage(
  report: ReadinessReport,
  unacknowledged: ReadinessCheck[],
): string {
  const checks = unacknowledged
    .map(c => `${c.title} (${c.id}): ${sentence(c.reason)}`)
    .join(' ');
  const ids = unacknowledged.map(c => c.id).join(', ');
  return `${readinessHeadline(
    report.summary,
    report.action,
  )}. Not acknowledged: ${checks} Look at ${
    unacknowledged.length > 1 ? 'them' : 'it'
  } and, to go ahead anyway, acknowledge ${
    unacknowledged.length > 1 ? 'them' : 'it'
  } (acknowledgeFailingChecks: ${ids}); acknowledging never overrides safety rules, permissions, deployments or wait periods.`;
}

/**
 * Readiness as recorded with an operation: the summary, the checks that
 * failed or warned, and the acknowledged ids that name a failing check (in
 * check order; others are dropped: nothing was accepted by them).
 */
function operationReadiness(
  report: ReadinessReport,
  acknowledged: readonly string[] = [],
): OperationReadiness {
  const problems = report.checks.filter(c => c.verdict !== 'pass');
  return {
    summary: report.summary,
    problems,
    acknowledged: problems
      .filter(c => c.verdict === 'fail' && acknowledged.includes(c.id))
      .map(c => c.id),
  };
}

/** The "authorised" step of an operation: who holds what, and what was ignored, overridden or acknowledged. */
function authorisedNote(
  attempt: FailoverAttempt,
  squatters: string[],
  blocking: BlockingRule[],
  readiness: OperationReadiness,
): string {
  const { actor, entityRef, override } = attempt;
  if (attempt.evacuationId) {
    return `Part of evacuation ${attempt.evacuationId}: ${sentence(
      attempt.automatic ?? 'one of its services',
    )} ${actor} held ${
      multiRegionFailoverExecutePermission.name
    } on ${entityRef} when they confirmed the evacuation; the active region was read fresh.`;
  }
  if (attempt.automatic) {
    return `Automatic failback of drill ${attempt.drillId}: ${sentence(
      attempt.automatic,
    )} ${actor} was authorised for the whole drill when it started; the active region was read fresh.`;
  }
  const permissions = `${multiRegionFailoverExecutePermission.name}${
    override ? ` and ${multiRegionSafetyRuleOverridePermission.name}` : ''
  }`;
  // a count, not names: the history's readers may not see those entities
  const ignored = squatters.length
    ? ` Ignored ${squatters.length} other catalog entit${
        squatters.length > 1 ? 'ies' : 'y'
      } naming the same panel or controls (the tag does not name them; named in the portal's log).`
    : '';
  const overriding =
    override && blocking.length
      ? ` Overriding: ${blocking.map(b => b.rule.name).join(', ')}.`
      : '';
  const acknowledged = readiness.problems.filter(c =>
    readiness.acknowledged.includes(c.id),
  );
  const accepted = acknowledged.length
    ? ` Acknowledged failing readiness check${
        acknowledged.length > 1 ? 's' : ''
      }: ${acknowledged
        .map(c => `${c.title} (${c.id}): ${sentence(c.reason)}`)
        .join(' ')}`
    : '';
  return `${actor} holds ${permissions} on ${entityRef}; control panel tags ${ENTITY_REF_TAG} and ${OWNER_TAG} match.${ignored}${overriding}${accepted}`;
}

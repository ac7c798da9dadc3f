import {
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  actionForTarget,
  controlsAlreadyAt,
  desiredStatesFor,
  EntityStatusResponse,
  ExecuteFailoverRequest,
  FailoverPlan,
  FailoverPlanRequest,
  HistoryResponse,
  MultiRegionConfig,
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
  Operation,
  regionByCode,
  RegionRole,
  ServicesResponse,
  ServiceSummary,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { randomUUID } from 'crypto';
import { ArcControlPlane, ENTITY_REF_TAG } from '../arc/ArcControlPlane';
import { BlockingRule, findBlockingRules } from '../arc/safetyRules';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { ExternalChangeDetector } from '../operations/ExternalChangeDetector';
import { FailoverExecutor } from '../operations/FailoverExecutor';
import { initialSteps, skipRemaining, withStep } from '../operations/steps';
import {
  authorizeEach,
  callerPermissions,
  decideForEntity,
  EntityDecisions,
} from '../permissions/decisions';
import { EntityResolver, normaliseEntityRef } from './EntityResolver';
import {
  controlStates,
  RegionSnapshot,
  RegionSnapshots,
} from './RegionSnapshots';

/** Removes internal columns before an operation leaves the server. */
export function publicOperation(op: StoredOperation): Operation {
  const { controlPanelArn: _p, intent: _i, found: _f, ...rest } = op;
  return rest;
}

const pub = (op?: StoredOperation) => (op ? publicOperation(op) : undefined);

/** An authorised, well-formed failover request on its way to ARC. */
interface FailoverAttempt {
  request: ExecuteFailoverRequest;
  actor: string;
  entityRef: string;
  config: MultiRegionConfig;
  targetRole: RegionRole;
  override: boolean;
  /** The active region the fresh read found, once read. */
  observedActive?: string;
}

/** Refusals of an authorised attempt (as opposed to bad input or no permission). */
const REFUSALS = [
  'ConflictError',
  'ServiceUnavailableError',
  'NotAllowedError',
];
function isRefusal(error: unknown): boolean {
  return error instanceof Error && REFUSALS.includes(error.name);
}

/**
 * Everything the HTTP routes do, route-independent: status of one or many
 * entities, plan, execute, operations and history. Every method takes the
 * caller's credentials and decides with the permission framework per entity.
 *
 * @public
 */
export class MultiRegionService {
  constructor(
    private readonly deps: {
      entities: EntityResolver;
      snapshots: RegionSnapshots;
      controlPlane: ArcControlPlane;
      operations: OperationsStore;
      executor: FailoverExecutor;
      detector: ExternalChangeDetector;
      permissions: PermissionsService;
      auth: AuthService;
      logger: LoggerService;
      readOnly: boolean;
    },
  ) {}

  async status(
    rawRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityStatusResponse> {
    const entityRef = normaliseEntityRef(rawRef);
    const resolved = await this.deps.entities.getAsCaller(
      entityRef,
      credentials,
    );
    const decisions = await this.decide(resolved.entityRef, credentials);
    const base = {
      entityRef: resolved.entityRef,
      permissions: this.callerPermissions(decisions, credentials),
      readOnly: this.deps.readOnly,
      fetchedAt: new Date().toISOString(),
    };
    if (!resolved.config) {
      return { ...base, annotationErrors: resolved.annotationErrors };
    }
    const { config } = resolved;
    const snapshot = (
      await this.deps.snapshots.build([
        { entityRef: resolved.entityRef, config },
      ])
    ).get(resolved.entityRef)!;
    await this.detect(resolved.entityRef, config, snapshot, 'status read');
    const [pending, last] = await Promise.all([
      this.deps.operations.pendingFor([resolved.entityRef]),
      this.deps.operations.lastChangeFor([resolved.entityRef]),
    ]);
    const lastChange = last.get(resolved.entityRef);
    const active = snapshot.active;
    return {
      ...base,
      primaryRegion: config.primary.region,
      secondaryRegion: config.secondary.region,
      dnsName: config.dnsName,
      rtoMinutes: config.rtoMinutes,
      regions: snapshot.regions,
      active,
      activeSince:
        lastChange &&
        active.certainty !== 'unknown' &&
        lastChange.toRegion === active.activeRegion
          ? lastChange.completedAt
          : undefined,
      pendingOperation: pub(pending.get(resolved.entityRef)),
      lastChange: pub(lastChange),
      dnsRefreshedAt: snapshot.dnsRefreshedAt,
    };
  }

  async services(credentials: BackstageCredentials): Promise<ServicesResponse> {
    const all = await this.deps.entities.list(credentials);
    const readable = await authorizeEach(
      this.deps.permissions,
      credentials,
      all.map(e => e.entityRef),
      [multiRegionStatusReadPermission],
    );
    const visible = all.filter(e => readable.get(e.entityRef)?.[0]);
    const refs = new Set(visible.map(e => e.entityRef));
    const configs = visible.flatMap(e =>
      e.config ? [{ entityRef: e.entityRef, config: e.config }] : [],
    );
    const [snapshots, pending, last] = await Promise.all([
      this.deps.snapshots.build(configs),
      this.deps.operations.pendingFor([...refs]),
      this.deps.operations.lastChangeFor([...refs]),
    ]);
    const items: ServiceSummary[] = visible.map(e => {
      const snapshot = snapshots.get(e.entityRef);
      const active = snapshot?.active;
      const owner =
        e.entity.relations?.find(r => r.type === 'ownedBy')?.targetRef ??
        (typeof e.entity.spec?.owner === 'string'
          ? e.entity.spec.owner
          : undefined);
      return {
        entityRef: e.entityRef,
        title: e.entity.metadata.title ?? e.entity.metadata.name,
        owner,
        system:
          typeof e.entity.spec?.system === 'string'
            ? e.entity.spec.system
            : undefined,
        appRole: e.config?.appRole ?? 'service',
        primaryRegion: e.config?.primary.region,
        secondaryRegion: e.config?.secondary.region,
        active,
        activeHealth:
          snapshot && active && active.certainty !== 'unknown'
            ? snapshot.regions[active.activeRole].healthCheck.status
            : undefined,
        lastChange: pub(last.get(e.entityRef)),
        pendingOperation: pub(pending.get(e.entityRef)),
        annotationErrors: e.annotationErrors,
        dependsOn: dependsOnRefs(e.entity, refs),
      };
    });
    return { items, fetchedAt: new Date().toISOString() };
  }

  async plan(
    request: FailoverPlanRequest,
    credentials: BackstageCredentials,
  ): Promise<FailoverPlan> {
    const { resolved, config, decisions } = await this.readable(
      request.entityRef,
      credentials,
    );
    const targetRole = this.targetRole(
      resolved.entityRef,
      config,
      request.targetRegion,
    );
    const snapshot = (
      await this.deps.snapshots.build([
        { entityRef: resolved.entityRef, config },
      ])
    ).get(resolved.entityRef)!;
    const desired = desiredStatesFor(config, targetRole);
    let blocking: BlockingRule[] = [];
    if (snapshot.reading) {
      blocking = await this.blockingRules(config, snapshot, desired).catch(
        error => {
          this.deps.logger.warn(
            `Could not read safety rules of ${config.controlPanelArn}: ${error}`,
          );
          return [];
        },
      );
    }
    const pending = (
      await this.deps.operations.pendingFor([resolved.entityRef])
    ).get(resolved.entityRef);
    const claim = await this.checkPanelClaim(resolved.entityRef, config).then(
      ({ squatters }) => ({ squatters, problem: undefined }),
      (error: Error) => ({ squatters: [], problem: error.message }),
    );
    const active = snapshot.active;
    return {
      entityRef: resolved.entityRef,
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
      pendingOperation: pub(pending),
      permissions: this.callerPermissions(decisions, credentials),
      readOnly: this.deps.readOnly,
      noop: controlsAlreadyAt(controlStates(snapshot), targetRole),
      ...(claim.problem ? { claimProblem: claim.problem } : {}),
      ...(claim.squatters.length ? { ignoredClaimants: claim.squatters } : {}),
    };
  }

  /**
   * Authorises, checks every precondition WITHOUT writing anything, then
   * records the operation (with the panel lock) and starts the ARC write in
   * the background.
   */
  async execute(
    request: ExecuteFailoverRequest,
    credentials: BackstageCredentials,
    auditEvent?: AuditorServiceEvent,
  ): Promise<Operation> {
    const reasonProblem = validateFailoverReason(request.reason);
    if (reasonProblem) throw new InputError(reasonProblem);
    if (this.deps.readOnly) {
      throw new NotAllowedError(
        'The portal is in read-only mode (multiRegion.readOnly: true); no failover is possible until an administrator turns it off.',
      );
    }
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Only a signed-in person can fail over: the audit trail must record who did it (service principals may read and plan).',
      );
    }
    const actor = credentials.principal.userEntityRef;
    const { resolved, config, decisions } = await this.readable(
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
    const targetRole = this.targetRole(
      resolved.entityRef,
      config,
      request.targetRegion,
    );
    const attempt: FailoverAttempt = {
      request,
      actor,
      entityRef: resolved.entityRef,
      config,
      targetRole,
      override,
    };
    try {
      return await this.startOperation(attempt, auditEvent);
    } catch (error) {
      if (isRefusal(error)) await this.recordRefusal(attempt, error as Error);
      throw error;
    }
  }

  /**
   * The preconditions of an authorised attempt (panel claim, fresh state,
   * safety rules), then the operation record with the panel lock, and the
   * ARC write in the background.
   */
  private async startOperation(
    attempt: FailoverAttempt,
    auditEvent?: AuditorServiceEvent,
  ): Promise<Operation> {
    const { request, actor, entityRef, config, targetRole, override } = attempt;
    const { squatters } = await this.checkPanelClaim(entityRef, config);

    const snapshot = (
      await this.deps.snapshots.build([{ entityRef, config }], {
        fresh: true,
      })
    ).get(entityRef)!;
    const active = snapshot.active;
    if (active.certainty === 'unknown') {
      throw new ServiceUnavailableError(
        `The active region of ${entityRef} cannot be determined, so no failover is started: ${active.reason}`,
      );
    }
    attempt.observedActive = active.activeRegion;
    if (active.activeRegion !== request.expectedActiveRegion) {
      throw new ConflictError(
        `You saw ${request.expectedActiveRegion} as the active region of ${entityRef}, but it is now ${active.activeRegion} (someone else changed it). Reload the status and decide again.`,
      );
    }
    // a region active only by fallback (both Off, both On) may still be set
    if (controlsAlreadyAt(controlStates(snapshot), targetRole)) {
      throw new ConflictError(
        `${request.targetRegion} is already the active region of ${entityRef}.`,
      );
    }
    const desired = desiredStatesFor(config, targetRole);
    let blocking: BlockingRule[];
    try {
      blocking = await this.blockingRules(config, snapshot, desired);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not read the safety rules of control panel ${
          config.controlPanelArn
        } from the ARC control plane: ${(error as Error).message}`,
      );
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
        `${actor} holds ${multiRegionFailoverExecutePermission.name}${
          override ? ` and ${multiRegionSafetyRuleOverridePermission.name}` : ''
        } on ${entityRef}; control panel tag ${ENTITY_REF_TAG} matches.${
          squatters.length
            ? ` Ignored other catalog entities naming the same panel or controls (the tag does not name them): ${squatters.join(
                ', ',
              )}.`
            : ''
        }${
          override && blocking.length
            ? ` Overriding: ${blocking.map(b => b.rule.name).join(', ')}.`
            : ''
        }`,
      ),
      intent: {
        clusterName: config.clusterName,
        entries: desired.map(d => ({
          arn: d.routingControlArn,
          state: d.state,
        })),
        safetyRulesToOverride: override ? blocking.map(b => b.rule.arn) : [],
      },
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.operations.createWithLock(op);
    this.deps.executor.start({ op, config, targetRole, auditEvent });
    return publicOperation(op);
  }

  /**
   * Records a refused attempt of an authorised caller (another failover in
   * progress, stale view, safety rule, unreadable state, panel claim), so that
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
        steps: skipRemaining(authorised, 'Refused before any write to ARC.'),
        error: { name: error.name, message: error.message },
        createdAt: now,
        updatedAt: now,
        completedAt: now,
      });
    } catch (recordError) {
      this.deps.logger.warn(
        `Could not record the refused failover attempt of ${actor} on ${entityRef} (${error.message}): ${recordError}`,
      );
    }
  }

  async operation(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Operation> {
    const op = await this.deps.operations.get(id);
    if (!op) throw new NotFoundError(`No operation ${id}.`);
    const allowed = await authorizeEach(
      this.deps.permissions,
      credentials,
      [op.entityRef],
      [multiRegionStatusReadPermission],
    );
    if (!allowed.get(op.entityRef)?.[0]) {
      // same answer as a missing one: do not confirm that it exists
      throw new NotFoundError(`No operation ${id}.`);
    }
    return publicOperation(op);
  }

  async history(
    query: { entityRef?: string; cursor?: string; limit: number },
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    const cursor =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.entityRef) {
      const { resolved } = await this.readable(query.entityRef, credentials, {
        allowBadAnnotations: true,
      });
      const page = await this.deps.operations.history({
        entityRef: resolved.entityRef,
        cursor,
        limit: query.limit,
      });
      return {
        items: page.items.map(publicOperation),
        nextCursor: encodeCursor(page.nextCursor),
      };
    }
    const page = await this.deps.operations.history({
      cursor,
      limit: query.limit,
    });
    const refs = [...new Set(page.items.map(i => i.entityRef))];
    const allowed = await authorizeEach(
      this.deps.permissions,
      credentials,
      refs,
      [multiRegionStatusReadPermission],
    );
    return {
      items: page.items
        .filter(i => allowed.get(i.entityRef)?.[0])
        .map(publicOperation),
      nextCursor: encodeCursor(page.nextCursor),
    };
  }

  /**
   * Who may change a control panel: the entity its `backstage.io/entity-ref`
   * tag names, and no one else.
   *
   * - Untagged panel: refused (ownership cannot be verified). If other catalog
   *   entities name the same panel or controls, the message names them too,
   *   since the portal cannot tell which of them owns it.
   * - Tag names another entity: refused (hijacking annotation).
   * - Tag names this entity: allowed. Other entities naming the same panel or
   *   controls are squatters (registering a catalog-info.yaml is enough to
   *   name anything): they do NOT block the owner, they are logged as a
   *   warning and returned for the operation's record.
   */
  private async checkPanelClaim(
    entityRef: string,
    config: MultiRegionConfig,
  ): Promise<{ squatters: string[] }> {
    let tags: Record<string, string>;
    try {
      tags = await this.deps.controlPlane.listTags(
        config.accountId,
        config.controlPanelArn,
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not read the tags of control panel ${
          config.controlPanelArn
        } (ARC control plane), so its ownership cannot be verified: ${
          (error as Error).message
        }`,
      );
    }
    const tag = tags[ENTITY_REF_TAG];
    if (!tag) {
      const others = await this.deps.entities
        .otherClaimants(entityRef, config)
        .catch(error => {
          this.deps.logger.warn(
            `Could not list other catalog entities naming control panel ${config.controlPanelArn}: ${error}`,
          );
          return [];
        });
      throw new NotAllowedError(
        others.length > 0
          ? `Control panel ${
              config.controlPanelArn
            } has no ${ENTITY_REF_TAG} tag, and its control panel or routing controls are claimed by ${entityRef} and also by ${others.join(
              ', ',
            )} in the catalog, so the portal cannot tell which entity owns it. Refusing to fail over. To resolve it, tag the panel with ${ENTITY_REF_TAG}=<the owning entity's ref> (e.g. ${ENTITY_REF_TAG}=${entityRef}, in the infrastructure code that created it): then only that entity may fail over and the other claimants are ignored.`
          : `Control panel ${config.controlPanelArn} has no ${ENTITY_REF_TAG} tag, so the portal cannot verify that it belongs to ${entityRef}. Tag the panel with ${ENTITY_REF_TAG}=${entityRef} (in the infrastructure code that created it).`,
      );
    }
    let tagged: string;
    try {
      tagged = stringifyEntityRef(
        parseEntityRef(tag, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      tagged = tag;
    }
    if (tagged !== entityRef) {
      throw new NotAllowedError(
        `Control panel ${config.controlPanelArn} is tagged ${ENTITY_REF_TAG}=${tag}, not ${entityRef}: this entity's annotations point at another app's control panel. Refusing to change it.`,
      );
    }
    // The tag names this entity, so it is the one legitimate claimant. The
    // lookup below only informs: a catalog hiccup must not block a failover.
    let squatters: string[];
    try {
      squatters = await this.deps.entities.otherClaimants(entityRef, config);
    } catch (error) {
      this.deps.logger.warn(
        `Could not list other catalog entities naming control panel ${config.controlPanelArn} (informational only, the panel tag names ${entityRef}): ${error}`,
      );
      return { squatters: [] };
    }
    if (squatters.length > 0) {
      this.deps.logger.warn(
        `Possible claim squatting: ${squatters.join(
          ', ',
        )} name the control panel or routing controls of ${entityRef} (${
          config.controlPanelArn
        }) in their annotations. Ignored, because the panel's ${ENTITY_REF_TAG} tag names ${entityRef}; remove those annotations from the catalog.`,
      );
    }
    return { squatters };
  }

  private async blockingRules(
    config: MultiRegionConfig,
    snapshot: RegionSnapshot,
    desired: ReturnType<typeof desiredStatesFor>,
  ): Promise<BlockingRule[]> {
    const rules = await this.deps.controlPlane.listSafetyRules(
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

  private async readable(
    rawRef: string,
    credentials: BackstageCredentials,
    options: { allowBadAnnotations?: boolean } = {},
  ) {
    const entityRef = normaliseEntityRef(rawRef);
    const resolved = await this.deps.entities.getAsCaller(
      entityRef,
      credentials,
    );
    const decisions = await this.decide(resolved.entityRef, credentials);
    if (!resolved.config && !options.allowBadAnnotations) {
      throw new InputError(
        `The multi-region annotations of ${
          resolved.entityRef
        } are invalid: ${resolved.annotationErrors
          .map(p => `${p.annotation} ${p.problem} (expected ${p.expected})`)
          .join('; ')}`,
      );
    }
    return { resolved, config: resolved.config!, decisions };
  }

  private async decide(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityDecisions> {
    const decisions = await decideForEntity(
      this.deps.permissions,
      credentials,
      entityRef,
    );
    if (!decisions.read) {
      throw new NotAllowedError(
        `You may not read the multi-region status of ${entityRef} (${multiRegionStatusReadPermission.name} denied).`,
      );
    }
    return decisions;
  }

  private callerPermissions(
    decisions: EntityDecisions,
    credentials: BackstageCredentials,
  ) {
    return callerPermissions(decisions, {
      readOnly: this.deps.readOnly,
      isUser: this.deps.auth.isPrincipal(credentials, 'user'),
    });
  }

  private targetRole(
    entityRef: string,
    config: MultiRegionConfig,
    targetRegion: string,
  ): RegionRole {
    const region = regionByCode(config, targetRegion);
    if (!region) {
      throw new InputError(
        `targetRegion "${targetRegion}" is neither the primary (${config.primary.region}) nor the secondary (${config.secondary.region}) region of ${entityRef}.`,
      );
    }
    return region.role;
  }

  private async detect(
    entityRef: string,
    config: MultiRegionConfig,
    snapshot: RegionSnapshot,
    by: string,
  ): Promise<void> {
    if (!snapshot.reading) return;
    try {
      await this.deps.detector.observe(
        entityRef,
        config,
        snapshot.active,
        snapshot.reading,
        by,
      );
    } catch (error) {
      this.deps.logger.warn(
        `External-change detection for ${entityRef} failed: ${error}`,
      );
    }
  }
}

function otherRole(role: RegionRole): RegionRole {
  return role === 'primary' ? 'secondary' : 'primary';
}

function dependsOnRefs(
  entity: { relations?: Array<{ type: string; targetRef: string }> },
  known: Set<string>,
) {
  return (entity.relations ?? [])
    .filter(r => r.type === 'dependsOn' && known.has(r.targetRef))
    .map(r => r.targetRef);
}

function encodeCursor(seq?: number): string | undefined {
  return seq === undefined
    ? undefined
    : Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw new InputError(
      `cursor "${cursor}" is not a cursor this API returned`,
    );
  return Number(match[1]);
}

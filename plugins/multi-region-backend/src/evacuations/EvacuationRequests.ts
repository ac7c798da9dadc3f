import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  toError,
} from '@backstage/errors';
import {
  Evacuation,
  evacuationConfirmation,
  evacuationCounts,
  EvacuationPlan,
  EvacuationPlanRequest,
  EvacuationsResponse,
  FAILOVER_REASON_LIMITS,
  multiRegionFailoverExecutePermission,
  sanitiseForAudit,
  StartEvacuationRequest,
  StopEvacuationRequest,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { randomUUID } from 'crypto';
import {
  EvacuationsStore,
  StoredEvacuation,
  StoredEvacuationItem,
} from '../database/EvacuationsStore';
import { normaliseEntityRef } from '../service/EntityResolver';
import { EntityAccess } from '../service/EntityAccess';
import {
  FailoverAttempt,
  FailoverRequests,
  WriteAuditTrail,
} from '../service/FailoverRequests';
import { EvacuationPlanner, PlannedService } from './EvacuationPlanner';
import { EvacuationRunner } from './EvacuationRunner';

/** At most this many services per request (a region of a large estate fits). */
const MAX_SERVICES = 1000;

/**
 * The evacuations' HTTP side: plan (dry run), start, stop, read. An
 * evacuation is planned again at start, as the caller; each service it
 * moves is authorised as the caller by the failover path (the same
 * permission as a failover from its page), so platform admins move
 * everything and owners what they own. The run is the EvacuationRunner's.
 */
export class EvacuationRequests {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      auth: AuthService;
      failovers: FailoverRequests;
      planner: EvacuationPlanner;
      evacuations: EvacuationsStore;
      runner: EvacuationRunner;
    },
  ) {}

  async plan(
    request: EvacuationPlanRequest,
    credentials: BackstageCredentials,
  ): Promise<EvacuationPlan> {
    return (await this.deps.planner.plan(request, credentials)).plan;
  }

  async start(
    request: StartEvacuationRequest,
    credentials: BackstageCredentials,
    audit?: WriteAuditTrail,
  ): Promise<Evacuation> {
    let checked: Checked;
    try {
      checked = await this.check(request, credentials);
    } catch (error) {
      await audit?.rejected(request, toError(error));
      throw error;
    }
    const { actor, region, plan, confirmed } = checked;
    const event = await audit?.authorised({
      region,
      selection: { ...plan.plan.selection },
      services: [...confirmed.keys()],
      stopOnFailure: request.stopOnFailure === true,
      reason: sanitiseForAudit(
        request.reason.trim(),
        FAILOVER_REASON_LIMITS.maxLength,
      ),
    });
    try {
      const evacuation = this.record(request, checked);
      await this.deps.evacuations.create(evacuation);
      this.deps.runner.start(evacuation);
      await event?.success({ meta: { evacuationId: evacuation.id } });
      return this.visibleView(evacuation, credentials, actor);
    } catch (error) {
      await event?.fail({ error: toError(error) });
      throw error;
    }
  }

  async stop(
    id: string,
    request: StopEvacuationRequest,
    credentials: BackstageCredentials,
    audit?: WriteAuditTrail,
  ): Promise<Evacuation> {
    const evacuation = await this.visible(id, credentials);
    const actor = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    try {
      const reasonProblem = validateFailoverReason(request?.reason);
      if (reasonProblem) throw new InputError(reasonProblem);
      if (!actor) {
        throw new NotAllowedError(
          'Only a signed-in person can stop an evacuation: the record must say who did it.',
        );
      }
      await this.mayStop(evacuation, actor, credentials);
    } catch (error) {
      await audit?.rejected({ evacuationId: id, ...request }, toError(error));
      throw error;
    }
    const event = await audit?.authorised({
      evacuationId: id,
      region: evacuation.region,
      reason: sanitiseForAudit(
        request.reason.trim(),
        FAILOVER_REASON_LIMITS.maxLength,
      ),
    });
    const asked = await this.deps.evacuations.requestStop(id, {
      by: actor!,
      reason: request.reason.trim(),
    });
    const after = (await this.deps.evacuations.get(id))!;
    if (!asked && after.state !== 'running') {
      const error = new ConflictError(
        `Evacuation ${id} is not running (${
          after.outcome ?? after.state
        }); there is nothing to stop.`,
      );
      await event?.fail({ error });
      throw error;
    }
    if (asked) {
      await this.deps.evacuations.addEvents(id, [
        `Stop asked by ${actor}: ${request.reason.trim()} No further service starts; those moving finish.`,
      ]);
    }
    await event?.success();
    return this.visibleView(
      (await this.deps.evacuations.get(id))!,
      credentials,
    );
  }

  async list(
    limit: number,
    credentials: BackstageCredentials,
  ): Promise<EvacuationsResponse> {
    const all = await this.deps.evacuations.list(limit);
    const views = await Promise.all(all.map(e => this.view(e, credentials)));
    return { items: views.filter((v): v is Evacuation => v !== undefined) };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Evacuation> {
    return this.visibleView(await this.visible(id, credentials), credentials);
  }

  /** Input, the typed confirmation, and a fresh plan as the caller. */
  private async check(
    request: StartEvacuationRequest,
    credentials: BackstageCredentials,
  ): Promise<Checked> {
    if (!request || typeof request !== 'object') {
      throw new InputError('The body must be a StartEvacuationRequest object.');
    }
    const reasonProblem = validateFailoverReason(request.reason);
    if (reasonProblem) throw new InputError(reasonProblem);
    const requested = confirmedServices(request.services);
    const plan = await this.deps.planner.plan(
      { region: request.region, selection: request.selection },
      credentials,
    );
    const region = plan.plan.region;
    if (request.confirmation !== evacuationConfirmation(region)) {
      throw new InputError(
        `To confirm, type "${evacuationConfirmation(region)}" (confirmation).`,
      );
    }
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Only a signed-in person can evacuate a region: the history of every service must record who did it.',
      );
    }
    const actor = credentials.principal.userEntityRef;
    if (plan.plan.refusal) {
      throw Object.assign(new ConflictError(plan.plan.refusal), {
        refusal: 'evacuation-refused',
      });
    }
    // each moving, confirmed service is authorised as the caller, as a failover
    const confirmed = new Map<string, FailoverAttempt>();
    const refused = new Map<string, Error>();
    for (const service of plan.services) {
      if (service.skip || !requested.has(service.entityRef.toLowerCase())) {
        continue;
      }
      try {
        confirmed.set(
          service.entityRef,
          await this.deps.failovers.authorise(
            {
              entityRef: service.entityRef,
              targetRegion: service.toRegion!,
              reason: request.reason,
              expectedActiveRegion: region,
            },
            credentials,
          ),
        );
      } catch (error) {
        // a change of permission since the plan: that service is skipped
        refused.set(service.entityRef, toError(error));
      }
    }
    // refused for every service (read-only mode, say): that refusal, as is
    if (confirmed.size === 0 && refused.size > 0) {
      throw [...refused.values()][0];
    }
    if (confirmed.size === 0) {
      throw Object.assign(
        new ConflictError(
          `None of the services you confirmed can move out of ${region} now: plan again and look at why.`,
        ),
        { refusal: 'evacuation-refused' },
      );
    }
    return { actor, region, plan, confirmed, refused, requested };
  }

  /** The evacuation to create: confirmed services move, every other one is listed as skipped. */
  private record(
    request: StartEvacuationRequest,
    { actor, region, plan, confirmed, refused }: Checked,
  ): StoredEvacuation {
    const id = randomUUID();
    const now = new Date().toISOString();
    const items = plan.services.map(
      (s: PlannedService): StoredEvacuationItem => {
        const attempt = confirmed.get(s.entityRef);
        const { config: _config, ...item } = s;
        if (attempt) {
          return { ...item, state: 'waiting', config: attempt.config };
        }
        return {
          ...item,
          state: 'skipped',
          skip: s.skip ?? {
            kind: 'not-confirmed' as const,
            message: refused.has(s.entityRef)
              ? `It could not be authorised: ${
                  refused.get(s.entityRef)!.message
                }`
              : 'It was not among the services confirmed (it became movable after the plan was shown).',
          },
          completedAt: now,
        };
      },
    );
    // a skipped dependency is not waited for
    for (const item of items) {
      item.after = item.after.filter(dep => confirmed.has(dep));
    }
    return {
      id,
      region,
      selection: plan.plan.selection,
      actor,
      reason: request.reason.trim(),
      stopOnFailure: request.stopOnFailure === true,
      state: 'running',
      items,
      events: [
        {
          at: now,
          message: `Evacuation of ${region} started by ${actor}: ${
            confirmed.size
          } service${confirmed.size > 1 ? 's' : ''} to move, ${
            items.length - confirmed.size
          } skipped.`,
        },
      ],
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Who may stop an evacuation: the person who started it, or one who holds
   * the failover permission on every service it has yet to finish (a
   * platform admin; an owner of all of them).
   */
  private async mayStop(
    evacuation: StoredEvacuation,
    actor: string,
    credentials: BackstageCredentials,
  ) {
    if (actor === evacuation.actor) return;
    const open = evacuation.items.filter(
      i => i.state === 'waiting' || i.state === 'moving',
    );
    for (const item of open) {
      const { decisions } = await this.deps.access
        .readable(item.entityRef, credentials)
        .catch(() => ({ decisions: { execute: false } }));
      if (!decisions.execute) {
        throw new NotAllowedError(
          `${actor} may not stop evacuation ${evacuation.id}: only ${evacuation.actor}, who started it, or a holder of ${multiRegionFailoverExecutePermission.name} on every service it has yet to move may.`,
        );
      }
    }
  }

  /** The evacuation if the caller may read it; else the same 404 as a missing one. */
  private async visible(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<StoredEvacuation> {
    const evacuation =
      typeof id === 'string' && id.length <= 64
        ? await this.deps.evacuations.get(id)
        : undefined;
    if (!evacuation || !(await this.view(evacuation, credentials))) {
      throw new NotFoundError(`No evacuation ${String(id).slice(0, 64)}.`);
    }
    return evacuation;
  }

  private async visibleView(
    evacuation: StoredEvacuation,
    credentials: BackstageCredentials,
    actor?: string,
  ): Promise<Evacuation> {
    return (await this.view(evacuation, credentials, actor))!;
  }

  /**
   * The evacuation as this caller may see it: the services whose status
   * they may read (the others counted); invisible when none and they did
   * not start it.
   */
  private async view(
    evacuation: StoredEvacuation,
    credentials: BackstageCredentials,
    knownActor?: string,
  ): Promise<Evacuation | undefined> {
    const readable = await this.deps.access.mayRead(
      evacuation.items.map(i => i.entityRef),
      credentials,
      { status: true },
    );
    const actor =
      knownActor ??
      (credentials.principal as { userEntityRef?: string }).userEntityRef;
    if (readable.size === 0 && actor !== evacuation.actor) return undefined;
    const items = evacuation.items
      .filter(i => readable.has(i.entityRef))
      .map(({ config: _config, ...item }) => item);
    return {
      ...evacuation,
      items,
      unlisted: evacuation.items.length - items.length,
      counts: evacuationCounts(evacuation.items),
    };
  }
}

interface Checked {
  actor: string;
  region: string;
  plan: Awaited<ReturnType<EvacuationPlanner['plan']>>;
  confirmed: Map<string, FailoverAttempt>;
  /** Confirmed services the failover path refused to authorise, and why. */
  refused: Map<string, Error>;
  /** The confirmed refs, lower-cased (entity refs are case-insensitive). */
  requested: Set<string>;
}

/** The services of a start request, normalised; a 400 for anything else. */
function confirmedServices(raw: unknown): Set<string> {
  if (
    !Array.isArray(raw) ||
    raw.length === 0 ||
    raw.length > MAX_SERVICES ||
    !raw.every(s => typeof s === 'string' && s.length <= 512)
  ) {
    throw new InputError(
      `services must list the entity refs of the services you confirmed (1 to ${MAX_SERVICES}), as the plan names them.`,
    );
  }
  return new Set(raw.map(s => normaliseEntityRef(s).toLowerCase()));
}

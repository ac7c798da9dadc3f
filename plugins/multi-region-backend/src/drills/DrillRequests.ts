import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  toError,
} from '@backstage/errors';
import {
  Drill,
  DrillAlarmReading,
  DrillPlan,
  DrillRefusal,
  DrillsResponse,
  drillWindowVerdict,
  DrillWindowVerdict,
  FAILOVER_REASON_LIMITS,
  isDrillRunning,
  sanitiseForAudit,
  multiRegionFailoverExecutePermission,
  MultiRegionConfig,
  StartDrillRequest,
  StopDrillRequest,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionBackendConfig } from '@multi-region-failover/plugin-multi-region-node';
import { randomUUID } from 'crypto';
import { DrillsStore, StoredDrill } from '../database/DrillsStore';
import { EntityAccess } from '../service/EntityAccess';
import { FailoverPlanner } from '../service/FailoverPlanner';
import { FailoverRequests, WriteAuditTrail } from '../service/FailoverRequests';
import { DrillRunner } from './DrillRunner';
import { drillStatus, publicDrill } from './drillStatus';
import { DrillWatcher } from './DrillWatcher';

/** The portal's drill settings (`multiRegion.drills`). */
export type DrillSettings = MultiRegionBackendConfig['drills'];

/** The 409 of a drill refusal: `refusal` travels in the error body. */
function refuse({ kind, message }: DrillRefusal): ConflictError {
  return Object.assign(new ConflictError(message), { refusal: kind });
}

/**
 * The drills' HTTP side: plan (dry run), start, stop, read. A drill is
 * started as the caller with the same permission, lock and audit as a
 * failover (FailoverRequests), after what only drills check: the service
 * is on its primary, no drill is running, the time window allows it and no
 * blocking alarm is in ALARM. The run itself is the DrillRunner's.
 */
export class DrillRequests {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      failovers: FailoverRequests;
      planner: FailoverPlanner;
      drills: DrillsStore;
      runner: DrillRunner;
      watcher: DrillWatcher;
      settings: DrillSettings;
    },
  ) {}

  async plan(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<DrillPlan> {
    const { access, planner, drills, settings } = this.deps;
    const { resolved, config, decisions } = await access.configured(
      entityRef,
      credentials,
    );
    const ref = resolved.entityRef;
    const [failover, blockingAlarms, mine] = await Promise.all([
      planner.plan(
        { entityRef: ref, targetRegion: config.secondary.region },
        credentials,
      ),
      this.blockingAlarms(config),
      drills.forEntities([ref]),
    ]);
    const status = drillStatus(
      mine.get(ref),
      settings.overdueAfterDays,
      access.callerPermissions(decisions, credentials).failoverDeniedReason,
    );
    const window = this.window(config);
    const active = failover.currentActive;
    const refusals = [
      active.certainty !== 'unknown' &&
      active.activeRegion !== config.primary.region
        ? notOnPrimary(config, active.activeRegion)
        : undefined,
      status.running ? runningRefusal(status.running) : undefined,
      window.allowed ? undefined : windowRefusal(window),
      blockingRefusal(blockingAlarms),
    ].filter((r): r is DrillRefusal => Boolean(r));
    return {
      entityRef: ref,
      failover,
      window,
      blockingAlarms,
      outcomeAlarms: config.drills?.outcomeAlarms ?? [],
      soak: settings.soak,
      refusals,
      ...(config.rtoMinutes !== undefined
        ? { rtoMinutes: config.rtoMinutes }
        : {}),
      status,
    };
  }

  async start(
    request: StartDrillRequest,
    credentials: BackstageCredentials,
    audit?: WriteAuditTrail,
  ): Promise<Drill> {
    const { failovers } = this.deps;
    let attempt: Awaited<ReturnType<FailoverRequests['authorise']>>;
    try {
      this.checkSoak(request.soakSeconds);
      attempt = await failovers.authorise(
        {
          entityRef: request.entityRef,
          targetRegion: '',
          reason: request.reason,
          expectedActiveRegion: request.expectedActiveRegion,
          acknowledgeFailingChecks: request.acknowledgeFailingChecks,
        },
        credentials,
        { targetRole: 'secondary' },
      );
    } catch (error) {
      await audit?.rejected(request, toError(error));
      throw error;
    }
    const { config, entityRef, actor } = attempt;
    const event = await audit?.authorised({
      entityRef,
      soakSeconds: request.soakSeconds,
      reason: sanitiseForAudit(
        request.reason.trim(),
        FAILOVER_REASON_LIMITS.maxLength,
      ),
    });
    try {
      const drill = await this.begin(request, attempt.config, entityRef, actor);
      attempt.drillId = drill.id;
      let started;
      try {
        started = await failovers.start(attempt);
      } catch (error) {
        await this.deps.drills.complete(drill.id, {
          state: 'failed',
          outcome: 'failover-failed',
          outcomeDetail: `The failover was refused, so the drill did not start: ${
            toError(error).message
          }`,
        });
        throw error;
      }
      const running = await this.deps.drills.update(drill.id, {
        failoverOperationId: started.operation.id,
        events: [
          `Drill started by ${actor}: failing over to ${config.secondary.region} (operation ${started.operation.id}).`,
        ],
      });
      this.deps.runner.start(running, started.run);
      await event?.success({ meta: { drillId: drill.id } });
      return publicDrill(running);
    } catch (error) {
      await event?.fail({ error: toError(error) });
      throw error;
    }
  }

  async stop(
    id: string,
    request: StopDrillRequest,
    credentials: BackstageCredentials,
    audit?: WriteAuditTrail,
  ): Promise<Drill> {
    const reasonProblem = validateFailoverReason(request.reason);
    const drill = await this.visible(id, credentials);
    const { decisions, resolved } = await this.deps.access.configured(
      drill.entityRef,
      credentials,
    );
    const actor = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    try {
      if (reasonProblem) throw new InputError(reasonProblem);
      if (!actor) {
        throw new NotAllowedError(
          'Only a signed-in person can stop a drill: the record must say who did it.',
        );
      }
      if (!decisions.execute) {
        throw new NotAllowedError(
          `${actor} may not stop drills of ${resolved.entityRef}: the ${multiRegionFailoverExecutePermission.name} permission was denied (owners of the entity and platform admins have it).`,
        );
      }
    } catch (error) {
      await audit?.rejected({ drillId: id, ...request }, toError(error));
      throw error;
    }
    const event = await audit?.authorised({
      drillId: id,
      entityRef: drill.entityRef,
      reason: sanitiseForAudit(
        request.reason.trim(),
        FAILOVER_REASON_LIMITS.maxLength,
      ),
    });
    const asked = await this.deps.drills.requestStop(id, {
      by: actor,
      reason: request.reason.trim(),
    });
    const after = (await this.deps.drills.get(id))!;
    // a second stop of a running drill is the first one's answer
    if (!asked && !isDrillRunning(after)) {
      const error = new ConflictError(
        `Drill ${id} is not running (${after.state}${
          after.outcome ? `, ${after.outcome}` : ''
        }); there is nothing to stop.`,
      );
      await event?.fail({ error });
      throw error;
    }
    await event?.success();
    return publicDrill(after);
  }

  async list(
    entityRef: string,
    limit: number,
    credentials: BackstageCredentials,
  ): Promise<DrillsResponse> {
    const { resolved } = await this.deps.access.readable(
      entityRef,
      credentials,
    );
    const items = await this.deps.drills.list(resolved.entityRef, limit);
    return { items: items.map(d => publicDrill(d)) };
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Drill> {
    return publicDrill(await this.visible(id, credentials));
  }

  /** The drill if the caller may read its entity's status; else the same 404 as a missing one. */
  private async visible(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<StoredDrill> {
    const drill = await this.deps.drills.get(id);
    if (
      !drill ||
      !(
        await this.deps.access.mayRead([drill.entityRef], credentials, {
          status: true,
        })
      ).size
    ) {
      throw new NotFoundError(`No drill ${id}.`);
    }
    return drill;
  }

  /** What only drills check, then the drill row with its panel's drill lock. */
  private async begin(
    request: StartDrillRequest,
    config: MultiRegionConfig,
    entityRef: string,
    actor: string,
  ): Promise<StoredDrill> {
    if (request.expectedActiveRegion !== config.primary.region) {
      throw refuse(notOnPrimary(config, request.expectedActiveRegion));
    }
    const window = this.window(config);
    if (!window.allowed) throw refuse(windowRefusal(window));
    const blocked = blockingRefusal(await this.blockingAlarms(config));
    if (blocked) throw refuse(blocked);
    const now = new Date().toISOString();
    const drill: StoredDrill = {
      id: randomUUID(),
      entityRef,
      controlPanelArn: config.controlPanelArn,
      config,
      actor,
      reason: request.reason.trim(),
      soakSeconds: request.soakSeconds,
      primaryRegion: config.primary.region,
      secondaryRegion: config.secondary.region,
      state: 'failing-over',
      outcomeAlarms: config.drills?.outcomeAlarms ?? [],
      blockingAlarms: config.drills?.blockingAlarms ?? [],
      events: [],
      ...(config.rtoMinutes !== undefined
        ? { rtoMinutes: config.rtoMinutes }
        : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.drills.create(drill);
    return drill;
  }

  private checkSoak(soakSeconds: number) {
    const { minSeconds, maxSeconds } = this.deps.settings.soak;
    if (
      !Number.isInteger(soakSeconds) ||
      soakSeconds < minSeconds ||
      soakSeconds > maxSeconds
    ) {
      throw new InputError(
        `soakSeconds must be a whole number of seconds from ${minSeconds} to ${maxSeconds} (multiRegion.drills.minSoakSeconds / maxSoakSeconds); got ${soakSeconds}.`,
      );
    }
  }

  private window(config: MultiRegionConfig): DrillWindowVerdict {
    const { settings } = this.deps;
    return drillWindowVerdict(new Date(), {
      service: {
        allowed: config.drills?.allowedWindows ?? [],
        blocked: config.drills?.blockedWindows ?? [],
      },
      organisation: {
        allowed: settings.allowedWindows,
        blocked: settings.blockedWindows,
      },
    });
  }

  private blockingAlarms(config: MultiRegionConfig) {
    return this.deps.watcher.alarms(
      config,
      config.primary.region,
      config.drills?.blockingAlarms ?? [],
    );
  }
}

function notOnPrimary(config: MultiRegionConfig, active: string): DrillRefusal {
  return {
    kind: 'drill-not-on-primary',
    message: `Drills start from the primary region (${config.primary.region}); the service runs in ${active} now. Fail back first.`,
  };
}

function runningRefusal(drill: Drill): DrillRefusal {
  return {
    kind: 'drill-running',
    message: `Drill ${drill.id} by ${drill.actor} is under way (${drill.state}); stop it or wait for it to end.`,
  };
}

function windowRefusal(window: DrillWindowVerdict): DrillRefusal {
  return { kind: 'drill-window', message: window.reason };
}

/**
 * A blocking alarm in ALARM refuses the drill; so does one that cannot be
 * read or does not exist (the drill cannot know it is safe to practise).
 */
function blockingRefusal(
  alarms: DrillAlarmReading[],
): DrillRefusal | undefined {
  const inAlarm = alarms.filter(a => a.state === 'ALARM');
  if (inAlarm.length > 0) {
    return {
      kind: 'drill-blocking-alarm',
      message: `Blocking alarm ${inAlarm
        .map(a => `${a.name}${a.reason ? ` (${a.reason})` : ''}`)
        .join(', ')} in ${
        inAlarm[0].region
      } is in ALARM: no drill until it is OK.`,
    };
  }
  const unsure = alarms.filter(
    a => a.state === 'MISSING' || a.state === 'UNKNOWN',
  );
  if (unsure.length > 0) {
    return {
      kind: 'drill-blocking-alarm',
      message: `Blocking alarm ${unsure
        .map(a =>
          a.state === 'MISSING'
            ? `${a.name} does not exist in ${a.region}`
            : `${a.name} could not be read (${a.error})`,
        )
        .join('; ')}: no drill until it can be read.`,
    };
  }
  return undefined;
}

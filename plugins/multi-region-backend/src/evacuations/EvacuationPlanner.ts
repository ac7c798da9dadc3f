import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, stringifyError } from '@backstage/errors';
import {
  evacuationConfirmation,
  EvacuationPlan,
  EvacuationPlanItem,
  EvacuationPlanRequest,
  EvacuationSelection,
  EvacuationSkip,
  FailoverPlan,
  isAwsRegionCode,
  MultiRegionConfig,
  ServiceSummary,
  unacknowledgedFailures,
} from '@multi-region-failover/plugin-multi-region-common';
import { EvacuationsStore } from '../database/EvacuationsStore';
import { EntityResolver } from '../service/EntityResolver';
import { FailoverPlanner } from '../service/FailoverPlanner';
import { StatusService } from '../service/StatusService';
import { evacuationOrder } from './evacuationOrder';

/** A plan item with the configuration the service moves with. */
export interface PlannedService extends EvacuationPlanItem {
  config?: MultiRegionConfig;
}

/** The public plan, and its items with their configurations (for the start). */
export interface PlannedEvacuation {
  plan: EvacuationPlan;
  services: PlannedService[];
}

/**
 * The dry run of an evacuation, as the caller: every multi-region service the
 * caller may read whose active region is the region (narrowed by owner or
 * system), each decided by the failover planner (the same permission, safety
 * rule, wait period, deployment and readiness rules as a failover from its
 * page), then put in dependency order. Writes nothing.
 */
export class EvacuationPlanner {
  constructor(
    private readonly deps: {
      status: Pick<StatusService, 'summaries'>;
      planner: Pick<FailoverPlanner, 'plan'>;
      entities: Pick<EntityResolver, 'list'>;
      evacuations: Pick<EvacuationsStore, 'runningFor'>;
      concurrency: number;
    },
  ) {}

  async plan(
    request: EvacuationPlanRequest,
    credentials: BackstageCredentials,
  ): Promise<PlannedEvacuation> {
    const region = checkRegion(request.region);
    const selection = checkSelection(request.selection);
    const { items, entities } = await this.deps.status.summaries(credentials);
    const configs = new Map(
      entities.flatMap(e => (e.config ? [[e.entityRef, e.config]] : [])),
    );
    const candidates = items.filter(
      s =>
        configs.has(s.entityRef) &&
        mayBeActiveIn(s, region) &&
        selected(s, selection),
    );
    const decided = await Promise.all(
      candidates.map(s =>
        this.decide(s, configs.get(s.entityRef)!, region, credentials),
      ),
    );
    const skipped = new Map(
      decided.flatMap(d => (d.skip ? [[d.entityRef, d.skip]] : [])),
    );
    const moving = decided.filter(d => !d.skip);
    const order = evacuationOrder(
      moving.map(d => ({
        entityRef: d.entityRef,
        dependsOn:
          candidates.find(c => c.entityRef === d.entityRef)?.dependsOn ?? [],
      })),
      skipped,
    );
    for (const d of moving) Object.assign(d, order.get(d.entityRef));
    const services = [
      ...moving.sort(
        (a, b) => a.wave - b.wave || a.entityRef.localeCompare(b.entityRef),
      ),
      ...decided
        .filter(d => d.skip)
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    ];
    const [unreadable, running] = await Promise.all([
      this.unreadableIn(region, new Set(items.map(s => s.entityRef))),
      this.deps.evacuations.runningFor(region),
    ]);
    const refusal = refusalOf(region, selection, {
      running,
      moving: moving.length,
      candidates: candidates.length,
    });
    return {
      services,
      plan: {
        region,
        selection,
        items: services.map(({ config: _config, ...item }) => item),
        unreadable,
        confirmation: evacuationConfirmation(region),
        concurrency: this.deps.concurrency,
        ...(refusal ? { refusal } : {}),
        plannedAt: new Date().toISOString(),
      },
    };
  }

  /** Whether and where one service moves, by the failover planner's rules. */
  private async decide(
    service: ServiceSummary,
    config: MultiRegionConfig,
    region: string,
    credentials: BackstageCredentials,
  ): Promise<PlannedService> {
    const base = {
      entityRef: service.entityRef,
      title: service.title,
      owner: service.owner,
      fromRegion: region,
      after: [],
      orderNotes: [],
      wave: 0,
    };
    const toRegion =
      config.primary.region === region
        ? config.secondary.region
        : config.primary.region;
    const skip = (kind: EvacuationSkip['kind'], message: string) => ({
      ...base,
      toRegion,
      skip: { kind, message },
    });
    const active = service.active;
    if (!active || active.certainty === 'unknown') {
      return skip(
        'active-unknown',
        `Its active region cannot be read${
          active?.certainty === 'unknown' ? ` (${active.reason})` : ''
        }, so it is not known to run in ${region}.`,
      );
    }
    if (toRegion === region) {
      return skip(
        'no-region-outside',
        `Both its regions are ${region}: there is nowhere outside it to move to.`,
      );
    }
    let plan: FailoverPlan;
    try {
      plan = await this.deps.planner.plan(
        { entityRef: service.entityRef, targetRegion: toRegion },
        credentials,
      );
    } catch (error) {
      return skip(
        'active-unknown',
        `Its failover could not be planned: ${stringifyError(error)}`,
      );
    }
    const reason = skipReason(plan, service, region);
    if (reason) return skip(reason.kind, reason.message);
    return {
      ...base,
      toRegion,
      config,
      ...(plan.readiness ? { readiness: plan.readiness.summary } : {}),
    };
  }

  /** Services with a region in `region` that the caller may not read: counted, never named. */
  private async unreadableIn(
    region: string,
    readable: Set<string>,
  ): Promise<number> {
    const all = await this.deps.entities.list();
    return all.filter(
      e =>
        e.config &&
        !readable.has(e.entityRef) &&
        (e.config.primary.region === region ||
          e.config.secondary.region === region),
    ).length;
  }
}

/** Why the evacuation cannot start now, if it cannot. */
function refusalOf(
  region: string,
  selection: EvacuationSelection,
  found: { running?: string; moving: number; candidates: number },
): string | undefined {
  if (found.running) {
    return `An evacuation of ${region} is already under way (evacuation ${found.running}); follow it, or stop it first.`;
  }
  if (found.moving > 0) return undefined;
  if (found.candidates === 0) {
    const narrowed =
      selection.owner || selection.system ? ' in this selection' : '';
    return `Nothing to move: no service you may read${narrowed} runs in ${region}.`;
  }
  return `Nothing to move: every service running in ${region} is skipped (see why below).`;
}

/**
 * Why the failover plan of one service says it cannot move now, in the
 * order a person would want to know: permission first (nothing else is
 * theirs to know), then what is under way, then ARC, then readiness.
 */
function skipReason(
  plan: FailoverPlan,
  service: ServiceSummary,
  region: string,
): EvacuationSkip | undefined {
  if (!plan.permissions.canFailover) {
    return {
      kind: 'not-permitted',
      message:
        plan.permissions.failoverDeniedReason ??
        'You may not fail it over (its owners and platform admins may).',
    };
  }
  if (plan.claimProblem) {
    return { kind: 'not-permitted', message: plan.claimProblem };
  }
  if (plan.currentActive.certainty === 'unknown') {
    return {
      kind: 'active-unknown',
      message: `Its active region cannot be read (${plan.currentActive.reason}).`,
    };
  }
  if (plan.currentActive.activeRegion !== region) {
    return {
      kind: 'moved-meanwhile',
      message: `It runs in ${plan.currentActive.activeRegion} now, not in ${region}.`,
    };
  }
  const busy = plan.pendingOperation ?? service.pendingOperation;
  if (busy) {
    return {
      kind: 'busy',
      message: `A ${busy.action} by ${busy.actor} is under way (operation ${busy.id}).`,
    };
  }
  if (service.drill?.running) {
    return {
      kind: 'busy',
      message: 'A drill of it is under way: stop it from its page first.',
    };
  }
  if (plan.deployment) {
    return { kind: 'deploying', message: plan.deployment.message };
  }
  if (plan.waitPeriod) {
    return { kind: 'wait-period', message: plan.waitPeriod.message };
  }
  if (plan.blockingSafetyRules.length > 0) {
    return {
      kind: 'safety-rule',
      message: `Blocked by ARC safety rule${
        plan.blockingSafetyRules.length > 1 ? 's' : ''
      } ${plan.blockingSafetyRules
        .map(r => `${r.name} (${r.description})`)
        .join(
          '; ',
        )}. Overriding (break-glass) is per service, from its own page.`,
    };
  }
  const failing = unacknowledgedFailures(plan.readiness?.checks ?? [], []);
  if (failing.length > 0) {
    return {
      kind: 'readiness-failing',
      message: `Readiness checks fail: ${failing
        .map(c => `${c.title}: ${c.reason}`)
        .join(
          '; ',
        )}. Fail it over from its own page, acknowledging them, if it must move.`,
    };
  }
  return undefined;
}

/** Active in the region, or unknown while one of its regions is the region. */
function mayBeActiveIn(service: ServiceSummary, region: string): boolean {
  const active = service.active;
  if (active && active.certainty !== 'unknown') {
    return active.activeRegion === region;
  }
  return service.primaryRegion === region || service.secondaryRegion === region;
}

function selected(service: ServiceSummary, selection: EvacuationSelection) {
  const namespace = parseEntityRef(service.entityRef).namespace;
  const same = (raw: string | undefined, want: string, kind: string) => {
    if (!raw) return false;
    try {
      return (
        stringifyEntityRef(
          parseEntityRef(raw, {
            defaultKind: kind,
            defaultNamespace: namespace,
          }),
        ).toLocaleLowerCase('en-US') === want.toLocaleLowerCase('en-US')
      );
    } catch {
      return false;
    }
  };
  return (
    (!selection.owner || same(service.owner, selection.owner, 'group')) &&
    (!selection.system || same(service.system, selection.system, 'system'))
  );
}

/** The region of a request: an AWS region code, else a 400. */
export function checkRegion(region: unknown): string {
  if (typeof region !== 'string' || !isAwsRegionCode(region)) {
    throw new InputError(
      `region must be an AWS region code such as us-east-1; got ${JSON.stringify(
        typeof region === 'string' ? region.slice(0, 40) : region ?? null,
      )}.`,
    );
  }
  return region;
}

/** The selection of a request, its refs in full form; else a 400. */
export function checkSelection(raw: unknown): EvacuationSelection {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(
      'selection must be an object with an optional owner and system (entity refs).',
    );
  }
  const { owner, system, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) {
    throw new InputError(
      `selection takes owner and system only; unknown: ${extra
        .slice(0, 5)
        .map(k => JSON.stringify(k.slice(0, 40)))
        .join(', ')}.`,
    );
  }
  const ref = (value: unknown, field: string, kind: string) => {
    if (value === undefined || value === '') return undefined;
    try {
      if (typeof value !== 'string' || value.length > 255) throw new Error();
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: kind,
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new InputError(
        `selection.${field} must be an entity ref such as ${kind}:default/example; got ${JSON.stringify(
          typeof value === 'string' ? value.slice(0, 60) : value,
        )}.`,
      );
    }
  };
  const selection: EvacuationSelection = {};
  const o = ref(owner, 'owner', 'group');
  const s = ref(system, 'system', 'system');
  if (o) selection.owner = o;
  if (s) selection.system = s;
  return selection;
}

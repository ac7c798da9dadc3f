import { stringifyError } from '@backstage/errors';
import {
  actionForTarget,
  desiredStatesFor,
  MultiRegionConfig,
  ReadinessCheck,
  ReadinessCheckId,
  ReadinessReport,
  READINESS_CHECK_IDS,
  RegionRole,
  summariseReadiness,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  AlarmState,
  CloudWatchAlarms,
  EndpointProbeResult,
} from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache } from '../arc/ControlPlaneCache';
import { OperationsStore } from '../database/OperationsStore';
import { ChangeConditions, changeConditions } from '../service/FailoverPlanner';
import { RegionSnapshot } from '../service/RegionSnapshots';
import {
  alarmsCheck,
  clusterEndpointsCheck,
  dnsRecordsCheck,
  NotRead,
  readinessCheck,
  recordTtlCheck,
  routingControlCheck,
  safetyRulesCheck,
  targetHealthCheck,
} from './checks';
import { EndpointProber, EndpointProbes } from './EndpointProbes';

/** One change to evaluate. */
export interface ReadinessInput {
  entityRef: string;
  config: MultiRegionConfig;
  /** Built already, fresh or not (`RegionSnapshots.build`). */
  snapshot: RegionSnapshot;
  targetRole: RegionRole;
  /** Pass them when already computed (execute); else they are read here. */
  conditions?: Omit<ChangeConditions, 'rules'>;
  /** The caller overrides the blocking safety rules: they warn instead of fail. */
  override?: boolean;
}

/** A value, or why there is none. */
type Outcome<T> = { value: T } | NotRead;

/** At most this many entities are evaluated at once by `evaluateMany`. */
const EVALUATE_MANY_CONCURRENCY = 8;

/**
 * Awaits `run` until `deadlineAt` (epoch ms): its value, its error, or that
 * it did not answer in time (then `run`'s signal is aborted). Never rejects.
 */
async function within<T>(
  deadlineAt: number,
  now: () => number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  const allowedMs = Math.max(0, deadlineAt - now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      run(controller.signal).then(
        value => ({ value }),
        error => ({ error: stringifyError(error) }),
      ),
      new Promise<NotRead>(resolve => {
        timer = setTimeout(() => {
          controller.abort();
          resolve({ timedOutAfterMs: allowedMs });
        }, allowedMs);
      }),
    ]);
  } catch (error) {
    return { error: stringifyError(error) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Evaluates the readiness checks of a change (checks.ts) from a region
 * snapshot, reading what the snapshot does not hold: the safety rules
 * (cached control-plane read), the cluster's endpoints (one probe per
 * cluster per `EndpointProbes` TTL) and the target region's CloudWatch
 * alarms. Every read waits at most `deadlineMs`; a check whose input did not
 * come in time says so. Never rejects.
 */
export class ReadinessEvaluator {
  private readonly probes: EndpointProbes;
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      clusters: { get(name: string): EndpointProber | undefined };
      alarms: Pick<CloudWatchAlarms, 'states'>;
      controlPlane: Pick<ControlPlaneCache, 'listSafetyRules'>;
      operations: Pick<OperationsStore, 'lastWaitPeriodStart'>;
      logger: { warn(message: string): void };
      /** How long one evaluation may wait on AWS (`multiRegion.readiness.deadlineMs`). */
      deadlineMs: number;
      now?: () => number;
      /** Shared probes (tests); by default made over `clusters`. */
      probes?: EndpointProbes;
    },
  ) {
    this.now = deps.now ?? Date.now;
    this.probes = deps.probes ?? new EndpointProbes(deps.clusters);
  }

  /** Every check of a change of `entityRef` to `targetRole`, in the order of READINESS_CHECK_IDS. */
  evaluate(input: ReadinessInput): Promise<ReadinessReport> {
    return this.evaluateOne(input, undefined);
  }

  /**
   * Many entities at once (the scheduled run): the alarms of each (account,
   * region) are read in one batch for all of them, each cluster is probed
   * once, at most a few entities are evaluated at a time. Keyed by entity ref.
   */
  async evaluateMany(
    inputs: ReadinessInput[],
  ): Promise<Map<string, ReadinessReport>> {
    const batches = new Map<
      string,
      { accountId: string; region: string; names: Set<string> }
    >();
    for (const { config, targetRole } of inputs) {
      const target = config[targetRole];
      if (!target.alarmNames?.length) continue;
      const key = `${config.accountId}|${target.region}`;
      const batch = batches.get(key) ?? {
        accountId: config.accountId,
        region: target.region,
        names: new Set<string>(),
      };
      target.alarmNames.forEach(n => batch.names.add(n));
      batches.set(key, batch);
    }
    const deadlineAt = this.now() + this.deps.deadlineMs;
    const alarms = new Map<string, Outcome<Map<string, AlarmState>>>();
    await Promise.all(
      [...batches].map(async ([key, b]) => {
        alarms.set(
          key,
          await within(deadlineAt, this.now, abortSignal =>
            this.deps.alarms.states(b.accountId, b.region, [...b.names], {
              abortSignal,
            }),
          ),
        );
      }),
    );
    const reports = new Map<string, ReadinessReport>();
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++];
        const key = `${input.config.accountId}|${
          input.config[input.targetRole].region
        }`;
        reports.set(
          input.entityRef,
          await this.evaluateOne(input, alarms.get(key)),
        );
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(EVALUATE_MANY_CONCURRENCY, inputs.length) },
        worker,
      ),
    );
    return reports;
  }

  /** Never rejects: should anything throw, every check says so. */
  private async evaluateOne(
    input: ReadinessInput,
    alarmsRead: Outcome<Map<string, AlarmState>> | undefined,
  ): Promise<ReadinessReport> {
    try {
      return await this.checksOf(input, alarmsRead);
    } catch (error) {
      this.deps.logger.warn(
        `Readiness of ${
          input.entityRef
        } could not be evaluated: ${stringifyError(error)}`,
      );
      const { config, targetRole } = input;
      return this.report(
        input,
        READINESS_CHECK_IDS.filter(
          id => id !== 'alarms' || config[targetRole].alarmNames?.length,
        ).map(id =>
          readinessCheck(
            id,
            'warn',
            `Could not be evaluated: ${stringifyError(error)}`,
          ),
        ),
      );
    }
  }

  private report(
    { entityRef, config, targetRole }: ReadinessInput,
    checks: ReadinessCheck[],
  ): ReadinessReport {
    const targetRegion = config[targetRole].region;
    const evaluatedAt = new Date(this.now()).toISOString();
    return {
      entityRef,
      targetRegion,
      targetRole,
      action: actionForTarget(targetRole),
      checks,
      summary: summariseReadiness(checks, targetRegion, evaluatedAt),
      evaluatedAt,
    };
  }

  private async checksOf(
    input: ReadinessInput,
    alarmsRead: Outcome<Map<string, AlarmState>> | undefined,
  ): Promise<ReadinessReport> {
    const { entityRef, config, snapshot, targetRole } = input;
    const target = config[targetRole];
    const deadlineAt = this.now() + this.deps.deadlineMs;
    const alarmNames = target.alarmNames ?? [];
    const probing = this.probes.probe(config.clusterName);
    const [conditions, probe, alarms] = await Promise.all([
      input.conditions
        ? Promise.resolve<Outcome<Omit<ChangeConditions, 'rules'>>>({
            value: input.conditions,
          })
        : within(deadlineAt, this.now, () =>
            changeConditions(
              { ...this.deps, now: this.now },
              config,
              snapshot,
              desiredStatesFor(config, targetRole),
              input.override ?? false,
            ),
          ),
      probing && within(deadlineAt, this.now, () => probing),
      alarmNames.length === 0
        ? undefined
        : alarmsRead ??
          within(deadlineAt, this.now, abortSignal =>
            this.deps.alarms.states(
              config.accountId,
              target.region,
              alarmNames,
              {
                abortSignal,
              },
            ),
          ),
    ]);
    const region = snapshot.regions[targetRole];
    const records = (['primary', 'secondary'] as const).flatMap(role => {
      const record = snapshot.regions[role].dnsRecord;
      return record ? [record] : [];
    });
    const checks: Record<ReadinessCheckId, () => ReadinessCheck | undefined> = {
      'target-health': () =>
        targetHealthCheck({
          role: targetRole,
          region: target.region,
          control: region.routingControl,
          health: region.healthCheck,
          settings: snapshot.healthConfigs?.[targetRole],
        }),
      'routing-control': () => routingControlCheck(region.routingControl),
      'cluster-endpoints': () =>
        clusterEndpointsCheck(config.clusterName, probeInput(probe)),
      'safety-rules': () =>
        safetyRulesCheck(
          'value' in conditions
            ? {
                conditions: conditions.value,
                evaluable: Boolean(snapshot.reading),
                override: input.override ?? false,
              }
            : conditions,
        ),
      'dns-records': () =>
        dnsRecordsCheck({
          config,
          regions: snapshot.regions,
          zone: snapshot.zone,
        }),
      'record-ttl': () =>
        recordTtlCheck({ rtoMinutes: config.rtoMinutes, records }),
      alarms: () =>
        alarms &&
        alarmsCheck({
          region: target.region,
          names: alarmNames,
          states: 'value' in alarms ? picked(alarms.value, alarmNames) : alarms,
        }),
    };
    const evaluated = READINESS_CHECK_IDS.flatMap(id => {
      try {
        const check = checks[id]();
        return check ? [check] : [];
      } catch (error) {
        // a bug in one check must not cost the others
        this.deps.logger.warn(
          `Readiness check ${id} of ${entityRef} failed: ${stringifyError(
            error,
          )}`,
        );
        return [
          readinessCheck(
            id,
            'warn',
            `Could not be evaluated: ${stringifyError(error)}`,
          ),
        ];
      }
    });
    return this.report(input, evaluated);
  }
}

/** What the endpoints check makes of a probe: undefined when the cluster is not configured. */
function probeInput(
  probe: Outcome<EndpointProbeResult[]> | undefined,
): Parameters<typeof clusterEndpointsCheck>[1] {
  if (!probe) return { unconfigured: true };
  return 'value' in probe ? { results: probe.value } : probe;
}

/** The states of `names` only (a batch read holds other entities' alarms too). */
function picked(
  states: Map<string, AlarmState>,
  names: string[],
): Map<string, AlarmState> {
  return new Map(
    names.flatMap(n => {
      const state = states.get(n);
      return state ? [[n, state] as const] : [];
    }),
  );
}

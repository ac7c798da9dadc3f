import { stringifyError } from '@backstage/errors';
import {
  DrillAlarmReading,
  DrillOutcome,
  DrillWatch,
  healthCheckIdOf,
  MultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-common';
import { CloudWatchAlarms } from '@multi-region-failover/plugin-multi-region-node';
import { Route53Store } from '../database/Route53Store';

/** The alarm reads a drill makes (CloudWatchAlarms in production). */
export type DrillAlarms = Pick<CloudWatchAlarms, 'states'>;

/** What a drill watches: its configuration, its alarms and its regions. */
export interface WatchedDrill {
  config: MultiRegionConfig;
  outcomeAlarms: string[];
  blockingAlarms: string[];
}

/**
 * Looks at a drill's outcome: the secondary region's health check (from the
 * refresher's store, asking it for a fresh reading within the Route 53
 * budget), the outcome alarms in the secondary region and the blocking alarms
 * in the primary region.
 *
 * @public
 */
export class DrillWatcher {
  /** The refresh request each drill waits on, so that one is asked at a time. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly deps: {
      route53: Route53Store;
      alarms: DrillAlarms;
    },
  ) {}

  async look(drill: WatchedDrill & { id: string }): Promise<DrillWatch> {
    const { config } = drill;
    const [targetHealth, outcomeAlarms, blockingAlarms] = await Promise.all([
      this.targetHealth(drill.id, config),
      this.alarms(config, config.secondary.region, drill.outcomeAlarms),
      this.alarms(config, config.primary.region, drill.blockingAlarms),
    ]);
    return {
      at: new Date().toISOString(),
      targetHealth,
      outcomeAlarms,
      blockingAlarms,
    };
  }

  /** Alarm states by name, each missing or unreadable one said so. */
  async alarms(
    config: MultiRegionConfig,
    region: string,
    names: string[],
  ): Promise<DrillAlarmReading[]> {
    if (names.length === 0) return [];
    try {
      const states = await this.deps.alarms.states(
        config.accountId,
        region,
        names,
      );
      return names.map(name => {
        const found = states.get(name);
        return found
          ? {
              name,
              region,
              state: found.state,
              ...(found.reason ? { reason: found.reason } : {}),
            }
          : { name, region, state: 'MISSING' as const };
      });
    } catch (error) {
      const message = stringifyError(error);
      return names.map(name => ({
        name,
        region,
        state: 'UNKNOWN' as const,
        error: message,
      }));
    }
  }

  private async targetHealth(
    drillId: string,
    config: MultiRegionConfig,
  ): Promise<DrillWatch['targetHealth']> {
    const { route53 } = this.deps;
    const key = `${config.hostedZoneId}|${config.dnsName}`;
    const records =
      (
        await route53.records([
          { hostedZoneId: config.hostedZoneId, name: config.dnsName },
        ])
      ).get(key) ?? [];
    const id = healthCheckIdOf(config, 'secondary', records);
    if (!id) return 'Unknown';
    const asked = this.pending.get(drillId);
    if (asked === undefined || (await route53.isServed(asked))) {
      this.pending.set(
        drillId,
        await route53.requestRefresh({
          accountId: config.accountId,
          hostedZoneId: config.hostedZoneId,
          dnsName: config.dnsName,
          healthCheckIds: [id],
        }),
      );
    }
    return (await route53.health([id])).get(id)?.status ?? 'Unknown';
  }

  /** Forgets a finished drill's refresh request. */
  forget(drillId: string) {
    this.pending.delete(drillId);
  }
}

/**
 * Whether what the watch saw ends the soak: the secondary's health check
 * Unhealthy or an outcome alarm in ALARM (`outcome-failed`), or a blocking
 * alarm in ALARM (`blocked`). Unknown readings are not bad: they are shown,
 * and the next look decides.
 *
 * @public
 */
export function badOutcome(
  drill: { secondaryRegion: string; primaryRegion: string },
  watch: DrillWatch,
): { outcome: DrillOutcome; detail: string } | undefined {
  const inAlarm = (alarms: DrillAlarmReading[]) =>
    alarms
      .filter(a => a.state === 'ALARM')
      .map(a => `${a.name}${a.reason ? ` (${a.reason})` : ''}`);
  if (watch.targetHealth === 'Unhealthy') {
    return {
      outcome: 'outcome-failed',
      detail: `The health check of ${drill.secondaryRegion} turned Unhealthy during the soak, so the drill failed back by itself.`,
    };
  }
  const outcome = inAlarm(watch.outcomeAlarms);
  if (outcome.length > 0) {
    return {
      outcome: 'outcome-failed',
      detail: `Outcome alarm ${outcome.join(', ')} in ${
        drill.secondaryRegion
      } went into ALARM during the soak, so the drill failed back by itself.`,
    };
  }
  const blocking = inAlarm(watch.blockingAlarms);
  if (blocking.length > 0) {
    return {
      outcome: 'blocked',
      detail: `Blocking alarm ${blocking.join(', ')} in ${
        drill.primaryRegion
      } went into ALARM during the soak, so the drill ended early and failed back.`,
    };
  }
  return undefined;
}

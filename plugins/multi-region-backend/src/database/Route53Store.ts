import {
  DnsRecordStatus,
  HealthCheckSource,
  HealthCheckStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';

const HEALTH = 'multi_region_health_checks';
const RECORDS = 'multi_region_dns_records';
const ZONES = 'multi_region_zone_refreshes';
const REQUESTS = 'multi_region_refresh_requests';

/** A stored DNS record with its zone. */
export interface StoredDnsRecord extends DnsRecordStatus {
  hostedZoneId: string;
  refreshedAt: number;
}

/**
 * A health check's configuration as ListHealthChecks gives it: whether a
 * RECOVERY_CONTROL check follows a routing control, and how.
 */
export interface HealthCheckSettings {
  /** `HealthCheckConfig.Type`, e.g. `RECOVERY_CONTROL`, `HTTPS`. */
  type: string;
  /** RECOVERY_CONTROL only. */
  routingControlArn?: string;
  inverted: boolean;
  disabled: boolean;
}

/**
 * A stored health-check status, with the check's configuration when the
 * refresher listed it. Server-internal: `config` is not part of the API.
 */
export interface StoredHealthCheck extends HealthCheckStatus {
  config?: HealthCheckSettings;
}

/** One health check's status to store. */
export interface HealthReading {
  accountId: string;
  id: string;
  status: HealthCheckStatus['status'];
  healthy?: number;
  total?: number;
  error?: string;
  /** Default `route53`. */
  source?: HealthCheckSource;
  /** When the data behind the status was read (epoch ms); default now. */
  observedAt?: number;
  /** The configuration listed with it; absent, the stored one is kept. */
  config?: HealthCheckSettings;
}

/** A request for a prompt refresh of some Route 53 data. */
export interface RefreshRequest {
  id: number;
  accountId: string;
  hostedZoneId?: string;
  /** Only the records of this name (one small listing instead of the zone). */
  dnsName?: string;
  healthCheckIds: string[];
  requestedAt: number;
}

const iso = (ms: unknown) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();

/** Normalises a DNS name: lower case, no trailing dot. */
export const normaliseName = (name: string) =>
  name.toLowerCase().replace(/\.$/, '');

/**
 * What the Route 53 refresher stored. User requests read only this, never
 * Route 53 itself (the account allows 5 requests per second in total).
 */
export class Route53Store {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async putHealth(
    accountId: string,
    id: string,
    reading: Omit<HealthReading, 'accountId' | 'id'>,
  ): Promise<void> {
    await this.putHealthMany([{ ...reading, accountId, id }]);
  }

  /** Stores many readings, a hundred rows a statement. */
  async putHealthMany(readings: HealthReading[]): Promise<void> {
    // one row per id: an upsert may not touch a row twice
    const unique = [...new Map(readings.map(r => [r.id, r])).values()];
    // rows without a configuration leave the stored one alone, so they are
    // upserted apart: a multi-row insert sets every column it names
    for (const withConfig of [true, false]) {
      const rows = unique
        .filter(r => Boolean(r.config) === withConfig)
        .map(r => this.healthRow(r));
      for (let i = 0; i < rows.length; i += 100) {
        await this.db(HEALTH)
          .insert(rows.slice(i, i + 100))
          .onConflict('health_check_id')
          .merge();
      }
    }
  }

  /**
   * Stores statuses derived from routing controls, but never over a Route 53
   * answer younger than `route53PrecedenceMs`: an operation following DNS
   * asks Route 53 itself and must read Route 53's view, which lags the
   * routing control. Only the refresher writes health rows, one replica at a
   * time, so reading before writing is safe. Returns the readings stored.
   */
  async putDerivedHealth(
    readings: HealthReading[],
    route53PrecedenceMs: number,
  ): Promise<HealthReading[]> {
    const since = this.now() - route53PrecedenceMs;
    const answered = new Set<string>();
    for (let i = 0; i < readings.length; i += 500) {
      const rows = await this.db(HEALTH)
        .whereIn(
          'health_check_id',
          readings.slice(i, i + 500).map(r => r.id),
        )
        .where('observed_at', '>=', since)
        .whereNull('error')
        .where(q => q.whereNull('source').orWhere('source', 'route53'))
        .select('health_check_id');
      for (const row of rows) answered.add(row.health_check_id);
    }
    const due = readings
      .filter(r => !answered.has(r.id))
      .map(r => ({ ...r, source: 'routing-control' as const }));
    await this.putHealthMany(due);
    // Route 53's answer stands, but the configuration listed is newer
    for (const r of readings) {
      if (answered.has(r.id) && r.config) {
        await this.db(HEALTH)
          .where({ health_check_id: r.id })
          .update(configColumns(r.config));
      }
    }
    return due;
  }

  private healthRow(r: HealthReading) {
    return {
      health_check_id: r.id,
      account_id: r.accountId,
      status: r.status,
      healthy_observations: r.healthy ?? null,
      total_observations: r.total ?? null,
      error: r.error ?? null,
      source: r.source ?? 'route53',
      observed_at: r.observedAt ?? this.now(),
      ...(r.config ? configColumns(r.config) : {}),
    };
  }

  async health(ids: string[]): Promise<Map<string, StoredHealthCheck>> {
    const result = new Map<string, StoredHealthCheck>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db(HEALTH).whereIn(
        'health_check_id',
        ids.slice(i, i + 500),
      );
      for (const row of rows) {
        result.set(row.health_check_id, {
          id: row.health_check_id,
          status: row.status,
          healthyObservations: row.healthy_observations ?? undefined,
          totalObservations: row.total_observations ?? undefined,
          observedAt: iso(row.observed_at),
          error: row.error ?? undefined,
          source: row.source ?? 'route53',
          ...(row.check_type
            ? {
                config: {
                  type: row.check_type,
                  routingControlArn: row.routing_control_arn ?? undefined,
                  // SQLite answers 0/1
                  inverted: Boolean(row.inverted),
                  disabled: Boolean(row.disabled),
                },
              }
            : {}),
        });
      }
    }
    return result;
  }

  /** When each health check was last observed (for the oldest-first pass). */
  async healthObservedAt(): Promise<Map<string, number>> {
    const rows = await this.db(HEALTH).select('health_check_id', 'observed_at');
    return new Map(rows.map(r => [r.health_check_id, Number(r.observed_at)]));
  }

  /** Replaces every stored record of a zone with a complete listing. */
  async replaceZone(
    hostedZoneId: string,
    records: DnsRecordStatus[],
  ): Promise<void> {
    const at = this.now();
    await this.db.transaction(async tx => {
      await tx(RECORDS).where({ hosted_zone_id: hostedZoneId }).delete();
      for (let i = 0; i < records.length; i += 100) {
        await tx(RECORDS).insert(
          records.slice(i, i + 100).map(r => recordRow(hostedZoneId, r, at)),
        );
      }
      await tx(ZONES)
        .insert({ hosted_zone_id: hostedZoneId, refreshed_at: at, error: null })
        .onConflict('hosted_zone_id')
        .merge();
    });
  }

  /** Replaces the stored records of one name (a targeted listing). */
  async replaceName(
    hostedZoneId: string,
    name: string,
    records: DnsRecordStatus[],
  ): Promise<void> {
    const at = this.now();
    const n = normaliseName(name);
    await this.db.transaction(async tx => {
      await tx(RECORDS)
        .where({ hosted_zone_id: hostedZoneId, name: n })
        .delete();
      const mine = records.filter(r => normaliseName(r.name) === n);
      if (mine.length > 0) {
        await tx(RECORDS).insert(mine.map(r => recordRow(hostedZoneId, r, at)));
      }
    });
  }

  async zoneError(hostedZoneId: string, error: string): Promise<void> {
    await this.db(ZONES)
      .insert({ hosted_zone_id: hostedZoneId, refreshed_at: 0, error })
      .onConflict('hosted_zone_id')
      .merge(['error']);
  }

  async zoneRefreshes(
    ids: string[],
  ): Promise<Map<string, { refreshedAt?: number; error?: string }>> {
    const rows = await this.db(ZONES).whereIn('hosted_zone_id', ids);
    return new Map(
      rows.map(r => [
        r.hosted_zone_id,
        {
          refreshedAt: Number(r.refreshed_at) || undefined,
          error: r.error ?? undefined,
        },
      ]),
    );
  }

  /** Failover records of these names (any type), grouped by zone|name. */
  async records(
    keys: Array<{ hostedZoneId: string; name: string }>,
  ): Promise<Map<string, StoredDnsRecord[]>> {
    const result = new Map<string, StoredDnsRecord[]>();
    const zones = [...new Set(keys.map(k => k.hostedZoneId))];
    const names = [...new Set(keys.map(k => normaliseName(k.name)))];
    for (let i = 0; i < names.length; i += 500) {
      const rows = await this.db(RECORDS)
        .whereIn('hosted_zone_id', zones)
        .whereIn('name', names.slice(i, i + 500));
      for (const row of rows) {
        const key = `${row.hosted_zone_id}|${row.name}`;
        const list = result.get(key) ?? [];
        list.push({
          hostedZoneId: row.hosted_zone_id,
          name: row.name,
          type: row.type,
          setIdentifier: row.set_identifier || undefined,
          failover: row.failover ?? undefined,
          healthCheckId: row.health_check_id ?? undefined,
          aliasTarget: row.alias_target ?? undefined,
          values: row.record_values ? JSON.parse(row.record_values) : undefined,
          ttl: row.ttl ?? undefined,
          refreshedAt: Number(row.refreshed_at),
        });
        result.set(key, list);
      }
    }
    return result;
  }

  /** Asks the refresher to read these soon; returns the request id. */
  async requestRefresh(
    request: Omit<RefreshRequest, 'id' | 'requestedAt'>,
  ): Promise<number> {
    const [row] = await this.db(REQUESTS)
      .insert(this.requestRow(request))
      .returning('id');
    return typeof row === 'object' ? Number(row.id) : Number(row);
  }

  /**
   * Asks for each refresh (a name, or a whole zone when `dnsName` is absent)
   * unless the same was asked for within `withinMs`: for names the refresher
   * has not stored yet, without a request per page view. Two queries whatever
   * the number of requests.
   */
  async requestRefreshesOnce(
    requests: Array<
      Omit<RefreshRequest, 'id' | 'requestedAt'> & { hostedZoneId: string }
    >,
    withinMs: number,
  ): Promise<void> {
    if (requests.length === 0) return;
    const key = (zone: string, name?: string | null) =>
      `${zone}|${name ? normaliseName(name) : ''}`;
    const zones = [...new Set(requests.map(r => r.hostedZoneId))];
    const recent = new Set<string>();
    for (let i = 0; i < zones.length; i += 500) {
      const rows = await this.db(REQUESTS)
        .whereIn('hosted_zone_id', zones.slice(i, i + 500))
        .where('requested_at', '>', this.now() - withinMs)
        .select('hosted_zone_id', 'dns_name');
      for (const r of rows) recent.add(key(r.hosted_zone_id, r.dns_name));
    }
    const due = new Map<string, ReturnType<Route53Store['requestRow']>>();
    for (const r of requests) {
      const k = key(r.hostedZoneId, r.dnsName);
      if (recent.has(k) || due.has(k)) continue;
      due.set(
        k,
        this.requestRow({
          ...r,
          dnsName: r.dnsName ? normaliseName(r.dnsName) : undefined,
        }),
      );
    }
    const rows = [...due.values()];
    for (let i = 0; i < rows.length; i += 100) {
      await this.db(REQUESTS).insert(rows.slice(i, i + 100));
    }
  }

  private requestRow(request: Omit<RefreshRequest, 'id' | 'requestedAt'>) {
    return {
      account_id: request.accountId,
      hosted_zone_id: request.hostedZoneId ?? null,
      dns_name: request.dnsName ?? null,
      health_check_ids: JSON.stringify(request.healthCheckIds),
      requested_at: this.now(),
    };
  }

  async pendingRefreshRequests(): Promise<RefreshRequest[]> {
    const rows = await this.db(REQUESTS)
      .whereNull('served_at')
      .orderBy('id', 'asc')
      .limit(50);
    return rows.map(r => ({
      id: Number(r.id),
      accountId: r.account_id,
      hostedZoneId: r.hosted_zone_id ?? undefined,
      dnsName: r.dns_name ?? undefined,
      healthCheckIds: JSON.parse(r.health_check_ids),
      requestedAt: Number(r.requested_at),
    }));
  }

  async markServed(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db(REQUESTS)
      .whereIn('id', ids)
      .update({ served_at: this.now() });
    // keep the table small: served requests older than an hour go
    await this.db(REQUESTS)
      .where('served_at', '<', this.now() - 3600_000)
      .delete();
  }

  async isServed(id: number): Promise<boolean> {
    const row = await this.db(REQUESTS).where({ id }).first();
    return !row || row.served_at !== null;
  }
}

function configColumns(config: HealthCheckSettings) {
  return {
    check_type: config.type,
    routing_control_arn: config.routingControlArn ?? null,
    inverted: config.inverted,
    disabled: config.disabled,
  };
}

function recordRow(hostedZoneId: string, r: DnsRecordStatus, at: number) {
  return {
    hosted_zone_id: hostedZoneId,
    name: normaliseName(r.name),
    type: r.type,
    set_identifier: r.setIdentifier ?? '',
    failover: r.failover ?? null,
    health_check_id: r.healthCheckId ?? null,
    alias_target: r.aliasTarget ?? null,
    record_values: r.values ? JSON.stringify(r.values) : null,
    ttl: r.ttl ?? null,
    refreshed_at: at,
  };
}

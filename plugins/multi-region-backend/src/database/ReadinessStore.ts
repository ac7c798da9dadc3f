import { ReadinessReport } from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';

const TABLE = 'multi_region_readiness';

/** Refs per query of `getMany` (far below every database's parameter limit). */
const REFS_PER_QUERY = 1000;

/**
 * The latest readiness report of each entity: written by the scheduled
 * evaluation and by `GET /readiness`, read by the status and the org-wide
 * page. A report never replaces one evaluated after it (a slow scheduled run
 * finishing after a person's request).
 */
export class ReadinessStore {
  constructor(private readonly db: Knex) {}

  async put(report: ReadinessReport): Promise<void> {
    await this.putMany([report]);
  }

  /** Upserts a hundred reports a statement. */
  async putMany(reports: ReadinessReport[]): Promise<void> {
    // one row per entity: an upsert may not touch a row twice
    const rows = [
      ...new Map(
        reports.map(r => [
          r.entityRef,
          {
            entity_ref: r.entityRef,
            target_region: r.targetRegion,
            report: JSON.stringify(r),
            evaluated_at: Date.parse(r.evaluatedAt),
          },
        ]),
      ).values(),
    ];
    for (let i = 0; i < rows.length; i += 100) {
      await this.db(TABLE)
        .insert(rows.slice(i, i + 100))
        .onConflict('entity_ref')
        .merge()
        .where(
          `${TABLE}.evaluated_at`,
          '<=',
          this.db.raw('excluded.evaluated_at'),
        );
    }
  }

  async get(entityRef: string): Promise<ReadinessReport | undefined> {
    return (await this.getMany([entityRef])).get(entityRef);
  }

  /** The reports of these entities (those evaluated), one query per thousand. */
  async getMany(entityRefs: string[]): Promise<Map<string, ReadinessReport>> {
    const result = new Map<string, ReadinessReport>();
    const refs = [...new Set(entityRefs)];
    for (let i = 0; i < refs.length; i += REFS_PER_QUERY) {
      const rows = await this.db(TABLE)
        .whereIn('entity_ref', refs.slice(i, i + REFS_PER_QUERY))
        .select('entity_ref', 'report');
      for (const row of rows) {
        result.set(row.entity_ref, JSON.parse(row.report));
      }
    }
    return result;
  }

  /** Forgets reports not evaluated since `before` (epoch ms): entities gone from the catalog. */
  async deleteEvaluatedBefore(before: number): Promise<number> {
    return this.db(TABLE).where('evaluated_at', '<', before).delete();
  }
}

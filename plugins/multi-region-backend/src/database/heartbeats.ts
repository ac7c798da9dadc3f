import { Knex } from 'knex';

/*
 * The protocol of work one replica runs and another may take over (drills,
 * evacuations): it starts with a lock row (one per panel or region, on every
 * replica); the running replica bumps `updated_at`; a row still running
 * whose `updated_at` is older than a deadline belongs to a replica that
 * stopped, and is claimed by a compare-and-set of that value.
 */

/**
 * Takes the lock row and inserts the work (`insert`) in one transaction.
 * When another holds the lock, inserts nothing and returns the holder's lock
 * row (for the caller's refusal); any other failure is thrown.
 */
export async function insertUnderLock(
  db: Knex,
  lock: { table: string; key: Record<string, string>; row: object },
  insert: (tx: Knex.Transaction) => Promise<void>,
): Promise<Record<string, any> | undefined> {
  try {
    await db.transaction(async tx => {
      await tx(lock.table).insert({ ...lock.key, ...lock.row });
      await insert(tx);
    });
    return undefined;
  } catch (error) {
    const holder = await db(lock.table).where(lock.key).first();
    if (!holder) throw error;
    return holder;
  }
}

/**
 * Running rows (`running` narrows the query) whose heartbeat is older than
 * `before`, each claimed for this replica: two replicas never claim the same
 * row. Returned as read before the claim (their last heartbeat).
 */
export async function claimStaleRows<
  Row extends { id: string; updated_at: number | string },
>(
  db: Knex,
  table: string,
  running: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  before: number,
  now: number,
): Promise<Row[]> {
  const stale: Row[] = await running(db(table))
    .where('updated_at', '<', before)
    .orderBy('seq', 'asc');
  const claimed: Row[] = [];
  for (const row of stale) {
    const won = await db(table)
      .where({ id: row.id, updated_at: row.updated_at })
      .update({ updated_at: now });
    if (won === 1) claimed.push(row);
  }
  return claimed;
}

/**
 * Records a stop request on a running row, once: false when the row is not
 * running or a stop was asked already (the first one stands).
 */
export async function requestStopOnce(
  db: Knex,
  table: string,
  running: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  id: string,
  stop: { by: string; reason: string },
  now: number,
): Promise<boolean> {
  const updated = await running(db(table).where({ id }))
    .whereNull('stop_request')
    .update({
      stop_request: JSON.stringify({
        ...stop,
        at: new Date(now).toISOString(),
      }),
    });
  return updated > 0;
}

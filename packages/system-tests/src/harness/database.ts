import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';

/** Where the shared PostgreSQL server listens (trust auth). */
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

async function withDb<T>(
  database: string,
  fn: (db: Knex) => Promise<T>,
): Promise<T> {
  const db = knexFactory({
    client: 'pg',
    connection: { ...PG, database },
    pool: { min: 0, max: 1 },
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Creates a fresh database `mrtest_<random>` and returns its name. */
export async function createDatabase(): Promise<string> {
  const name = `mrtest_${randomBytes(5).toString('hex')}`;
  await withDb('postgres', db => db.raw(`CREATE DATABASE ${name}`));
  return name;
}

/** Drops a database created by {@link createDatabase}, disconnecting its users. */
export async function dropDatabase(name: string): Promise<void> {
  if (!/^mrtest_[0-9a-f]+$/.test(name))
    throw new Error(`refusing to drop ${name}`);
  await withDb('postgres', db =>
    db.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

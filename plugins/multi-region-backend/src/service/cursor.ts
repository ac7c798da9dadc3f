import { InputError } from '@backstage/errors';

/**
 * History cursors: opaque to callers, a sequence number inside. Anything that
 * is not a cursor this API returned is a 400, never a database error.
 */
export function encodeCursor(seq?: number): string | undefined {
  return seq === undefined
    ? undefined
    : Buffer.from(`seq:${seq}`).toString('base64url');
}

/** The largest `seq` the operations table holds (a 32-bit integer on PostgreSQL). */
const MAX_SEQ = 2_147_483_647;

export function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,10})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  // beyond the column's range PostgreSQL fails the query (a 500 before)
  if (!match || Number(match[1]) > MAX_SEQ) {
    throw new InputError(
      `cursor "${cursor}" is not a cursor this API returned`,
    );
  }
  return Number(match[1]);
}

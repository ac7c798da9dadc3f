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

export function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  if (!match) {
    throw new InputError(
      `cursor "${cursor}" is not a cursor this API returned`,
    );
  }
  return Number(match[1]);
}

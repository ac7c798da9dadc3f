import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

const keys = new WeakMap<BackstageCredentials, string>();

/**
 * Remembers which token these credentials were made from (the request's
 * bearer token, which is what the HTTP auth service verified), as a hash:
 * the identity a {@link CallerCache} keys on. Another token, even of the
 * same person, is another caller: its claims may differ.
 */
export function bindCallerToken(
  credentials: BackstageCredentials,
  authorization: string | undefined,
): void {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return;
  keys.set(credentials, createHash('sha256').update(token).digest('base64url'));
}

/** The key of the caller behind these credentials, or undefined (then nothing is cached for them). */
export function callerKeyOf(
  credentials: BackstageCredentials,
): string | undefined {
  return keys.get(credentials);
}

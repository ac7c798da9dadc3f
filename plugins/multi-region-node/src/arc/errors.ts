/**
 * Classification of ARC data-plane errors by error NAME (the HTTP status of
 * data-plane errors differs between the API reference and the model).
 */

/** How an endpoint attempt failed. @public */
export type ArcFailureKind =
  | 'unavailable'
  | 'internal'
  | 'throttled'
  | 'timeout'
  | 'connection'
  | 'conflict'
  | 'validation'
  | 'access-denied'
  | 'not-found'
  | 'limit-exceeded'
  | 'unknown';

/** Kinds after which the next endpoint is tried; the others stop at once. */
const ROTATE_ON: ReadonlySet<ArcFailureKind> = new Set<ArcFailureKind>([
  'unavailable',
  'internal',
  'throttled',
  'timeout',
  'connection',
  'unknown',
]);

const BY_NAME: Record<string, ArcFailureKind> = {
  EndpointTemporarilyUnavailableException: 'unavailable',
  InternalServerException: 'internal',
  ThrottlingException: 'throttled',
  TimeoutError: 'timeout',
  AbortError: 'timeout',
  RequestTimeout: 'timeout',
  ConflictException: 'conflict',
  ValidationException: 'validation',
  AccessDeniedException: 'access-denied',
  ResourceNotFoundException: 'not-found',
  ServiceLimitExceededException: 'limit-exceeded',
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Classifies an SDK error by its name (or socket error code). @public */
export function classifyArcError(error: unknown): ArcFailureKind {
  const e = error as { name?: string; code?: string; message?: string };
  const message = e?.message ?? '';
  // a socket error the SDK re-wrapped keeps only its text ("socket hang up")
  if (/socket hang up/.test(message)) return 'connection';
  if (e?.code === 'ETIMEDOUT') return 'timeout';
  if (e?.name && BY_NAME[e.name]) return BY_NAME[e.name];
  if (e?.code && CONNECTION_CODES.has(e.code)) return 'connection';
  const code = /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code && CONNECTION_CODES.has(code)) return 'connection';
  if (/\bTimeoutError\b/.test(message)) return 'timeout';
  return 'unknown';
}

/** Whether to try the next endpoint after this kind of failure. */
export function shouldRotate(kind: ArcFailureKind): boolean {
  return ROTATE_ON.has(kind);
}

/** One failed attempt at one endpoint. @public */
export interface ArcAttemptFailure {
  endpoint: string;
  region: string;
  kind: ArcFailureKind;
  message: string;
  elapsedMs: number;
}

const KIND_WORDS: Record<ArcFailureKind, string> = {
  unavailable: 'was temporarily unavailable',
  internal: 'had an internal error',
  throttled: 'throttled the request',
  timeout: 'timed out',
  connection: 'could not be connected to',
  conflict: 'refused the change (conflict)',
  validation: 'rejected the request as invalid',
  'access-denied': 'denied access',
  'not-found': 'does not know the resource',
  'limit-exceeded': 'refused: service limit exceeded',
  unknown: 'failed',
};

/** One attempt in words, e.g. `us-east-1 (http://…/v1) timed out after 800 ms: …`. @public */
export function describeAttempt(a: ArcAttemptFailure): string {
  return `${a.region} (${a.endpoint}) ${KIND_WORDS[a.kind]} after ${
    a.elapsedMs
  } ms: ${a.message}`;
}

/**
 * A failed ARC call: either a final error from one endpoint (conflict,
 * validation, ...), or every endpoint failed / the deadline passed.
 *
 * @public
 */
export class ArcCallError extends Error {
  constructor(
    message: string,
    readonly kind: ArcFailureKind,
    readonly attempts: ArcAttemptFailure[],
    /** The error of the final attempt as the SDK raised it. */
    readonly sdkError?: unknown,
  ) {
    super(message);
    this.name = 'ArcCallError';
  }

  /** True when no endpoint gave a final answer (all unavailable / deadline). */
  get exhausted(): boolean {
    return shouldRotate(this.kind);
  }
}

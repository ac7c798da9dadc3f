/**
 * Wire-level helpers shared by the AWS listeners: request context,
 * SigV4 scope parsing, the error type every handler throws.
 */
import { IncomingMessage } from 'node:http';

/** An AWS error, rendered by each protocol in its own format. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra members of the error body (JSON) or the Error element (XML). */
    readonly members: Record<string, unknown> = {},
    /** Seconds for a `Retry-After` header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** SigV4 credential scope as sent by the client. */
export interface SigningScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** Everything a service handler gets for one request. */
export interface RequestContext {
  method: string;
  /** Path without the query string, URL-decoded per segment by the handler as needed. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  requestId: string;
  scope?: SigningScope;
  /**
   * The account the request acts as: the account of the verified signing
   * key (or, with verification off, of a known key, else the default
   * account). Set by the listener before the handler runs.
   */
  accountId?: string;
  /** Filled by the handler for the request log. */
  operation: string;
  logBody?: unknown;
}

/** What a handler returns on success. */
export interface HandlerResponse {
  status: number;
  headers?: Record<string, string>;
  /** Text, or bytes for a binary protocol (CBOR). */
  body: string | Uint8Array;
}

const CREDENTIAL =
  /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the credential scope from an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export function parseSigningScope(
  headers: IncomingMessage['headers'],
): SigningScope | undefined {
  const authorization = headers.authorization;
  if (
    typeof authorization !== 'string' ||
    !authorization.startsWith('AWS4-HMAC-SHA256')
  ) {
    return undefined;
  }
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
  };
}

/** The attempt number from `amz-sdk-request: attempt=2; max=3`. */
export function parseAttempt(
  headers: IncomingMessage['headers'],
): number | undefined {
  const value = headers['amz-sdk-request'];
  if (typeof value !== 'string') return undefined;
  const match = /attempt=(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body (1 MiB at most). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new AwsError(
            'RequestEntityTooLarge',
            413,
            'Request body exceeds 1 MiB',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Splits a REST path into decoded segments. The SDKs percent-encode ARNs
 * inside path labels (`/` becomes %2F), so decoding must happen per segment.
 * A segment that is not valid percent-encoding stays as sent: it then names
 * no resource, instead of failing the request with an emulator error.
 */
export function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter(segment => segment.length > 0)
    .map(segment => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/**
 * JSON protocols (awsJson1_0 for the data plane, restJson1 for the control
 * plane): success and error rendering the way the AWS SDKs decode them.
 */
import { AwsError, HandlerResponse } from './wire';
import { toError } from '@backstage/errors';

/**
 * An error response: `x-amzn-ErrorType` header plus `__type` and `message`
 * in the body, members alongside; the SDKs read the code from either.
 */
export function renderJsonError(
  error: AwsError,
  contentType: string,
): HandlerResponse {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'x-amzn-ErrorType': error.code,
  };
  if (error.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(error.retryAfterSeconds);
  }
  return {
    status: error.status,
    headers,
    body: JSON.stringify({
      __type: error.code,
      message: error.message,
      ...error.members,
    }),
  };
}

/** A 200 response with a JSON body. */
export function jsonResponse(
  body: unknown,
  contentType: string,
): HandlerResponse {
  return {
    status: 200,
    headers: { 'Content-Type': contentType },
    body: JSON.stringify(body),
  };
}

/** Parses a JSON object body; an empty body counts as `{}`. */
export function parseJsonObject(
  body: Buffer,
  onError: (message: string) => AwsError,
): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw onError(
      `Could not parse request body into json: ${toError(error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw onError('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Opaque pagination tokens: base64 of the offset into a stable list. */
export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

/** Decodes a token from {@link encodeToken}; undefined when it is not one. */
export function decodeToken(token: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return Number.isInteger(value?.offset) && value.offset >= 0
      ? value.offset
      : undefined;
  } catch {
    return undefined;
  }
}

/** One page of a list plus the token of the next, when there is more. */
export function paginate<T>(
  items: T[],
  offset: number,
  maxResults: number,
): { page: T[]; next?: string } {
  const page = items.slice(offset, offset + maxResults);
  const end = offset + page.length;
  return { page, next: end < items.length ? encodeToken(end) : undefined };
}

/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way AWS
 * does: the request is signed again with the maintained signer
 * (`@smithy/signature-v4`) and the caller's secret, and the two signatures
 * must be equal. Failures carry AWS's error code for the protocol.
 */
import { timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { EmulatorAccount } from '../accounts';
import { AWS_REGION_CODE } from '../arns';
import { AwsError } from './wire';

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a request whose X-Amz-Date is further than this from its clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The ways a signature check fails, each with its own AWS error. */
export type SignatureProblem =
  | 'missing'
  | 'incomplete'
  | 'unknownKey'
  | 'wrongRegion'
  | 'wrongService'
  | 'expired'
  | 'mismatch';

/**
 * AWS's error code and status per problem, for the JSON protocols (the ARC
 * data and control planes) and for Route 53's XML, which are also the query
 * protocol's codes that CloudWatch keeps (awsQueryCompatible). Sources: the "Common
 * Errors" pages of the AWS API references (IncompleteSignature 400,
 * InvalidClientTokenId 403, MissingAuthenticationToken 403) and IAM's
 * "Troubleshoot Signature Version 4 signing" page (403 SignatureDoesNotMatch,
 * "Missing Authentication Token"); the JSON services answer the same
 * problems with their `...Exception` names.
 */
export const SIGNATURE_ERRORS: Record<
  SignatureProblem,
  { json: [code: string, status: number]; xml: [code: string, status: number] }
> = {
  missing: {
    json: ['MissingAuthenticationTokenException', 403],
    xml: ['MissingAuthenticationToken', 403],
  },
  incomplete: {
    json: ['IncompleteSignatureException', 400],
    xml: ['IncompleteSignature', 400],
  },
  unknownKey: {
    json: ['UnrecognizedClientException', 403],
    xml: ['InvalidClientTokenId', 403],
  },
  wrongRegion: {
    json: ['InvalidSignatureException', 403],
    xml: ['SignatureDoesNotMatch', 403],
  },
  wrongService: {
    json: ['InvalidSignatureException', 403],
    xml: ['SignatureDoesNotMatch', 403],
  },
  expired: {
    json: ['InvalidSignatureException', 403],
    xml: ['SignatureDoesNotMatch', 403],
  },
  mismatch: {
    json: ['InvalidSignatureException', 403],
    xml: ['SignatureDoesNotMatch', 403],
  },
};

/** A failed signature check: the problem and AWS's message for it. */
export class SignatureError extends Error {
  constructor(readonly problem: SignatureProblem, message: string) {
    super(message);
  }

  /** The error in the wire format's vocabulary. */
  toAwsError(protocol: 'json' | 'xml'): AwsError {
    const [code, status] = SIGNATURE_ERRORS[this.problem][protocol];
    return new AwsError(code, status, this.message);
  }
}

/** A request as it arrived: nothing decoded or normalised. */
export interface ReceivedRequest {
  method: string;
  /** The request target exactly as sent (path and query, still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
interface Authorization {
  accessKeyId: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

function parseAuthorization(header: string): Authorization {
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== ALGORITHM) {
    throw new SignatureError(
      'incomplete',
      `Unsupported Authorization algorithm '${algorithm}': only ${ALGORITHM} is accepted. Authorization=${header}`,
    );
  }
  const fields = new Map<string, string>();
  for (const pair of rest.join('').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter(
    name => !fields.get(name),
  );
  if (missing.length > 0) {
    throw new SignatureError(
      'incomplete',
      `${missing
        .map(name => `Authorization header requires '${name}' parameter.`)
        .join(' ')} Authorization=${header}`,
    );
  }
  const credential = CREDENTIAL.exec(fields.get('Credential')!);
  if (!credential) {
    throw new SignatureError(
      'incomplete',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request, got '${fields.get(
        'Credential',
      )}'.`,
    );
  }
  return {
    // credential[2], the scope's date, is covered by the signature.
    accessKeyId: credential[1],
    region: credential[3],
    service: credential[4],
    signedHeaders: fields.get('SignedHeaders')!.toLowerCase().split(';'),
    signature: fields.get('Signature')!,
  };
}

/** `20261128T120000Z` (ISO 8601 basic, as SigV4 writes it) to a Date. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The query string's pairs, decoded once (the signer encodes them again). */
function queryOf(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const seen = query[key];
    if (seen === undefined) query[key] = value;
    else query[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

/**
 * The signer trusts an `x-amz-content-sha256` header instead of hashing the
 * body; the body must then have that hash, or a changed body would pass.
 */
async function payloadHashHolds(
  headers: Record<string, string>,
  body: Buffer,
): Promise<boolean> {
  const claimed = headers['x-amz-content-sha256'];
  if (claimed === undefined) return true;
  const hash = new Sha256();
  hash.update(body);
  return claimed === Buffer.from(await hash.digest()).toString('hex');
}

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the request's SigV4 signature and returns the account whose key
 * signed it; throws a {@link SignatureError} otherwise. `expected` is the
 * service and region the listener answers for (no region: a regional service
 * answering every region, so any region code passes); `now` the emulator's
 * clock.
 */
export async function verifySignature(
  request: ReceivedRequest,
  expected: { service: string; region?: string },
  accounts: readonly EmulatorAccount[],
  now: number,
): Promise<EmulatorAccount> {
  const header = headerText(request.headers.authorization);
  if (!header) {
    throw new SignatureError('missing', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(header);
  const dateHeader = headerText(request.headers['x-amz-date']);
  if (!dateHeader) {
    throw new SignatureError(
      'incomplete',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`,
    );
  }
  const signingDate = parseAmzDate(dateHeader);
  if (!signingDate) {
    throw new SignatureError(
      'incomplete',
      `Date must be in ISO-8601 'basic format'. Got '${dateHeader}'.`,
    );
  }
  const account = accounts.find(a => a.accessKeyId === auth.accessKeyId);
  if (!account) {
    throw new SignatureError(
      'unknownKey',
      'The security token included in the request is invalid.',
    );
  }
  if (auth.service !== expected.service) {
    throw new SignatureError(
      'wrongService',
      `Credential should be scoped to correct service: '${expected.service}'. `,
    );
  }
  if (
    expected.region === undefined
      ? !AWS_REGION_CODE.test(auth.region)
      : auth.region !== expected.region
  ) {
    throw new SignatureError(
      'wrongRegion',
      `Credential should be scoped to a valid region, not '${auth.region}'. `,
    );
  }
  const signedAt = signingDate.getTime();
  if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    throw new SignatureError(
      'expired',
      `Signature expired: ${dateHeader} is now earlier than ${amzDate(
        now - MAX_CLOCK_SKEW_MS,
      )} (${amzDate(now)} - 5 min.)`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    throw new SignatureError(
      'expired',
      `Signature not yet current: ${dateHeader} is still later than ${amzDate(
        now + MAX_CLOCK_SKEW_MS,
      )} (${amzDate(now)} + 5 min.)`,
    );
  }

  // Sign again exactly what the client signed: only the headers it listed,
  // the path as sent (the signer escapes it again, as the client's did), the
  // query and the body.
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerText(request.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
    },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    // The client hashes the body into the signature without sending the hash
    // header (outside S3); adding the header here would sign one more header.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headerText(request.headers.host) ?? '',
      path,
      query: queryOf(queryAt < 0 ? '' : request.url.slice(queryAt + 1)),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const recomputed = /Signature=([0-9a-f]+)/.exec(
    String(signed.headers.authorization),
  )?.[1];
  if (
    !recomputed ||
    !sameSignature(recomputed, auth.signature) ||
    !(await payloadHashHolds(headers, request.body))
  ) {
    throw new SignatureError(
      'mismatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return account;
}

import { randomUUID } from 'node:crypto';

/** Who sends a corpus request. */
export type Caller =
  | 'guest'
  | 'bob'
  | 'none'
  | 'garbage'
  | 'tampered'
  | 'alg-none'
  | 'expired'
  | 'basic';

/** One hostile or malformed request and the status it must get. */
export interface HttpCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Raw body text (sent as application/json unless contentType says otherwise). */
  body?: string;
  contentType?: string;
  caller: Caller;
  expect: number;
}

const ORDERS = 'component:default/orders';
/** A valid execute body for orders while us-east-1 is active. */
export const validExecute = {
  entityRef: ORDERS,
  targetRegion: 'us-west-2',
  reason: 'system test: hostile corpus',
  expectedActiveRegion: 'us-east-1',
};

const exec = (
  name: string,
  patch: Record<string, unknown>,
  expect: number,
  caller: Caller = 'guest',
): HttpCase => ({
  name,
  method: 'POST',
  path: '/api/multi-region/operations',
  body: JSON.stringify({ ...validExecute, ...patch }),
  caller,
  expect,
});
const without = (key: string, expect = 400): HttpCase => {
  const body: Record<string, unknown> = { ...validExecute };
  delete body[key];
  return {
    name: `execute without ${key}`,
    method: 'POST',
    path: '/api/multi-region/operations',
    body: JSON.stringify(body),
    caller: 'guest',
    expect,
  };
};
const raw = (
  name: string,
  body: string,
  expect = 400,
  contentType?: string,
): HttpCase => ({
  name,
  method: 'POST',
  path: '/api/multi-region/operations',
  body,
  contentType,
  caller: 'guest',
  expect,
});
const get = (
  name: string,
  path: string,
  expect: number,
  caller: Caller = 'guest',
): HttpCase => ({
  name,
  method: 'GET',
  path,
  caller,
  expect,
});

/**
 * The HTTP corpus, run while orders is active in us-east-1. None of these may
 * reach ARC: the test checks that the emulator saw no write.
 */
export const HTTP_CORPUS: HttpCase[] = [
  // authentication
  get(
    'status without a token',
    `/api/multi-region/status?entityRef=${ORDERS}`,
    401,
    'none',
  ),
  exec('execute without a token', {}, 401, 'none'),
  exec('execute with a garbage token', {}, 401, 'garbage'),
  exec(
    'execute with a token whose payload was edited (sub = pat)',
    {},
    401,
    'tampered',
  ),
  exec('execute with an unsigned alg=none token', {}, 401, 'alg-none'),
  exec(
    'execute with a token whose exp was moved into the past',
    {},
    401,
    'expired',
  ),
  exec('execute with Basic credentials', {}, 401, 'basic'),
  get('services without a token', '/api/multi-region/services', 401, 'none'),
  get(
    'history with a garbage token',
    '/api/multi-region/history',
    401,
    'garbage',
  ),
  // other users, foreign entities
  exec('bob (team-payments) fails over orders', {}, 403, 'bob'),
  exec(
    'guest fails over payments (owned by team-payments)',
    {
      entityRef: 'component:default/payments',
      targetRegion: 'eu-central-1',
      expectedActiveRegion: 'eu-west-1',
    },
    403,
  ),
  exec(
    'guest fails over external-api (team-edge)',
    { entityRef: 'component:default/external-api' },
    403,
  ),
  exec(
    'guest overrides safety rules without break-glass',
    { overrideSafetyRules: true },
    403,
  ),
  // malformed JSON
  raw('truncated JSON', '{"entityRef": "component:default/orders"'),
  raw('JSON null', 'null'),
  raw('JSON array', '[]'),
  raw('JSON string', '"component:default/orders"'),
  raw('JSON number', '42'),
  raw('trailing comma', '{"entityRef":"component:default/orders",}'),
  raw('single quotes', "{'entityRef':'component:default/orders'}"),
  raw('empty body', ''),
  raw(
    'JSON as text/plain (body not parsed: fields missing)',
    JSON.stringify(validExecute),
    400,
    'text/plain',
  ),
  raw(
    'body over the 16 kB limit',
    JSON.stringify({ ...validExecute, reason: 'x'.repeat(20_000) }),
    413,
  ),
  raw(
    'deeply nested unknown field',
    `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`,
  ),
  // wrong types
  exec('entityRef is a number', { entityRef: 42 }, 400),
  exec(
    'entityRef is an object',
    { entityRef: { kind: 'component', name: 'orders' } },
    400,
  ),
  exec('targetRegion is an array', { targetRegion: ['us-west-2'] }, 400),
  exec('reason is an object', { reason: { text: 'because' } }, 400),
  exec('reason is a number', { reason: 12345 }, 400),
  exec(
    'overrideSafetyRules is the string "true"',
    { overrideSafetyRules: 'true' },
    400,
  ),
  exec('expectedActiveRegion is null', { expectedActiveRegion: null }, 400),
  without('reason'),
  without('entityRef'),
  without('targetRegion'),
  without('expectedActiveRegion'),
  raw('empty object', '{}'),
  // reasons
  exec('empty reason', { reason: '' }, 400),
  exec('reason of two characters', { reason: 'ab' }, 400),
  exec('reason of spaces only', { reason: '          ' }, 400),
  exec('reason of 501 characters', { reason: 'r'.repeat(501) }, 400),
  exec(
    'reason of 2,001 characters (over the parser bound)',
    { reason: 'r'.repeat(2001) },
    400,
  ),
  exec('reason with a NUL byte', { reason: 'failover\u0000now' }, 400),
  exec(
    'reason with an ANSI escape',
    { reason: 'failover \u001b[31mRED\u001b[0m' },
    400,
  ),
  exec(
    'reason with a backspace',
    { reason: 'failover\u0008\u0008\u0008' },
    400,
  ),
  exec('reason with DEL', { reason: 'failover\u007f' }, 400),
  // entity refs
  exec(
    'unknown entity',
    { entityRef: 'component:default/does-not-exist' },
    404,
  ),
  exec(
    'entity in another namespace',
    { entityRef: 'component:other/orders' },
    404,
  ),
  exec('empty entityRef', { entityRef: '' }, 400),
  // parseEntityRef is lenient: this parses (kind a, namespace b:c) and is not found
  exec('entityRef with extra separators', { entityRef: 'a:b:c/d/e' }, 404),
  exec(
    'entityRef with an empty name',
    { entityRef: 'component:default/' },
    400,
  ),
  exec(
    'entityRef of 600 characters',
    { entityRef: `component:default/${'o'.repeat(600)}` },
    400,
  ),
  exec(
    'a user entity (no annotations)',
    { entityRef: 'user:default/guest' },
    400,
  ),
  exec(
    'a group entity (no annotations)',
    { entityRef: 'group:default/team-orders' },
    400,
  ),
  // regions
  exec('target region outside the pair', { targetRegion: 'eu-west-1' }, 400),
  exec(
    'target region that does not exist',
    { targetRegion: 'mars-north-1' },
    400,
  ),
  exec('target region in upper case', { targetRegion: 'US-WEST-2' }, 400),
  exec('target region already active', { targetRegion: 'us-east-1' }, 409),
  exec(
    'stale expectedActiveRegion',
    { expectedActiveRegion: 'us-west-2' },
    409,
  ),
  exec(
    'expectedActiveRegion outside the pair',
    { expectedActiveRegion: 'eu-west-1' },
    409,
  ),
  // forged fields
  exec(
    'forged routingControlArn',
    {
      routingControlArn:
        'arn:aws:route53-recovery-control::111122223333:controlpanel/2c3d4e5f60718293a4b5c6d7e8f90a1b/routingcontrol/5e6f708192a3b4c5',
    },
    400,
  ),
  exec(
    'forged controlPanelArn',
    {
      controlPanelArn:
        'arn:aws:route53-recovery-control::111122223333:controlpanel/2c3d4e5f60718293a4b5c6d7e8f90a1b',
    },
    400,
  ),
  exec('forged actor', { actor: 'user:default/pat' }, 400),
  exec('forged status', { status: 'succeeded' }, 400),
  exec(
    'forged safetyRulesToOverride',
    {
      safetyRulesToOverride: [
        'arn:aws:route53-recovery-control::111122223333:controlpanel/x/safetyrule/y',
      ],
    },
    400,
  ),
  exec(
    'forged clusterEndpoint',
    { clusterEndpoint: 'http://169.254.169.254/' },
    400,
  ),
  raw(
    '__proto__ field',
    `{"entityRef":"${ORDERS}","targetRegion":"us-west-2","reason":"proto pollution","expectedActiveRegion":"us-east-1","__proto__":{"overrideSafetyRules":true}}`,
  ),
  {
    name: 'plan with a forged ARN',
    method: 'POST',
    path: '/api/multi-region/plan',
    body: JSON.stringify({
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
      routingControlArn: 'arn:x',
    }),
    caller: 'guest',
    expect: 400,
  },
  {
    name: 'plan for a region outside the pair',
    method: 'POST',
    path: '/api/multi-region/plan',
    body: JSON.stringify({ entityRef: ORDERS, targetRegion: 'ap-southeast-2' }),
    caller: 'guest',
    expect: 400,
  },
  // queries and ids
  get(
    'operation id that is not a UUID',
    '/api/multi-region/operations/..%2F..%2Fetc%2Fpasswd',
    400,
  ),
  get(
    'unknown operation id',
    `/api/multi-region/operations/${randomUUID()}`,
    404,
  ),
  get('history limit 0', '/api/multi-region/history?limit=0', 400),
  get('history limit 10000', '/api/multi-region/history?limit=10000', 400),
  get('history limit not a number', '/api/multi-region/history?limit=abc', 400),
  get(
    'history cursor not ours',
    '/api/multi-region/history?cursor=Zm9vYmFy',
    400,
  ),
  get(
    'history of an unknown entity',
    '/api/multi-region/history?entityRef=component:default/nope',
    404,
  ),
  get('status without entityRef', '/api/multi-region/status', 400),
  get(
    'status with an unknown query field',
    `/api/multi-region/status?entityRef=${ORDERS}&arn=x`,
    400,
  ),
  get(
    'status with entityRef given twice',
    `/api/multi-region/status?entityRef=${ORDERS}&entityRef=${ORDERS}`,
    400,
  ),
  get(
    'status of an unknown entity',
    '/api/multi-region/status?entityRef=component:default/nope',
    404,
  ),
];

import {
  ArcCallError,
  classifyArcError,
  describeAttempt,
  shouldRotate,
} from './errors';

const named = (name: string, message = 'from the SDK') =>
  Object.assign(new Error(message), { name });
const withCode = (code: string, message = `connect ${code} 127.0.0.1:1`) =>
  Object.assign(new Error(message), { code });

describe('classifyArcError', () => {
  it.each([
    ['EndpointTemporarilyUnavailableException', 'unavailable'],
    ['InternalServerException', 'internal'],
    ['ThrottlingException', 'throttled'],
    ['TimeoutError', 'timeout'],
    ['AbortError', 'timeout'],
    ['ConflictException', 'conflict'],
    ['ValidationException', 'validation'],
    ['AccessDeniedException', 'access-denied'],
    ['ResourceNotFoundException', 'not-found'],
    ['ServiceLimitExceededException', 'limit-exceeded'],
  ])('classifies %s by its name as %s', (name, kind) => {
    expect(classifyArcError(named(name))).toBe(kind);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND'])(
    'classifies the socket error %s as a connection failure',
    code => {
      expect(classifyArcError(withCode(code))).toBe('connection');
    },
  );

  it('reads a socket error the SDK re-wrapped into its text', () => {
    expect(classifyArcError(new Error('socket hang up'))).toBe('connection');
    expect(classifyArcError(new Error('connect ECONNREFUSED 127.0.0.1'))).toBe(
      'connection',
    );
    expect(classifyArcError(withCode('ETIMEDOUT'))).toBe('timeout');
    expect(classifyArcError(new Error('read ETIMEDOUT'))).toBe('timeout');
  });

  it('calls anything else unknown, and a non-error too', () => {
    expect(classifyArcError(named('SomethingNew'))).toBe('unknown');
    expect(classifyArcError('a string')).toBe('unknown');
    expect(classifyArcError(undefined)).toBe('unknown');
  });
});

describe('shouldRotate', () => {
  it('moves on after transient failures and stops on final answers', () => {
    for (const kind of [
      'unavailable',
      'internal',
      'throttled',
      'timeout',
      'connection',
      'unknown',
    ] as const) {
      expect(shouldRotate(kind)).toBe(true);
    }
    for (const kind of [
      'conflict',
      'validation',
      'access-denied',
      'not-found',
      'limit-exceeded',
    ] as const) {
      expect(shouldRotate(kind)).toBe(false);
    }
  });
});

describe('describeAttempt and ArcCallError', () => {
  const attempt = {
    endpoint: 'http://127.0.0.1:7411/v1',
    region: 'us-east-1',
    kind: 'timeout' as const,
    message: 'no response within 800 ms',
    elapsedMs: 801,
  };
  it('says where, what and how long in one line', () => {
    expect(describeAttempt(attempt)).toBe(
      'us-east-1 (http://127.0.0.1:7411/v1) timed out after 801 ms: no response within 800 ms',
    );
  });
  it('is exhausted only when no endpoint gave a final answer', () => {
    expect(new ArcCallError('m', 'timeout', [attempt]).exhausted).toBe(true);
    expect(new ArcCallError('m', 'conflict', [attempt]).exhausted).toBe(false);
  });
});

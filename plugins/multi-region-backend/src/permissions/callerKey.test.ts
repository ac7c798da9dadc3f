import { mockCredentials } from '@backstage/backend-test-utils';
import { bindCallerToken, callerKeyOf } from './callerKey';

describe('callerKey', () => {
  it('is one key per token, never the token itself', () => {
    const a1 = mockCredentials.user('user:default/alice');
    const a2 = mockCredentials.user('user:default/alice');
    const b = mockCredentials.user('user:default/bob');
    bindCallerToken(a1, 'Bearer token-of-alice');
    bindCallerToken(a2, 'bearer token-of-alice');
    bindCallerToken(b, 'Bearer token-of-bob');
    expect(callerKeyOf(a1)).toBeDefined();
    expect(callerKeyOf(a1)).toBe(callerKeyOf(a2));
    expect(callerKeyOf(a1)).not.toBe(callerKeyOf(b));
    expect(callerKeyOf(a1)).not.toContain('token-of-alice');
  });

  it('another token of the same person is another caller', () => {
    const first = mockCredentials.user('user:default/alice');
    const second = mockCredentials.user('user:default/alice');
    bindCallerToken(first, 'Bearer first-token');
    bindCallerToken(second, 'Bearer second-token');
    expect(callerKeyOf(first)).not.toBe(callerKeyOf(second));
  });

  it('has no key without a bearer token (nothing is then reused)', () => {
    const none = mockCredentials.user('user:default/alice');
    bindCallerToken(none, undefined);
    expect(callerKeyOf(none)).toBeUndefined();
    const basic = mockCredentials.user('user:default/alice');
    bindCallerToken(basic, 'Basic Z3Vlc3Q6Z3Vlc3Q=');
    expect(callerKeyOf(basic)).toBeUndefined();
  });
});

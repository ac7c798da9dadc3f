import { ArcControlPlaneClient } from '@multi-region-failover/plugin-multi-region-node';
import { ControlPlaneCache } from './ControlPlaneCache';

const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';

/** A control plane whose ListSafetyRules answers when the test says so. */
function slowControlPlane() {
  const pending: Array<(rules: unknown[]) => void> = [];
  const client = {
    listSafetyRules: jest.fn(
      () => new Promise<unknown[]>(resolve => pending.push(resolve)),
    ),
  };
  return {
    client: client as unknown as ArcControlPlaneClient,
    calls: () => client.listSafetyRules.mock.calls.length,
    answer: (rules: unknown[]) => pending.shift()!(rules),
  };
}

const rule = (status: string) => ({
  arn: `${PANEL}/safetyrule/a0`,
  name: 'r',
  type: 'assertion',
  config: { type: 'ATLEAST', threshold: 1, inverted: false },
  status,
});

describe('ControlPlaneCache', () => {
  it('shares a read in flight among every caller, even with no reuse after it answered', async () => {
    let now = 0;
    const cp = slowControlPlane();
    const cache = new ControlPlaneCache(cp.client, 0, () => now);
    // a burst: twenty plans at once make one request, not twenty that the
    // control plane's throttling would refuse
    const burst = Array.from({ length: 20 }, () =>
      cache.listSafetyRules('111122223333', PANEL),
    );
    expect(cp.calls()).toBe(1);
    cp.answer([rule('DEPLOYED')]);
    expect(await Promise.all(burst)).toHaveLength(20);
    now += 1;
    const after = cache.listSafetyRules('111122223333', PANEL);
    expect(cp.calls()).toBe(2);
    cp.answer([]);
    await after;
  });

  it('reuses an answer for its TTL, but one showing something PENDING for a second at most', async () => {
    let now = 0;
    const cp = slowControlPlane();
    const cache = new ControlPlaneCache(cp.client, 60_000, () => now);
    const first = cache.listSafetyRules('111122223333', PANEL);
    cp.answer([rule('PENDING')]);
    await first;
    now += 999;
    await cache.listSafetyRules('111122223333', PANEL);
    expect(cp.calls()).toBe(1);
    now += 1;
    const again = cache.listSafetyRules('111122223333', PANEL);
    expect(cp.calls()).toBe(2);
    cp.answer([rule('DEPLOYED')]);
    await again;
    now += 59_999;
    await cache.listSafetyRules('111122223333', PANEL);
    expect(cp.calls()).toBe(2);
  });
});

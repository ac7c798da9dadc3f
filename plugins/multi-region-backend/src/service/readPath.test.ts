import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  appEntity,
  Harness,
  mockAuth,
  startHarness,
} from '../__testUtils__/harness';

/*
 * The read routes' shortcuts (issue 14), through the real plugin over HTTP:
 * what a caller's reads reuse is that caller's own, and GET /services
 * decides the whole list with one conditional decision whose conditions the
 * catalog applies. Each test uses its own person: a person's list decision
 * is reused for a few seconds.
 */

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const EXTERNAL = 'component:default/external-api';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    entities: [
      appEntity('orders'),
      appEntity('payments'),
      appEntity('external-api'),
    ],
  });
});
afterAll(() => h.stop());

const status = (user: string, ref = ORDERS) =>
  request(h.server)
    .get('/api/multi-region/status')
    .query({ entityRef: ref })
    .set(mockAuth(user));
const services = (user: string) =>
  request(h.server).get('/api/multi-region/services').set(mockAuth(user));

/** Replaces the list decision for the duration of `fn`. */
async function withListDecision<T>(
  decide: (user: string) => object,
  fn: () => Promise<T>,
): Promise<T> {
  const original = h.permissions.authorizeConditional;
  h.permissions.authorizeConditional = (async (queries: any[], opts: any) =>
    queries.map(() => decide(opts.credentials.principal.userEntityRef))) as any;
  try {
    return await fn();
  } finally {
    h.permissions.authorizeConditional = original;
  }
}

const ownedBy = (group: string) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [group] },
  },
});

describe('status reads', () => {
  it("answer each caller with their own decisions, however close together (never another caller's)", async () => {
    for (let round = 0; round < 3; round++) {
      const [alice, bob, pat] = await Promise.all([
        status('user:default/alice'),
        status('user:default/bob'),
        status('user:default/pat'),
      ]);
      expect(alice.body.permissions).toMatchObject({
        canFailover: true,
        canOverrideSafetyRules: false,
      });
      expect(bob.body.permissions).toMatchObject({
        canFailover: false,
        canOverrideSafetyRules: false,
      });
      expect(pat.body.permissions).toMatchObject({
        canFailover: true,
        canOverrideSafetyRules: true,
      });
    }
  });

  it('still answer 400 and 404 for every request (refusals are never reused)', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await status('user:default/alice', 'component:')).status).toBe(
        400,
      );
      expect(
        (await status('user:default/alice', 'component:default/nope')).status,
      ).toBe(404);
    }
  });
});

describe('GET /services', () => {
  it("applies a conditional decision in the catalog's query: one decision, no per-entity calls", async () => {
    const authorize = jest.spyOn(h.permissions, 'authorize');
    const res = await withListDecision(
      () => ownedBy('group:default/team-payments'),
      () => services('user:default/bob'),
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.entityRef)).toEqual([PAYMENTS]);
    expect(authorize).not.toHaveBeenCalled();
    authorize.mockRestore();
  });

  it('decides each entity when the conditions use a rule no catalog query can express', async () => {
    const original = h.permissions.authorize;
    h.permissions.authorize = (async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.resourceRef === EXTERNAL
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }))) as any;
    try {
      const res = await withListDecision(
        () => ({
          ...ownedBy('group:default/team-edge'),
          conditions: {
            rule: 'IS_ON_CALL',
            resourceType: 'catalog-entity',
            params: {},
          },
        }),
        () => services('user:default/erin'),
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.entityRef)).toEqual([EXTERNAL]);
    } finally {
      h.permissions.authorize = original;
    }
  });

  it('lists nothing for a caller denied status.read, and everything allowed for another', async () => {
    await withListDecision(
      user =>
        user === 'user:default/sam'
          ? { result: AuthorizeResult.DENY }
          : { result: AuthorizeResult.ALLOW },
      async () => {
        const [sam, guest] = await Promise.all([
          services('user:default/sam'),
          services('user:default/guest'),
        ]);
        expect(sam.status).toBe(200);
        expect(sam.body.items).toEqual([]);
        expect(guest.body.items.map((i: any) => i.entityRef).sort()).toEqual(
          [EXTERNAL, ORDERS, PAYMENTS].sort(),
        );
      },
    );
  });
});

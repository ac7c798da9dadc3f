import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  multiRegionFailoverExecutePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  AUTHORIZE_BATCH_SIZE,
  authorizeEach,
  statusReadScope,
} from './decisions';

const credentials = mockCredentials.user('user:default/alice');

describe('authorizeEach', () => {
  it('splits a long list into batches the permission backend accepts, each answer on its own entity', async () => {
    const batches: number[] = [];
    const permissions = {
      authorize: jest.fn(async (requests: any[]) => {
        batches.push(requests.length);
        // allowed: entities with an even number, for execute only
        return requests.map(r => ({
          result:
            r.permission.name === multiRegionFailoverExecutePermission.name &&
            Number(r.resourceRef.split('-')[1]) % 2 === 0
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }));
      }),
      authorizeConditional: jest.fn(),
    };
    const refs = Array.from(
      { length: 1000 },
      (_, i) => `component:default/svc-${i}`,
    );
    const out = await authorizeEach(permissions, credentials, refs, [
      multiRegionStatusReadPermission,
      multiRegionFailoverExecutePermission,
    ]);
    expect(batches.every(n => n <= AUTHORIZE_BATCH_SIZE)).toBe(true);
    expect(batches.reduce((a, n) => a + n, 0)).toBe(2000);
    expect(out.get('component:default/svc-998')).toEqual([false, true]);
    expect(out.get('component:default/svc-999')).toEqual([false, false]);
  });

  it('makes no call for no entities', async () => {
    const permissions = {
      authorize: jest.fn(),
      authorizeConditional: jest.fn(),
    };
    expect(
      await authorizeEach(
        permissions,
        credentials,
        [],
        [multiRegionStatusReadPermission],
      ),
    ).toEqual(new Map());
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});

describe('statusReadScope', () => {
  const scopeFor = (answer: object) =>
    statusReadScope(
      {
        authorize: jest.fn(),
        authorizeConditional: jest.fn(async () => [answer as any]),
      },
      credentials,
    );

  it('is everything or nothing on a definitive decision', async () => {
    expect(await scopeFor({ result: AuthorizeResult.ALLOW })).toEqual({
      kind: 'all',
    });
    expect(await scopeFor({ result: AuthorizeResult.DENY })).toEqual({
      kind: 'none',
    });
  });

  it("is a catalog query for the catalog's own conditions, else each entity apart", async () => {
    const conditional = (rule: string) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule,
        resourceType: 'catalog-entity',
        params: { claims: ['group:default/team-orders'] },
      },
    });
    expect(await scopeFor(conditional('IS_ENTITY_OWNER'))).toEqual({
      kind: 'matching',
      predicate: {
        'relations.ownedBy': { $in: ['group:default/team-orders'] },
      },
    });
    expect(await scopeFor(conditional('IS_ON_CALL'))).toEqual({
      kind: 'each',
    });
  });
});

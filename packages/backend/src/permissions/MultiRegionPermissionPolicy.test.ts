import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionPermissionPolicy } from './MultiRegionPermissionPolicy';

/** Ownership refs as the sign-in resolver issues them for the example org. */
const people = {
  guest: ['user:default/guest', 'group:default/team-orders'],
  pat: ['user:default/pat', 'group:default/platform-admins'],
  nobody: undefined,
};
type Who = keyof typeof people;

async function decide(
  who: Who,
  permission: Permission,
): Promise<PolicyDecision> {
  const ownershipEntityRefs = people[who];
  if (!ownershipEntityRefs) {
    const policy = new MultiRegionPermissionPolicy(mockServices.userInfo());
    return policy.handle({ permission });
  }
  const userEntityRef = ownershipEntityRefs[0];
  const info = { userEntityRef, ownershipEntityRefs };
  const user: PolicyQueryUser = {
    credentials: mockCredentials.user(userEntityRef),
    info,
  };
  const policy = new MultiRegionPermissionPolicy(mockServices.userInfo(info));
  return policy.handle({ permission }, user);
}

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };
const OWNERS_ONLY = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: people.guest },
  },
};

const otherCatalogPermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const unrelatedPermission = createPermission({
  name: 'other.thing.do',
  attributes: {},
});

describe('MultiRegionPermissionPolicy', () => {
  it.each<[string, Who, Permission, object]>([
    [
      'status read: any signed-in user',
      'guest',
      multiRegionStatusReadPermission,
      ALLOW,
    ],
    [
      'status read: nobody signed in',
      'nobody',
      multiRegionStatusReadPermission,
      DENY,
    ],
    [
      'failover: platform admins on every entity',
      'pat',
      multiRegionFailoverExecutePermission,
      ALLOW,
    ],
    [
      "failover: everyone else where the catalog's isEntityOwner holds",
      'guest',
      multiRegionFailoverExecutePermission,
      OWNERS_ONLY,
    ],
    [
      'failover: nobody signed in',
      'nobody',
      multiRegionFailoverExecutePermission,
      DENY,
    ],
    [
      'break-glass: platform admins',
      'pat',
      multiRegionSafetyRuleOverridePermission,
      ALLOW,
    ],
    [
      'break-glass: owners who are not admins',
      'guest',
      multiRegionSafetyRuleOverridePermission,
      DENY,
    ],
    [
      'break-glass: nobody signed in',
      'nobody',
      multiRegionSafetyRuleOverridePermission,
      DENY,
    ],
    [
      'another catalog-entity permission',
      'guest',
      otherCatalogPermission,
      ALLOW,
    ],
    ['an unrelated basic permission', 'guest', unrelatedPermission, ALLOW],
  ])('%s', async (_, who, permission, expected) => {
    await expect(decide(who, permission)).resolves.toEqual(expected);
  });
});

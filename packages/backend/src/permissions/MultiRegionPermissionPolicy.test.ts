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
/** The catalog's own ownership rule over the guest's ownership refs. */
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
/** The scaffolder's own rule: tasks the guest started. */
const OWN_TASKS = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'scaffolder',
  resourceType: 'scaffolder-task',
  conditions: {
    rule: 'IS_TASK_OWNER',
    resourceType: 'scaffolder-task',
    params: { createdBy: ['user:default/guest'] },
  },
};

// The catalog's and the scaffolder's permissions, as those plugins define
// them (@backstage/plugin-catalog-common/alpha, plugin-scaffolder-common/alpha).
const catalog = {
  read: createPermission({
    name: 'catalog.entity.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  }),
  create: createPermission({
    name: 'catalog.entity.create',
    attributes: { action: 'create' },
  }),
  delete: createPermission({
    name: 'catalog.entity.delete',
    attributes: { action: 'delete' },
    resourceType: 'catalog-entity',
  }),
  refresh: createPermission({
    name: 'catalog.entity.refresh',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  }),
  validate: createPermission({
    name: 'catalog.entity.validate',
    attributes: {},
  }),
  locationRead: createPermission({
    name: 'catalog.location.read',
    attributes: { action: 'read' },
  }),
  locationCreate: createPermission({
    name: 'catalog.location.create',
    attributes: { action: 'create' },
  }),
  locationDelete: createPermission({
    name: 'catalog.location.delete',
    attributes: { action: 'delete' },
  }),
  locationAnalyze: createPermission({
    name: 'catalog.location.analyze',
    attributes: {},
  }),
  ingestionManage: createPermission({
    name: 'catalog.ingestion.manage',
    attributes: { action: 'update' },
  }),
};
const scaffolder = {
  taskCreate: createPermission({
    name: 'scaffolder.task.create',
    attributes: { action: 'create' },
  }),
  actionExecute: createPermission({
    name: 'scaffolder.action.execute',
    attributes: {},
    resourceType: 'scaffolder-action',
  }),
  taskRead: createPermission({
    name: 'scaffolder.task.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-task',
  }),
  taskCancel: createPermission({
    name: 'scaffolder.task.cancel',
    attributes: {},
    resourceType: 'scaffolder-task',
  }),
  parameterRead: createPermission({
    name: 'scaffolder.template.parameter.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-template',
  }),
  dryRun: createPermission({
    name: 'scaffolder.template.dry-run',
    attributes: {},
  }),
  management: createPermission({
    name: 'scaffolder.template.management',
    attributes: {},
  }),
};
const unrelatedRead = createPermission({
  name: 'other.thing.read',
  attributes: {},
});
const unrelatedWrite = createPermission({
  name: 'other.thing.delete',
  attributes: { action: 'delete' },
});

describe('MultiRegionPermissionPolicy', () => {
  it.each<[string, Who, Permission, object]>([
    // multi-region
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

    // catalog
    ['catalog read: any signed-in user', 'guest', catalog.read, ALLOW],
    ['catalog read: nobody signed in', 'nobody', catalog.read, DENY],
    ['catalog validate: any signed-in user', 'guest', catalog.validate, ALLOW],
    [
      'catalog location read: any signed-in user',
      'guest',
      catalog.locationRead,
      ALLOW,
    ],
    [
      'register a location: denied to other users',
      'guest',
      catalog.locationCreate,
      DENY,
    ],
    [
      'register a location: platform admins',
      'pat',
      catalog.locationCreate,
      ALLOW,
    ],
    [
      'register a location: nobody signed in',
      'nobody',
      catalog.locationCreate,
      DENY,
    ],
    [
      'delete a location: denied to other users',
      'guest',
      catalog.locationDelete,
      DENY,
    ],
    [
      'delete a location: platform admins',
      'pat',
      catalog.locationDelete,
      ALLOW,
    ],
    [
      'analyze a location: denied to other users',
      'guest',
      catalog.locationAnalyze,
      DENY,
    ],
    [
      'create an entity directly: denied to other users',
      'guest',
      catalog.create,
      DENY,
    ],
    [
      'manage ingestion: denied to other users',
      'guest',
      catalog.ingestionManage,
      DENY,
    ],
    ['delete an entity: its owners only', 'guest', catalog.delete, OWNERS_ONLY],
    ['delete an entity: platform admins, any', 'pat', catalog.delete, ALLOW],
    ['delete an entity: nobody signed in', 'nobody', catalog.delete, DENY],
    [
      'refresh an entity: its owners only',
      'guest',
      catalog.refresh,
      OWNERS_ONLY,
    ],
    ['refresh an entity: platform admins, any', 'pat', catalog.refresh, ALLOW],

    // scaffolder
    [
      'run a template: any signed-in user',
      'guest',
      scaffolder.taskCreate,
      ALLOW,
    ],
    [
      "run a template's actions: any signed-in user",
      'guest',
      scaffolder.actionExecute,
      ALLOW,
    ],
    [
      'read template parameters: any signed-in user',
      'guest',
      scaffolder.parameterRead,
      ALLOW,
    ],
    ['run a template: nobody signed in', 'nobody', scaffolder.taskCreate, DENY],
    [
      'read a task: the person who started it',
      'guest',
      scaffolder.taskRead,
      OWN_TASKS,
    ],
    [
      'cancel a task: the person who started it',
      'guest',
      scaffolder.taskCancel,
      OWN_TASKS,
    ],
    ['read a task: platform admins, any', 'pat', scaffolder.taskRead, ALLOW],
    [
      'dry-run a template: denied to other users',
      'guest',
      scaffolder.dryRun,
      DENY,
    ],
    ['dry-run a template: platform admins', 'pat', scaffolder.dryRun, ALLOW],
    [
      'the template editor: denied to other users',
      'guest',
      scaffolder.management,
      DENY,
    ],

    // everything else
    [
      'an unrelated permission without a write action',
      'guest',
      unrelatedRead,
      ALLOW,
    ],
    [
      'an unrelated write: denied to other users',
      'guest',
      unrelatedWrite,
      DENY,
    ],
    ['an unrelated write: platform admins', 'pat', unrelatedWrite, ALLOW],
    ['anything: nobody signed in', 'nobody', unrelatedRead, DENY],
  ])('%s', async (_, who, permission, expected) => {
    await expect(decide(who, permission)).resolves.toEqual(expected);
  });
});

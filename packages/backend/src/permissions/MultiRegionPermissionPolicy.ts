import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';

/** The group whose members may fail over any app and use break-glass. */
export const PLATFORM_ADMINS_GROUP = 'group:default/platform-admins';

/**
 * Catalog permissions that change what the catalog ingests or manages:
 * registering, updating and deleting locations (a location may bring any
 * entity the catalog rules allow, from any URL the backend can read),
 * analyzing locations (the import page's first step; it reads any URL the
 * backend can read), creating entities directly and the ingestion controls.
 * Platform admins only.
 */
const CATALOG_ADMIN_ONLY = new Set([
  'catalog.location.create',
  'catalog.location.delete',
  'catalog.location.analyze',
  'catalog.entity.create',
  'catalog.ingestion.manage',
]);

/** Catalog permissions on one entity that its owners may use on what they own. */
const CATALOG_OWNERS = new Set([
  'catalog.entity.delete',
  'catalog.entity.refresh',
]);

/**
 * Scaffolder permissions of template authors: dry-running any template
 * (including one sent in the request) and the template editor. Platform
 * admins only.
 */
const SCAFFOLDER_ADMIN_ONLY = new Set([
  'scaffolder.template.dry-run',
  'scaffolder.template.management',
]);

/** Scaffolder permissions on one task that the person who started it may use. */
const SCAFFOLDER_TASK_CREATORS = new Set([
  'scaffolder.task.read',
  'scaffolder.task.cancel',
]);

/** Actions that change something, as permissions declare them. */
const WRITES = new Set(['create', 'update', 'delete']);

/**
 * The dev portal's permission policy: deny by default what changes the
 * catalog or the scaffolder, grant it to owners where it concerns what they
 * own, and to platform admins.
 *
 * - multi-region status: any signed-in user.
 * - failover: platform admins always; everyone else only for entities their
 *   user or one of their groups owns (decided by the catalog's own
 *   `IS_ENTITY_OWNER` rule over `ownedBy` relations, never by comparing
 *   `spec.owner` here).
 * - safety-rule override (break-glass): platform admins only.
 * - catalog: reading is open to signed-in users; deleting or refreshing an
 *   entity: its owners and platform admins; registering, changing or
 *   deleting locations, analyzing them, creating entities, managing
 *   ingestion: platform admins only. (Templates register what they publish
 *   with the scaffolder's own credentials: see
 *   `multi-region:catalog:register-published`.)
 * - scaffolder: running templates (creating tasks, executing their actions,
 *   reading templates): signed-in users; reading and cancelling a task: the
 *   person who started it and platform admins; dry runs and the template
 *   editor: platform admins only.
 * - any other permission that declares a create, update or delete action:
 *   platform admins only; any other permission: signed-in users.
 * - nobody signed in: nothing.
 */
export class MultiRegionPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!user) return deny();
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const isAdmin = ownershipEntityRefs.includes(PLATFORM_ADMINS_GROUP);

    if (isPermission(permission, multiRegionStatusReadPermission)) {
      return allow();
    }

    if (isPermission(permission, multiRegionFailoverExecutePermission)) {
      if (isAdmin) return allow();
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    if (isPermission(permission, multiRegionSafetyRuleOverridePermission)) {
      return decide(isAdmin);
    }

    if (CATALOG_ADMIN_ONLY.has(permission.name)) return decide(isAdmin);

    if (
      CATALOG_OWNERS.has(permission.name) &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      if (isAdmin) return allow();
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    if (SCAFFOLDER_ADMIN_ONLY.has(permission.name)) return decide(isAdmin);

    if (
      SCAFFOLDER_TASK_CREATORS.has(permission.name) &&
      isResourcePermission(permission, 'scaffolder-task')
    ) {
      if (isAdmin) return allow();
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }

    // running a template: scaffolder.task.create (a create) and
    // scaffolder.action.execute (every step of a template in the catalog)
    if (
      permission.name === 'scaffolder.task.create' ||
      permission.name === 'scaffolder.action.execute'
    ) {
      return allow();
    }

    return decide(isAdmin || !isWrite(permission));
  }
}

function isWrite(permission: Permission): boolean {
  const { action } = permission.attributes;
  return action !== undefined && WRITES.has(action);
}

function allow(): PolicyDecision {
  return { result: AuthorizeResult.ALLOW };
}

function deny(): PolicyDecision {
  return { result: AuthorizeResult.DENY };
}

function decide(allowed: boolean): PolicyDecision {
  return allowed ? allow() : deny();
}

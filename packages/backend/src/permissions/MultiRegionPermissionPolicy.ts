import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
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
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';

/** The group whose members may fail over any app and use break-glass. */
export const PLATFORM_ADMINS_GROUP = 'group:default/platform-admins';

/**
 * The dev portal's permission policy.
 *
 * - multi-region status: any signed-in user.
 * - failover: platform admins always; everyone else only for entities their
 *   user or one of their groups owns (decided by the catalog's own
 *   `IS_ENTITY_OWNER` rule over `ownedBy` relations, never by comparing
 *   `spec.owner` here).
 * - safety-rule override (break-glass): platform admins only.
 * - every other permission: allowed, as in a template app.
 */
export class MultiRegionPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;

    if (isPermission(permission, multiRegionStatusReadPermission)) {
      return decide(user !== undefined);
    }

    if (isPermission(permission, multiRegionFailoverExecutePermission)) {
      if (!user) return deny();
      const ownership = await this.ownershipOf(user);
      if (ownership.includes(PLATFORM_ADMINS_GROUP)) return allow();
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownership }),
      );
    }

    if (isPermission(permission, multiRegionSafetyRuleOverridePermission)) {
      if (!user) return deny();
      const ownership = await this.ownershipOf(user);
      return decide(ownership.includes(PLATFORM_ADMINS_GROUP));
    }

    return allow();
  }

  /** The user itself and every group it belongs to, as the sign-in resolved them. */
  private async ownershipOf(user: PolicyQueryUser): Promise<string[]> {
    const info = await this.userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs;
  }
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

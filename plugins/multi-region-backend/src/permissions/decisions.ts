import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  CallerPermissions,
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
  multiRegionStatusReadPermission,
} from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionAccessConfig } from '@multi-region-failover/plugin-multi-region-node';

/** The caller's three decisions on one entity. */
export interface EntityDecisions {
  read: boolean;
  execute: boolean;
  override: boolean;
}

/**
 * Authorises permissions per entity in ONE batched call, with the entity ref
 * as resourceRef: the permission framework resolves conditional decisions
 * (e.g. the catalog's IS_ENTITY_OWNER) against the catalog.
 */
export async function authorizeEach(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  entityRefs: string[],
  which: ResourcePermission<'catalog-entity'>[],
): Promise<Map<string, boolean[]>> {
  const requests = entityRefs.flatMap(resourceRef =>
    which.map(permission => ({ permission, resourceRef })),
  );
  const results = requests.length
    ? await permissions.authorize(requests, { credentials })
    : [];
  const out = new Map<string, boolean[]>();
  entityRefs.forEach((ref, i) => {
    out.set(
      ref,
      which.map(
        (_, j) =>
          results[i * which.length + j]?.result === AuthorizeResult.ALLOW,
      ),
    );
  });
  return out;
}

/** All three decisions for one entity. */
export async function decideForEntity(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  entityRef: string,
): Promise<EntityDecisions> {
  const [read, execute, override] = (
    await authorizeEach(
      permissions,
      credentials,
      [entityRef],
      [
        multiRegionStatusReadPermission,
        multiRegionFailoverExecutePermission,
        multiRegionSafetyRuleOverridePermission,
      ],
    )
  ).get(entityRef)!;
  return { read, execute, override };
}

/**
 * Why failovers are refused for everyone because Backstage's permission
 * framework is off, or undefined. Off, every decision is ALLOW: the portal
 * could not tell an entity's owners from anyone else signed in.
 */
export function permissionFrameworkRefusal(
  access: Pick<
    MultiRegionAccessConfig,
    'permissionFrameworkEnabled' | 'allowFailoverWithoutPermissionFramework'
  >,
): string | undefined {
  if (
    access.permissionFrameworkEnabled ||
    access.allowFailoverWithoutPermissionFramework
  ) {
    return undefined;
  }
  return "Backstage's permission framework is off (permission.enabled is not true), so the portal cannot tell an entity's owners from anyone else: failovers are refused. Turn it on with a policy (docs/permissions.md), or set multiRegion.permissions.allowFailoverWithoutPermissionFramework: true to let every signed-in user fail over every service.";
}

/** What the UI may offer, and if not, why (the server decides again on execute). */
export function callerPermissions(
  decisions: EntityDecisions,
  context: { readOnly: boolean; isUser: boolean; refusal?: string },
): CallerPermissions {
  let failoverDeniedReason: string | undefined;
  if (context.readOnly) {
    failoverDeniedReason =
      'The portal is in read-only mode (multiRegion.readOnly); failovers are disabled for everyone.';
  } else if (context.refusal) {
    failoverDeniedReason = context.refusal;
  } else if (!context.isUser) {
    failoverDeniedReason =
      'Only a signed-in person can fail over (the audit trail records who).';
  } else if (!decisions.execute) {
    failoverDeniedReason = `You do not have the ${multiRegionFailoverExecutePermission.name} permission on this entity (owners and platform admins do).`;
  }
  return {
    canFailover: !failoverDeniedReason,
    canOverrideSafetyRules: !failoverDeniedReason && decisions.override,
    failoverDeniedReason,
  };
}

import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogPredicate, catalogPredicateOf } from './catalogConditions';
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
 * Requests per authorize call. The permission backend parses at most 100 kB
 * of JSON per call (413 above it): 200 requests of the longest entity refs
 * stay well below, where one call for a thousand entities did not.
 */
export const AUTHORIZE_BATCH_SIZE = 200;
/** Batches of one decision in flight at once. */
const PARALLEL_BATCHES = 4;

/**
 * Authorises permissions per entity in as few calls as the permission
 * backend accepts ({@link AUTHORIZE_BATCH_SIZE} requests each), with the
 * entity ref as resourceRef: the permission framework resolves conditional
 * decisions (e.g. the catalog's IS_ENTITY_OWNER) against the catalog.
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
  const batches: Array<typeof requests> = [];
  for (let i = 0; i < requests.length; i += AUTHORIZE_BATCH_SIZE) {
    batches.push(requests.slice(i, i + AUTHORIZE_BATCH_SIZE));
  }
  const answers: Array<{ result: AuthorizeResult }[]> = [];
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    answers.push(
      ...(await Promise.all(
        batches
          .slice(i, i + PARALLEL_BATCHES)
          .map(batch => permissions.authorize(batch, { credentials })),
      )),
    );
  }
  const results = answers.flat();
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

/**
 * Which entities a caller may read the multi-region status of, decided once
 * for a whole list: all, none, those matching a catalog query (the policy's
 * conditions, applied by the catalog), or - conditions no catalog query can
 * express - each entity decided apart.
 */
export type StatusReadScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'matching'; predicate: CatalogPredicate }
  | { kind: 'each' };

/** ONE conditional authorisation of `multi-region.status.read` for a list. */
export async function statusReadScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<StatusReadScope> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: multiRegionStatusReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  if (decision.result !== AuthorizeResult.CONDITIONAL) return { kind: 'none' };
  const predicate = catalogPredicateOf(decision);
  return predicate ? { kind: 'matching', predicate } : { kind: 'each' };
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

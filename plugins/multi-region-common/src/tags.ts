import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Tag on an ARC control panel that names the one catalog entity allowed to
 * change its routing controls. The template writes it; the backend refuses a
 * failover of any entity it does not name.
 *
 * @public
 */
export const ENTITY_REF_TAG = 'backstage.io/entity-ref';

/**
 * Tag on an ARC control panel that names the group owning it (a group ref,
 * `team-orders` or `group:default/team-orders`). The backend allows a failover
 * only when the group owns the entity named by {@link ENTITY_REF_TAG} (or is a
 * configured platform-admin group), so a panel's authority is bound to its
 * owners and not to whoever holds the entity name in the catalog.
 *
 * @public
 */
export const OWNER_TAG = 'backstage.io/owner';

/**
 * The full form of a group ref as the owner tag and the catalog's ownedBy
 * relations compare it (`team-orders` becomes `group:default/team-orders`).
 * Throws on a value that is not an entity ref.
 *
 * @public
 */
export function normaliseGroupRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

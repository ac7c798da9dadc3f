/**
 * Tag on an ARC control panel that names the one catalog entity allowed to
 * change its routing controls. The template writes it; the backend refuses a
 * failover of any entity it does not name.
 *
 * @public
 */
export const ENTITY_REF_TAG = 'backstage.io/entity-ref';

/**
 * Value patterns shared by the annotation parser, the scaffolder actions and
 * the template form, so that a value one accepts the others accept too.
 */

/** A fully qualified lower-case domain name without a trailing dot, e.g. `orders.example.com`. @public */
export const DNS_NAME_PATTERN =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A bare Route 53 hosted zone id (no `/hostedzone/` prefix), e.g. `Z0123456789ABCDEFGHIJ`. @public */
export const HOSTED_ZONE_ID_PATTERN = /^Z[A-Z0-9]{1,31}$/;

/** A Route 53 health check id (a lower-case UUID). @public */
export const HEALTH_CHECK_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { isAwsRegionCode } from '@multi-region-failover/plugin-multi-region-common';

/**
 * A service name that is at the same time a catalog entity name, a DNS label
 * and short enough for every ARC name derived from it (ARC names are at most
 * 64 characters; `<name>-at-least-one-on` is the longest).
 */
export const SERVICE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

/** A path of the external API: one segment, e.g. `/inventory`. */
export const EXTERNAL_API_PATH_PATTERN = /^\/[a-z0-9][a-z0-9-]*$/;

/**
 * Backstage's rule for an entity name: 1 to 63 letters, digits and `-_.`,
 * starting and ending with a letter or digit (catalog-model's
 * `KubernetesValidatorFunctions.isValidObjectName`).
 */
const ENTITY_NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';

/**
 * Backstage's rule for a namespace: a DNS label of at most 63 characters
 * (`isValidNamespace`), followed by the `/` of a ref.
 */
const ENTITY_NAMESPACE = '(?=[a-z0-9-]{1,63}/)[a-z0-9]+(?:-+[a-z0-9]+)*/';

/** A catalog namespace on its own (`isValidNamespace`), e.g. `default`. */
export const NAMESPACE_PATTERN = /^(?=.{1,63}$)[a-z0-9]+(?:-+[a-z0-9]+)*$/;

/** `[<kind>:][<namespace>/]<name>` with Backstage's name rules and a lower-case kind. */
function entityRefPattern(kind: string): RegExp {
  return new RegExp(`^(?:${kind}:)?(?:${ENTITY_NAMESPACE})?${ENTITY_NAME}$`);
}

/**
 * The owner of a service: a group ref (`group:default/team-orders`; the kind
 * and namespace may be left out). Nothing a YAML, TOML, shell or markdown
 * file would have to escape can match it.
 */
export const OWNER_REF_PATTERN = entityRefPattern('group');

/** The system of a service: a system ref (`system:default/public-api`; kind and namespace optional). */
export const SYSTEM_REF_PATTERN = entityRefPattern('system');

/**
 * Free text of one line (a description): anything printable, including
 * quotes, `#`, `---`, `{{ }}` and emoji, but no control character (C0, DEL,
 * C1: no line break, tab or NUL), no Unicode line or paragraph separator and
 * no unpaired surrogate. With the `u` flag, as JSON schema applies patterns.
 */
export const SINGLE_LINE_TEXT_PATTERN =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029\uD800-\uDFFF]*$/u;

/** The longest description the template accepts, in characters (code points). */
export const DESCRIPTION_MAX_LENGTH = 500;

/** The ARC resource names of one app, as the pattern and the example org spell them. */
export function arcResourceNames(name: string) {
  return {
    panel: `${name}-panel`,
    primaryControl: `${name}-primary-rc`,
    secondaryControl: `${name}-secondary-rc`,
    assertionRule: `${name}-at-least-one-on`,
  };
}

/** The entity ref that a control panel's `backstage.io/entity-ref` tag carries. */
export function componentRef(name: string, namespace = 'default'): string {
  return `component:${namespace}/${name}`;
}

/**
 * A stable idempotency token (ClientToken / CallerReference): the same task
 * retrying the same create sends the same token, another task sends another.
 */
export function idempotencyToken(...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** Rejects a region that is not a region code, or a pair that is not a pair. */
export function assertRegionPair(
  primaryRegion: string,
  secondaryRegion: string,
) {
  for (const [label, region] of [
    ['primaryRegion', primaryRegion],
    ['secondaryRegion', secondaryRegion],
  ]) {
    if (!isAwsRegionCode(region)) {
      throw new InputError(
        `${label} "${region}" is not an AWS region code (for example us-east-1 or eu-west-1).`,
      );
    }
  }
  if (primaryRegion === secondaryRegion) {
    throw new InputError(
      `The primary and secondary region are both "${primaryRegion}". A failover pair needs two different regions: pick another secondary region.`,
    );
  }
}

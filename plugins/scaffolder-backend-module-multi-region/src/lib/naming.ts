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

import { InputError } from '@backstage/errors';
import {
  ArcResourceType,
  parseArcArn,
  ParsedArcArn,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * Parses an ARC ARN that must name a resource of `resourceType`, or throws an
 * InputError naming the field (`label`) and what is wrong with it.
 *
 * @public
 */
export function requireArcArn(
  arn: string,
  resourceType: ArcResourceType,
  label: string,
): ParsedArcArn {
  const parsed = parseArcArn(arn);
  if (!parsed.ok) {
    throw new InputError(
      `${label} "${arn}" is not a ${resourceType} ARN: it ${parsed.problem}.`,
    );
  }
  if (parsed.value.resourceType !== resourceType) {
    throw new InputError(
      `${label} "${arn}" names a ${parsed.value.resourceType}, not a ${resourceType}.`,
    );
  }
  return parsed.value;
}

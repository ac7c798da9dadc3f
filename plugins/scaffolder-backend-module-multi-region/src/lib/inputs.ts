import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import {
  DNS_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
} from '@multi-region-failover/plugin-multi-region-common';
import { SERVICE_NAME_PATTERN } from './naming';

/** The zod the scaffolder hands to each input schema function. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/**
 * Input schemas that several actions share, so that every action accepts the
 * same values, and the same values as the annotation parser.
 */

/** The service (component) name: a catalog name, a DNS label and the stem of its ARC names. */
export function serviceNameInput(description: string) {
  return (z: Zod) =>
    z
      .string()
      .regex(
        SERVICE_NAME_PATTERN,
        'lower-case letters, digits and dashes, at most 40 characters',
      )
      .describe(description);
}

/** A fully qualified lower-case domain name without a trailing dot, as the annotation parser accepts it. */
export function dnsNameInput(description: string) {
  return (z: Zod) =>
    z
      .string()
      .regex(
        DNS_NAME_PATTERN,
        'a lower-case domain name without a trailing dot, e.g. inventory.example.com',
      )
      .describe(description);
}

/** A bare Route 53 hosted zone id (no `/hostedzone/` prefix). */
export function hostedZoneIdInput(description: string) {
  return (z: Zod) =>
    z
      .string()
      .regex(HOSTED_ZONE_ID_PATTERN, 'a bare hosted zone id')
      .describe(description);
}

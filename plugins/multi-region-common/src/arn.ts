/**
 * Parsing of Route 53 ARC ARNs. ARC resources live in the global
 * `route53-recovery-control` service, so the region field is always empty.
 */

/** The ARC resource kinds an ARN can name. @public */
export type ArcResourceType =
  | 'cluster'
  | 'controlpanel'
  | 'routingcontrol'
  | 'safetyrule';

/** A parsed ARC ARN. @public */
export interface ParsedArcArn {
  arn: string;
  partition: string;
  accountId: string;
  resourceType: ArcResourceType;
  /** For routing controls and safety rules, the ARN of the owning control panel. */
  controlPanelArn?: string;
}

const ARC_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):route53-recovery-control::(\d{12}):(.+)$/;
const RESOURCE_PATTERNS: Array<[ArcResourceType, RegExp]> = [
  ['cluster', /^cluster\/[A-Za-z0-9-]{1,64}$/],
  ['controlpanel', /^controlpanel\/[A-Za-z0-9]{1,64}$/],
  [
    'routingcontrol',
    /^(controlpanel\/[A-Za-z0-9]{1,64})\/routingcontrol\/[A-Za-z0-9]{1,64}$/,
  ],
  [
    'safetyrule',
    /^(controlpanel\/[A-Za-z0-9]{1,64})\/safetyrule\/[A-Za-z0-9]{1,64}$/,
  ],
];

/**
 * Parses an ARC ARN, or returns a sentence saying why it is not one.
 *
 * @public
 */
export function parseArcArn(
  arn: string,
): { ok: true; value: ParsedArcArn } | { ok: false; problem: string } {
  if (arn.length > 255) {
    return {
      ok: false,
      problem: 'is longer than the 255 characters an ARN may have',
    };
  }
  const match = ARC_ARN.exec(arn);
  if (!match) {
    return {
      ok: false,
      problem:
        'is not a Route 53 ARC ARN (arn:aws:route53-recovery-control::<12-digit account>:<resource>)',
    };
  }
  const [, partition, accountId, resource] = match;
  for (const [resourceType, pattern] of RESOURCE_PATTERNS) {
    const resourceMatch = pattern.exec(resource);
    if (resourceMatch) {
      const prefix = `arn:${partition}:route53-recovery-control::${accountId}:`;
      return {
        ok: true,
        value: {
          arn,
          partition,
          accountId,
          resourceType,
          controlPanelArn: resourceMatch[1]
            ? prefix + resourceMatch[1]
            : undefined,
        },
      };
    }
  }
  return {
    ok: false,
    problem: `names an unrecognised ARC resource "${resource}"`,
  };
}

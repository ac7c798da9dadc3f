/**
 * ARN and id helpers. The emulator keeps its own small checks (the model's
 * pattern) instead of depending on the plugin packages.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** The ARC model's `Arn` shape: 1-255 characters of this alphabet. */
export const ARN_PATTERN = /^[A-Za-z0-9:.\/_-]*$/;

const ARC_ARN = /^arn:([a-z-]+):route53-recovery-control::(\d{12}):(.+)$/;

const ARC_PREFIX = 'arn:[a-z-]+:route53-recovery-control::\\d{12}:';
const PANEL = 'controlpanel\\/[A-Za-z0-9]+';

/** ARNs of each ARC resource kind: the cluster, a panel, a control or a rule inside a panel. */
export const CLUSTER_ARN = new RegExp(`^${ARC_PREFIX}cluster\\/[A-Za-z0-9-]+$`);
export const CONTROL_PANEL_ARN = new RegExp(`^${ARC_PREFIX}${PANEL}$`);
export const ROUTING_CONTROL_ARN = new RegExp(
  `^${ARC_PREFIX}${PANEL}\\/routingcontrol\\/[A-Za-z0-9]+$`,
);
export const SAFETY_RULE_ARN = new RegExp(
  `^${ARC_PREFIX}${PANEL}\\/safetyrule\\/[A-Za-z0-9]+$`,
);

/** Account id of an ARC ARN, or undefined. */
export function accountOf(arn: string): string | undefined {
  return ARC_ARN.exec(arn)?.[2];
}

/** `arn:aws:route53-recovery-control::123:controlpanel/x` from any ARN inside that panel. */
export function panelArnOf(arn: string): string | undefined {
  const match =
    /^(arn:[^:]+:route53-recovery-control::\d{12}:controlpanel\/[^/]+)/.exec(
      arn,
    );
  return match?.[1];
}

/** Lower-case hex of the given byte length. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A request id in the shape AWS uses. */
export function newRequestId(): string {
  return randomUUID();
}

/** A new ARN under a cluster's account. */
export function newArcArn(clusterArn: string, resource: string): string {
  const prefix = clusterArn.slice(0, clusterArn.lastIndexOf(':') + 1);
  return `${prefix}${resource}`;
}

/**
 * An AWS region code (`us-east-1`, `us-gov-west-1`, `ap-southeast-2`): the
 * regions a regional listener (CloudWatch) accepts in a signing scope.
 */
export const AWS_REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`, as CloudWatch names an alarm. */
export function alarmArn(
  region: string,
  accountId: string,
  name: string,
): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;
}

/**
 * Which AWS account a request acts as, and which account owns a resource:
 * the one rule every handler uses so that a key of one account cannot touch
 * another account's resources.
 */
import { AwsError, RequestContext } from './http/wire';

/**
 * An access key the emulator accepts and the account it signs for (an
 * account may have several keys, one entry each). @public
 */
export interface EmulatorAccount {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The account field of an ARN (`arn:partition:service:region:account:...`), or undefined. */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4]
    ? parts[4]
    : undefined;
}

/**
 * True when the caller may touch a resource of `ownerAccountId`. A request
 * with no resolved account (signature verification switched off and an
 * unknown key) acts as the default account, which the listener sets, so
 * `ctx.accountId` is always set once a request reaches a handler.
 */
export function callerOwns(
  ctx: RequestContext,
  ownerAccountId: string,
): boolean {
  return ctx.accountId === undefined || ctx.accountId === ownerAccountId;
}

/**
 * The ARC (JSON protocols) answer for a resource of another account: AWS
 * answers AccessDeniedException, as IAM finds no permission for it.
 */
export function assertCallerOwnsArn(ctx: RequestContext, arn: string): void {
  const owner = accountOfArn(arn);
  if (owner !== undefined && !callerOwns(ctx, owner)) {
    throw new AwsError(
      'AccessDeniedException',
      403,
      `User: arn:aws:iam::${ctx.accountId}:root is not authorized to access ${arn}: it belongs to account ${owner}`,
    );
  }
}

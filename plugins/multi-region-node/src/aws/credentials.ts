import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/** An SDK credential provider, as the AWS clients take it. @public */
export type SdkCredentials = AwsCredentialProvider['sdkCredentialProvider'];

/** Gives the SDK credentials for one AWS account. @public */
export type CredentialsForAccount = (
  accountId: string,
) => Promise<SdkCredentials>;

/**
 * Credentials per account from the `aws` integration config
 * (`DefaultAwsCredentialsManager`: static keys, a role per account, or the
 * default provider chain), as AWS's own Backstage plugins take them. The
 * provider of an account is looked up once; a failed lookup is retried.
 *
 * @public
 */
export function createCredentialsForAccount(
  rootConfig: Config,
): CredentialsForAccount {
  const manager = DefaultAwsCredentialsManager.fromConfig(rootConfig);
  const cache = new Map<string, Promise<SdkCredentials>>();
  return accountId => {
    let entry = cache.get(accountId);
    if (!entry) {
      entry = manager
        .getCredentialProvider({ accountId })
        .then(p => p.sdkCredentialProvider);
      entry.catch(() => cache.delete(accountId));
      cache.set(accountId, entry);
    }
    return entry;
  };
}

import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { EMULATOR_CREDENTIALS } from './emulator';

/** An SDK credential provider, as the AWS clients take it. */
export type SdkCredentials = AwsCredentialProvider['sdkCredentialProvider'];

/** Gives the SDK credentials for one AWS account. */
export type CredentialsForAccount = (
  accountId: string,
) => Promise<SdkCredentials>;

/**
 * Credentials per account: the emulator's static key in development,
 * otherwise the `aws` integration (`DefaultAwsCredentialsManager`).
 */
export function createCredentialsForAccount(
  rootConfig: Config,
  useEmulator: boolean,
): CredentialsForAccount {
  if (useEmulator) {
    const provider: SdkCredentials = async () => EMULATOR_CREDENTIALS;
    return async () => provider;
  }
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

import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { Route53RecoveryControlConfigClient } from '@aws-sdk/client-route53-recovery-control-config';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AwsSettings, EMULATOR_CREDENTIALS, readAwsSettings } from './settings';

/** Builds SDK clients for one AWS account, honouring the emulator switch. */
export interface AwsClientFactory {
  settings: AwsSettings;
  controlConfig(accountId: string): Promise<Route53RecoveryControlConfigClient>;
  route53(accountId: string): Promise<Route53Client>;
}

/**
 * Creates the client factory from app-config. Real AWS credentials come from
 * the `aws` integration config (per-account roles), like AWS's own Backstage
 * plugins; the emulator takes its fixed static keys.
 */
export function createAwsClientFactory(config: Config): AwsClientFactory {
  const settings = readAwsSettings(config);
  let manager: DefaultAwsCredentialsManager | undefined;
  const credentialsFor = async (accountId: string) => {
    if (settings.emulator) {
      return EMULATOR_CREDENTIALS;
    }
    manager ??= DefaultAwsCredentialsManager.fromConfig(config);
    return (await manager.getCredentialProvider({ accountId }))
      .sdkCredentialProvider;
  };
  return {
    settings,
    async controlConfig(accountId) {
      return new Route53RecoveryControlConfigClient({
        region: settings.controlPlane.region,
        endpoint: settings.controlPlane.endpoint,
        credentials: await credentialsFor(accountId),
      });
    },
    async route53(accountId) {
      return new Route53Client({
        // Route 53 is global and signs with us-east-1.
        region: 'us-east-1',
        endpoint: settings.route53.endpoint,
        credentials: await credentialsFor(accountId),
      });
    },
  };
}

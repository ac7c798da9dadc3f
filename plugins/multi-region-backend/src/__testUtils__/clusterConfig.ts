import type { Emulator } from '@multi-region-failover/aws-emulator';

/** The example organisation's AWS account. */
export const ACCOUNT = '111122223333';

/** The emulator's cluster as `multiRegion.clusters[]` describes it. */
export function clusterConfig(emu: Emulator) {
  return {
    name: 'shared-arc',
    arn: emu.clusterArn,
    accountId: ACCOUNT,
    endpoints: emu.clusterEndpoints.map(e => ({
      url: e.Endpoint,
      region: e.Region,
    })),
  };
}

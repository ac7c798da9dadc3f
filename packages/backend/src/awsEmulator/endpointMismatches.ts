import { Config } from '@backstage/config';
import { Emulator } from '@multi-region-failover/aws-emulator';

type EmulatorEndpoints = Pick<
  Emulator,
  | 'clusterArn'
  | 'clusterEndpoints'
  | 'controlPlaneEndpoint'
  | 'route53Endpoint'
  | 'cloudWatchEndpoint'
>;

/**
 * Where the `multiRegion` config does not point at the emulator the dev
 * portal started: each entry names the key and both values. The plugins read
 * ordinary config and know nothing of the emulator, so a port changed in one
 * place only would otherwise surface as timeouts at the first failover.
 */
export function endpointMismatches(
  rootConfig: Config,
  emulator: EmulatorEndpoints,
): string[] {
  const problems: string[] = [];
  const compare = (key: string, actual: string | undefined, wanted: string) => {
    if (actual !== wanted) {
      problems.push(
        `${key} is ${actual ?? '(unset)'}, the emulator serves ${wanted}`,
      );
    }
  };
  compare(
    'multiRegion.controlPlane.endpoint',
    rootConfig.getOptionalString('multiRegion.controlPlane.endpoint'),
    emulator.controlPlaneEndpoint,
  );
  compare(
    'multiRegion.route53.endpoint',
    rootConfig.getOptionalString('multiRegion.route53.endpoint'),
    emulator.route53Endpoint,
  );
  compare(
    'multiRegion.cloudWatch.endpoint',
    rootConfig.getOptionalString('multiRegion.cloudWatch.endpoint'),
    emulator.cloudWatchEndpoint,
  );
  const clusters =
    rootConfig.getOptionalConfigArray('multiRegion.clusters') ?? [];
  const index = clusters.findIndex(
    c => c.getOptionalString('arn') === emulator.clusterArn,
  );
  if (index < 0) {
    problems.push(
      `multiRegion.clusters has no cluster with the emulator's ARN ${emulator.clusterArn}`,
    );
    return problems;
  }
  const endpoints = clusters[index].getOptionalConfigArray('endpoints') ?? [];
  emulator.clusterEndpoints.forEach((wanted, i) => {
    const key = `multiRegion.clusters[${index}].endpoints[${i}]`;
    compare(
      `${key}.url`,
      endpoints[i]?.getOptionalString('url'),
      wanted.Endpoint,
    );
    compare(
      `${key}.region`,
      endpoints[i]?.getOptionalString('region'),
      wanted.Region,
    );
  });
  return problems;
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { startEmulator, Emulator } from '@multi-region-failover/aws-emulator';
import { resolve as resolvePath } from 'path';
import { MultiRegionBackendConfig } from './readConfig';

/** Static credentials the emulator accepts (the team-wide fake key). */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
};

/**
 * Starts the embedded emulator (development only) on fixed ports from
 * `basePort` and points the configuration at it. The fixture path is resolved
 * against the working directory, like the catalog's file locations.
 */
export async function startEmbeddedEmulator(
  config: MultiRegionBackendConfig,
  logger: LoggerService,
): Promise<{ config: MultiRegionBackendConfig; emulator: Emulator }> {
  const { fixture, basePort, stateFile } = config.emulator!;
  const fixturePath = resolvePath(process.cwd(), fixture);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      fixture: fixturePath,
      basePort,
      stateFile: stateFile ? resolvePath(process.cwd(), stateFile) : undefined,
    });
  } catch (error) {
    throw new Error(
      `Could not start the AWS emulator (multiRegion.emulator, fixture ${fixturePath}, basePort ${basePort}): ${
        (error as Error).message
      }`,
    );
  }
  const endpoints = emulator.clusterEndpoints.map(ep => ({
    url: ep.Endpoint,
    region: ep.Region,
  }));
  const snapshot = emulator.snapshot();
  const clusters = config.clusters.map(cluster =>
    cluster.arn === emulator.clusterArn ? { ...cluster, endpoints } : cluster,
  );
  if (!clusters.some(c => c.arn === emulator.clusterArn)) {
    clusters.push({
      name: snapshot.cluster.Name,
      arn: emulator.clusterArn,
      accountId: emulator.clusterArn.split(':')[4],
      endpoints,
    });
  }
  logger.warn(
    `multiRegion.emulator.enabled: using the embedded AWS emulator (cluster endpoints ${endpoints
      .map(e => e.url)
      .join(', ')}); never enable this in production`,
  );
  return {
    emulator,
    config: {
      ...config,
      clusters,
      controlPlane: {
        ...config.controlPlane,
        endpoint: emulator.controlPlaneEndpoint,
      },
      route53: { ...config.route53, endpoint: emulator.route53Endpoint },
    },
  };
}

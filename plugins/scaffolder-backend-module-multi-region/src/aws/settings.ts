import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The emulator's fixed credentials (see the aws-emulator package). */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
};

/** Default first port of the emulator's fixed layout in the dev portal. */
const DEFAULT_EMULATOR_BASE_PORT = 7411;

/** One ARC cluster an organisation shares between its apps. */
export interface ClusterSettings {
  name: string;
  arn: string;
  accountId: string;
}

/** Where and how the actions reach AWS (or the emulator). */
export interface AwsSettings {
  clusters: ClusterSettings[];
  /** The ARC control plane (route53-recovery-control-config) lives in us-west-2 only. */
  controlPlane: { endpoint?: string; region: string };
  route53: { endpoint?: string };
  /** True in the dev portal: use the emulator's endpoints and static credentials. */
  emulator: boolean;
}

/**
 * Reads the shared `multiRegion` configuration. With the emulator enabled and
 * no explicit endpoints, the emulator's fixed port layout is used
 * (basePort+5 control plane, basePort+6 Route 53).
 */
export function readAwsSettings(config: Config): AwsSettings {
  const root = config.getOptionalConfig('multiRegion');
  const emulator = root?.getOptionalBoolean('emulator.enabled') ?? false;
  const basePort =
    root?.getOptionalNumber('emulator.basePort') ?? DEFAULT_EMULATOR_BASE_PORT;
  const emulatorEndpoint = (offset: number) =>
    emulator ? `http://127.0.0.1:${basePort + offset}` : undefined;

  const clusters = (root?.getOptionalConfigArray('clusters') ?? []).map(c => {
    const arn = c.getString('arn');
    return {
      name: c.getString('name'),
      arn,
      accountId: c.getOptionalString('accountId') ?? arn.split(':')[4],
    };
  });

  return {
    clusters,
    controlPlane: {
      endpoint:
        root?.getOptionalString('controlPlane.endpoint') ?? emulatorEndpoint(5),
      region: root?.getOptionalString('controlPlane.region') ?? 'us-west-2',
    },
    route53: {
      endpoint:
        root?.getOptionalString('route53.endpoint') ?? emulatorEndpoint(6),
    },
    emulator,
  };
}

/** Finds a configured cluster by name, or says which names exist. */
export function findCluster(
  settings: AwsSettings,
  name: string,
): ClusterSettings {
  const cluster = settings.clusters.find(c => c.name === name);
  if (!cluster) {
    const known = settings.clusters.map(c => `"${c.name}"`).join(', ');
    throw new InputError(
      `Unknown ARC cluster "${name}". ${
        known
          ? `Configured clusters (multiRegion.clusters[].name): ${known}.`
          : 'No cluster is configured under multiRegion.clusters in app-config.'
      }`,
    );
  }
  return cluster;
}

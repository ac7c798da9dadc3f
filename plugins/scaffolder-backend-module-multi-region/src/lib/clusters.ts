import { InputError } from '@backstage/errors';
import { ArcClusterConfig } from '@multi-region-failover/plugin-multi-region-node';

/** Finds a configured ARC cluster by name, or says which names exist. */
export function findCluster(
  clusters: ReadonlyArray<ArcClusterConfig>,
  name: string,
): ArcClusterConfig {
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    const known = clusters.map(c => `"${c.name}"`).join(', ');
    throw new InputError(
      `Unknown ARC cluster "${name}". Configured clusters (multiRegion.clusters[].name): ${known}.`,
    );
  }
  return cluster;
}

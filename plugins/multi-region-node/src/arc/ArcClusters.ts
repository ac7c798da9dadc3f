import { ArcClusterConfig, ArcTimingConfig } from '../config/readConfig';
import { CredentialsForAccount } from '../config/credentials';
import { ArcClusterClient } from './ArcClusterClient';

/** The configured clusters by name, each with its data-plane client. */
export class ArcClusters {
  private readonly clients = new Map<string, ArcClusterClient>();

  constructor(
    clusters: ArcClusterConfig[],
    credentialsFor: CredentialsForAccount,
    timing: ArcTimingConfig,
  ) {
    for (const cluster of clusters) {
      const credentials = async () =>
        (await credentialsFor(cluster.accountId))();
      this.clients.set(
        cluster.name,
        new ArcClusterClient(cluster, credentials, timing),
      );
    }
  }

  get(name: string): ArcClusterClient | undefined {
    return this.clients.get(name);
  }

  names(): string[] {
    return [...this.clients.keys()];
  }

  destroy(): void {
    this.clients.forEach(c => c.destroy());
  }
}

import {
  ArcClusterConfig,
  ArcTimingConfig,
} from '../config/readMultiRegionConfig';
import { accountCredentials } from '../aws/AccountClients';
import { CredentialsForAccount } from '../aws/credentials';
import { ArcClusterClient } from './ArcClusterClient';

/** The configured clusters by name, each with its data-plane client. @public */
export class ArcClusters {
  private readonly clients = new Map<string, ArcClusterClient>();

  constructor(
    clusters: ArcClusterConfig[],
    credentialsFor: CredentialsForAccount,
    timing: ArcTimingConfig,
  ) {
    for (const cluster of clusters) {
      this.clients.set(
        cluster.name,
        new ArcClusterClient(
          cluster,
          accountCredentials(credentialsFor, cluster.accountId),
          timing,
        ),
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

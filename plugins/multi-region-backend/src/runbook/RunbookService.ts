import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ArcClusterConfig } from '@multi-region-failover/plugin-multi-region-node';
import { safeSlug } from '../reports/filenames';
import { EntityAccess } from '../service/EntityAccess';
import { breakGlassRunbook } from './breakGlassRunbook';

/** A runbook ready to download. */
export interface RunbookFile {
  filename: string;
  body: string;
}

/**
 * The break-glass runbook of a service, for whoever may read its status
 * (the script names only what the status shows: controls, regions,
 * endpoints). Running it needs AWS credentials, which the portal never has
 * a say in.
 */
export class RunbookService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      clusters: ArcClusterConfig[];
      route53Endpoint?: string;
      now?: () => Date;
    },
  ) {}

  async runbook(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RunbookFile> {
    const { resolved, config } = await this.deps.access.configured(
      entityRef,
      credentials,
    );
    // the entity resolver only accepts configured cluster names
    const cluster = this.deps.clusters.find(
      c => c.name === config.clusterName,
    )!;
    const { name } = parseEntityRef(resolved.entityRef);
    return {
      filename: `${safeSlug(name, 60, 'service')}-break-glass-runbook.sh`,
      body: breakGlassRunbook({
        entityRef: resolved.entityRef,
        config,
        endpoints: cluster.endpoints,
        route53Endpoint: this.deps.route53Endpoint,
        generatedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      }),
    };
  }
}

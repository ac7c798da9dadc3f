import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  DrillReport,
  OperationReport,
  OrganisationReport,
} from '@multi-region-failover/plugin-multi-region-common';
import { DrillsStore } from '../database/DrillsStore';
import { OperationsStore } from '../database/OperationsStore';
import { DrillRequests } from '../drills/DrillRequests';
import { publicDrill } from '../drills/drillStatus';
import { EntityAccess } from '../service/EntityAccess';
import { HistoryService } from '../service/HistoryService';
import { publicOperation } from '../service/publicOperation';
import { StatusService } from '../service/StatusService';
import {
  buildDrillReport,
  buildOperationReport,
  buildOrganisationReport,
  FoundEntity,
} from './buildReports';

/**
 * Evidence reports, each read as the caller: an operation's and a drill's
 * (the same 404 as `GET /operations/:id` and `GET /drills/:id` when the
 * caller may not read the entity), and the organisation's (exactly the
 * services the org-wide page lists for the caller).
 */
export class ReportService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      history: Pick<HistoryService, 'operation'>;
      drillRequests: Pick<DrillRequests, 'get'>;
      status: Pick<StatusService, 'summaries'>;
      operations: Pick<OperationsStore, 'get' | 'lastRealChangeFor'>;
      drillsStore: Pick<DrillsStore, 'get'>;
      drillSettings: { overdueAfterDays: number };
      now?: () => number;
    },
  ) {}

  async operation(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<OperationReport> {
    // the 404 of GET /operations/:id, for the same callers
    const operation = await this.deps.history.operation(id, credentials);
    const [found, stored] = await Promise.all([
      this.entity(operation.entityRef, credentials),
      operation.drillId
        ? this.deps.drillsStore.get(operation.drillId)
        : undefined,
    ]);
    const drill =
      stored?.entityRef === operation.entityRef
        ? publicDrill(stored)
        : undefined;
    return buildOperationReport({
      operation,
      found,
      drill,
      ...this.stamp(credentials),
    });
  }

  async drill(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<DrillReport> {
    // the 404 of GET /drills/:id, for the same callers
    const drill = await this.deps.drillRequests.get(id, credentials);
    const operation = async (opId: string | undefined) => {
      const op = opId ? await this.deps.operations.get(opId) : undefined;
      return op?.entityRef === drill.entityRef
        ? publicOperation(op)
        : undefined;
    };
    const [found, failover, failback] = await Promise.all([
      this.entity(drill.entityRef, credentials),
      operation(drill.failoverOperationId),
      operation(drill.failbackOperationId),
    ]);
    return buildDrillReport({
      drill,
      found,
      failover,
      failback,
      ...this.stamp(credentials),
    });
  }

  async organisation(
    credentials: BackstageCredentials,
  ): Promise<OrganisationReport> {
    const { items, entities, drills } = await this.deps.status.summaries(
      credentials,
    );
    const configs = new Map(entities.map(e => [e.entityRef, e.config]));
    const real = await this.deps.operations.lastRealChangeFor(
      items.map(i => i.entityRef),
    );
    return buildOrganisationReport({
      items,
      details: ref => ({
        config: configs.get(ref),
        lastDrill: publicDrill(drills.get(ref)?.last),
        lastReal: publicOperation(real.get(ref)),
      }),
      overdueAfterDays: this.deps.drillSettings.overdueAfterDays,
      ...this.stamp(credentials),
    });
  }

  /**
   * The entity as the caller's catalog read returns it now; undefined when
   * it is gone from the catalog (the record is still reported).
   */
  private async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<FoundEntity | undefined> {
    try {
      const { resolved } = await this.deps.access.readable(
        entityRef,
        credentials,
        { reuse: true },
      );
      return resolved;
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  private stamp(credentials: BackstageCredentials) {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    return {
      generatedAt: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
      generatedBy:
        principal.userEntityRef ?? `${principal.type}:${principal.subject}`,
    };
  }
}

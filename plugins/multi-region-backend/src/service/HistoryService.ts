import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  HistoryResponse,
  Operation,
} from '@multi-region-failover/plugin-multi-region-common';
import { OperationsStore } from '../database/OperationsStore';
import { decodeCursor, encodeCursor } from './cursor';
import { EntityAccess } from './EntityAccess';
import { publicOperation } from './publicOperation';

/** One operation, and the history of one entity or of all the caller may read. */
export class HistoryService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      operations: OperationsStore;
    },
  ) {}

  async operation(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Operation> {
    const op = await this.deps.operations.get(id);
    // a caller who may not see the entity in the catalog or read its status
    // gets the same answer as for a missing operation: nothing is confirmed
    if (!op || !(await this.mayRead([op.entityRef], credentials)).size) {
      throw new NotFoundError(`No operation ${id}.`);
    }
    return publicOperation(op);
  }

  async history(
    query: { entityRef?: string; cursor?: string; limit: number },
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    const cursor =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.entityRef) {
      // the entity's own history stays readable while its annotations are broken
      const { resolved } = await this.deps.access.readable(
        query.entityRef,
        credentials,
      );
      const page = await this.deps.operations.history({
        entityRef: resolved.entityRef,
        cursor,
        limit: query.limit,
      });
      return {
        items: page.items.map(op => publicOperation(op)),
        nextCursor: encodeCursor(page.nextCursor),
      };
    }
    const page = await this.deps.operations.history({
      cursor,
      limit: query.limit,
    });
    const readable = await this.mayRead(
      [...new Set(page.items.map(i => i.entityRef))],
      credentials,
    );
    return {
      items: page.items
        .filter(i => readable.has(i.entityRef))
        .map(op => publicOperation(op)),
      nextCursor: encodeCursor(page.nextCursor),
    };
  }

  /** The refs among `entityRefs` the caller may see and read the status of. */
  private mayRead(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    return this.deps.access.mayRead(entityRefs, credentials, { status: true });
  }
}

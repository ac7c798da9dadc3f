import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  HistoryResponse,
  multiRegionStatusReadPermission,
  Operation,
} from '@multi-region-failover/plugin-multi-region-common';
import { OperationsStore } from '../database/OperationsStore';
import { authorizeEach } from '../permissions/decisions';
import { decodeCursor, encodeCursor } from './cursor';
import { EntityAccess } from './EntityAccess';
import { publicOperation } from './publicOperation';

/** One operation, and the history of one entity or of all the caller may read. */
export class HistoryService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      operations: OperationsStore;
      permissions: PermissionsService;
    },
  ) {}

  async operation(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Operation> {
    const op = await this.deps.operations.get(id);
    // a caller who may not read the entity gets the same answer as for a
    // missing operation: its existence is not confirmed
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

  /** The refs among `entityRefs` whose status the caller may read. */
  private async mayRead(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const decisions = await authorizeEach(
      this.deps.permissions,
      credentials,
      entityRefs,
      [multiRegionStatusReadPermission],
    );
    return new Set(entityRefs.filter(ref => decisions.get(ref)?.[0]));
  }
}

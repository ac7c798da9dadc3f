import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { StoredDrill } from '../database/DrillsStore';
import { StoredEvacuation } from '../database/EvacuationsStore';
import { OperationChange } from '../database/OperationsStore';
import {
  drillNotification,
  evacuationNotification,
  operationNotification,
} from './messages';

/**
 * Tells the people concerned, through Backstage's notifications plugin,
 * when a failover, failback, drill or evacuation starts and ends, and when a
 * change made outside the portal is found: the owners of the service and
 * the owners of every entity that depends on it (the notifications backend
 * resolves an entity to its owners), nobody else. Started and ended share a
 * scope, so the end replaces the start in each person's list. A failure to
 * notify is logged, never in the way of a failover.
 */
export class Notifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /** An OperationsStore listener. A drill's own operations are told as the drill. */
  readonly operationChanged = async ({ kind, operation }: OperationChange) => {
    if (kind === 'updated' || operation.drillId) return;
    if (kind === 'started' && operation.source !== 'portal') return;
    await this.send(
      [operation.entityRef],
      operationNotification(kind, operation),
    );
  };

  async drill(drill: StoredDrill): Promise<void> {
    await this.send([drill.entityRef], drillNotification(drill));
  }

  async evacuation(evacuation: StoredEvacuation): Promise<void> {
    const moving = evacuation.items.filter(i => i.config).map(i => i.entityRef);
    if (moving.length === 0) return;
    await this.send(moving, evacuationNotification(evacuation));
  }

  private async send(entityRefs: string[], payload: NotificationPayload) {
    try {
      const recipients = await this.withDependents(entityRefs);
      await this.deps.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: { topic: 'multi-region', ...payload },
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not send the notification "${payload.title}": ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /** The entities, and every entity that depends on one of them (catalog dependencyOf). */
  private async withDependents(entityRefs: string[]): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
      },
      { credentials },
    );
    const dependents = items.flatMap(entity =>
      (entity?.relations ?? [])
        .filter(r => r.type === RELATION_DEPENDENCY_OF)
        .map(r => r.targetRef),
    );
    return [...new Set([...entityRefs, ...dependents])].filter(ref => {
      try {
        return Boolean(parseEntityRef(ref));
      } catch {
        return false;
      }
    });
  }
}

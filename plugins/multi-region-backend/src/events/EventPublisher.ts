import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  MULTI_REGION_EVENTS_TOPIC,
  MultiRegionEventPayload,
} from '@multi-region-failover/plugin-multi-region-node';
import { OperationChange } from '../database/OperationsStore';
import { StoredEvacuation } from '../database/EvacuationsStore';

/**
 * Publishes operations starting and ending, and evacuations, on Backstage's
 * events service, for other plugins to react to. Identifiers and outcomes
 * only: the reason a person typed is read through the permission-checked
 * API. A failed publish is logged, never in the way of a failover.
 */
export class EventPublisher {
  constructor(
    private readonly deps: { events: EventsService; logger: LoggerService },
  ) {}

  /** An {@link OperationsStore} listener. */
  readonly operationChanged = async ({
    kind,
    operation: op,
  }: OperationChange) => {
    if (kind === 'updated') return;
    await this.publish({
      type: kind === 'started' ? 'operation.started' : 'operation.finished',
      operation: {
        id: op.id,
        entityRef: op.entityRef,
        action: op.action,
        fromRegion: op.fromRegion,
        toRegion: op.toRegion,
        status: op.status,
        source: op.source,
        actor: op.actor,
        ...(op.drillId ? { drillId: op.drillId } : {}),
        ...(op.evacuationId ? { evacuationId: op.evacuationId } : {}),
        createdAt: op.createdAt,
        ...(op.completedAt ? { completedAt: op.completedAt } : {}),
      },
    });
  };

  async evacuation(evacuation: StoredEvacuation): Promise<void> {
    await this.publish({
      type:
        evacuation.state === 'running'
          ? 'evacuation.started'
          : 'evacuation.finished',
      evacuation: {
        id: evacuation.id,
        region: evacuation.region,
        actor: evacuation.actor,
        state: evacuation.state,
        ...(evacuation.outcome ? { outcome: evacuation.outcome } : {}),
        entityRefs: evacuation.items
          .filter(i => i.config)
          .map(i => i.entityRef),
        createdAt: evacuation.createdAt,
        ...(evacuation.completedAt
          ? { completedAt: evacuation.completedAt }
          : {}),
      },
    });
  }

  private async publish(eventPayload: MultiRegionEventPayload) {
    try {
      await this.deps.events.publish({
        topic: MULTI_REGION_EVENTS_TOPIC,
        eventPayload,
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not publish ${
          eventPayload.type
        } on the events service: ${stringifyError(error)}`,
      );
    }
  }
}

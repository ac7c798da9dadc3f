import {
  EvacuationOutcome,
  FailoverAction,
  OperationStatus,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * The topic of the events the multi-region backend publishes on Backstage's
 * events service (`eventsServiceRef`): subscribe to it to react to failovers,
 * failbacks and evacuations (freeze deployments during an evacuation, say).
 * docs/events.md documents the payloads.
 *
 * @public
 */
export const MULTI_REGION_EVENTS_TOPIC = 'multi-region';

/**
 * One failover or failback, as events carry it: identifiers and outcome,
 * never the reason (free text a person typed; read it through the
 * permission-checked API).
 *
 * @public
 */
export interface MultiRegionOperationEvent {
  id: string;
  entityRef: string;
  action: FailoverAction;
  fromRegion: string;
  toRegion: string;
  status: OperationStatus;
  /** `portal`: started in the portal; `external`: a change made outside it, seen afterwards. */
  source: 'portal' | 'external';
  actor: string;
  drillId?: string;
  evacuationId?: string;
  createdAt: string;
  completedAt?: string;
}

/** One region evacuation, as events carry it. @public */
export interface MultiRegionEvacuationEvent {
  id: string;
  region: string;
  actor: string;
  state: 'running' | 'completed';
  outcome?: EvacuationOutcome;
  /** Every service it moves (or moved), by entity ref. */
  entityRefs: string[];
  createdAt: string;
  completedAt?: string;
}

/**
 * The payload of an event on {@link MULTI_REGION_EVENTS_TOPIC}:
 * - `operation.started`: the portal started a failover or failback (it is about to write to ARC);
 * - `operation.finished`: it ended (succeeded, failed, unknown, reconciled), or a change made outside the portal was recorded;
 * - `evacuation.started` / `evacuation.finished`: a region evacuation began or ended.
 *
 * @public
 */
export type MultiRegionEventPayload =
  | {
      type: 'operation.started' | 'operation.finished';
      operation: MultiRegionOperationEvent;
    }
  | {
      type: 'evacuation.started' | 'evacuation.finished';
      evacuation: MultiRegionEvacuationEvent;
    };

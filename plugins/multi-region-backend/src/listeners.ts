import { DrillsStore } from './database/DrillsStore';
import { EvacuationsStore } from './database/EvacuationsStore';
import { OperationsStore } from './database/OperationsStore';
import { EventPublisher } from './events/EventPublisher';
import { LiveUpdates } from './live/LiveUpdates';
import { Notifier } from './notifications/Notifier';

/**
 * Who hears of what, in one place: every change of an operation, drill or
 * evacuation is a live update (signals); starts and ends are events for
 * other plugins (operations, evacuations) and notifications for the people
 * concerned (operations, drills, evacuations).
 */
export function connectListeners(stores: {
  operations: OperationsStore;
  drills: DrillsStore;
  evacuations: EvacuationsStore;
  publisher: EventPublisher;
  live: LiveUpdates;
  notifier: Notifier;
}) {
  const { operations, drills, evacuations, publisher, live, notifier } = stores;
  operations.onChange(async change => {
    await live.changed('operation', change.operation.id);
    await publisher.operationChanged(change);
    await notifier.operationChanged(change);
  });
  drills.onChange(async ({ kind, id }) => {
    await live.changed('drill', id);
    if (kind === 'updated') return;
    const drill = await drills.get(id);
    if (drill) await notifier.drill(drill);
  });
  evacuations.onChange(async ({ kind, id }) => {
    await live.changed('evacuation', id);
    if (kind === 'updated') return;
    const evacuation = await evacuations.get(id);
    if (!evacuation) return;
    await publisher.evacuation(evacuation);
    await notifier.evacuation(evacuation);
  });
}

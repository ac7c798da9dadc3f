import { parseEntityRef } from '@backstage/catalog-model';
import {
  Evacuation,
  EvacuationOutcome,
  EvacuationSelection,
} from '@multi-region-failover/plugin-multi-region-common';
import { shortRef } from './format';

/** An evacuation's outcome in a few words, as its progress and the list say it. */
export const EVACUATION_OUTCOME_LABELS: Record<EvacuationOutcome, string> = {
  succeeded: 'succeeded',
  'partly-failed': 'partly failed',
  failed: 'failed',
  stopped: 'stopped',
};

/** True once the evacuation will not change any more. */
export function isEvacuationFinal(evacuation: Evacuation): boolean {
  return evacuation.state === 'completed';
}

/** The one word the list and the progress show: `running`, or the outcome. */
export function evacuationStatusLabel(evacuation: Evacuation): string {
  if (!isEvacuationFinal(evacuation)) return 'running';
  return evacuation.outcome
    ? EVACUATION_OUTCOME_LABELS[evacuation.outcome]
    : 'completed';
}

/** The selection with only what narrows it; undefined when it is every service. */
export function narrowingSelection(
  selection?: EvacuationSelection,
): EvacuationSelection | undefined {
  const { owner, system } = selection ?? {};
  if (!owner && !system) return undefined;
  return { ...(owner ? { owner } : {}), ...(system ? { system } : {}) };
}

/** "owner team-orders, system storefront", or "" for every service. */
export function describeSelection(selection?: EvacuationSelection): string {
  return [
    ...(selection?.owner ? [`owner ${shortRef(selection.owner)}`] : []),
    ...(selection?.system ? [`system ${shortRef(selection.system)}`] : []),
  ].join(', ');
}

/** The entity's name, for test ids and short lists (`component:default/orders` -> `orders`). */
export function entityNameOf(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

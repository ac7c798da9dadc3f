import { EvacuationSkip } from '@multi-region-failover/plugin-multi-region-common';

/** A service that moves, and the services it depends on (catalog `dependsOn`). */
export interface OrderInput {
  entityRef: string;
  dependsOn: string[];
}

/** Where a moving service comes in the evacuation. */
export interface OrderPlace {
  /** Moving services it waits for. */
  after: string[];
  /** Why it does not wait for a dependency it has. */
  orderNotes: string[];
  /** 0 moves first; a service's wave is one past its latest dependency's. */
  wave: number;
}

/**
 * The order of an evacuation: a service moves after the moving services it
 * depends on (what an external API calls moves before the external API), so
 * that the dependencies already serve from the new region when their callers
 * arrive there. A dependency that is skipped is not waited for, and a dependency
 * cycle is broken at its first service by name; both are said in the notes.
 * Independent services share a wave and move in parallel.
 */
export function evacuationOrder(
  moving: OrderInput[],
  skipped: ReadonlyMap<string, EvacuationSkip>,
): Map<string, OrderPlace> {
  const movingRefs = new Set(moving.map(m => m.entityRef));
  const places = new Map<string, OrderPlace>();
  const waitsFor = new Map<string, Set<string>>();
  for (const { entityRef, dependsOn } of moving) {
    const notes: string[] = [];
    const deps = new Set<string>();
    for (const dep of [...new Set(dependsOn)].sort()) {
      if (dep === entityRef) continue;
      if (movingRefs.has(dep)) deps.add(dep);
      const skip = skipped.get(dep);
      if (skip) {
        notes.push(
          `${dep} is not moved (${skip.kind}), so it moves without waiting for it.`,
        );
      }
    }
    waitsFor.set(entityRef, deps);
    places.set(entityRef, { after: [], orderNotes: notes, wave: 0 });
  }

  const placed = new Set<string>();
  const remaining = new Set([...movingRefs].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].filter(ref =>
      [...waitsFor.get(ref)!].every(dep => placed.has(dep)),
    );
    if (ready.length === 0) {
      // a cycle: its first service by name stops waiting for the rest of it
      const first = [...remaining][0];
      const cut = [...waitsFor.get(first)!].filter(dep => remaining.has(dep));
      for (const dep of cut) waitsFor.get(first)!.delete(dep);
      places
        .get(first)!
        .orderNotes.push(
          `It depends on ${cut.join(', ')}, which depend${
            cut.length > 1 ? '' : 's'
          } on it in turn (a dependency cycle): it moves without waiting for ${
            cut.length > 1 ? 'them' : 'it'
          }.`,
        );
      continue;
    }
    for (const ref of ready) {
      const after = [...waitsFor.get(ref)!].sort();
      const place = places.get(ref)!;
      place.after = after;
      place.wave = after.length
        ? Math.max(...after.map(dep => places.get(dep)!.wave)) + 1
        : 0;
    }
    for (const ref of ready) {
      placed.add(ref);
      remaining.delete(ref);
    }
  }
  return places;
}

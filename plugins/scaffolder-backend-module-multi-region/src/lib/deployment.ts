import { setTimeout as sleep } from 'node:timers/promises';

/** Status values that ARC control-plane resources go through after a create. */
type ArcStatus = string | undefined;

/**
 * Waits until a freshly created ARC resource is DEPLOYED. On AWS new panels
 * and controls are PENDING for a while and cannot be used as parents until
 * then; a resource that is already DEPLOYED (or no longer listed) returns at
 * once. `readStatus` reads the status through the ARC control plane.
 */
export async function waitUntilDeployed(
  what: string,
  readStatus: () => Promise<ArcStatus>,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 2000;
  for (;;) {
    const status = await readStatus();
    if (status === undefined || status === 'DEPLOYED') return;
    if (status === 'PENDING_DELETION') {
      throw new Error(
        `${what} is being deleted; wait for the deletion to finish and run the template again.`,
      );
    }
    if (Date.now() + intervalMs > deadline) {
      throw new Error(
        `${what} is still ${status} after ${Math.round(
          options.timeoutMs / 1000,
        )} s (multiRegionScaffolder.arcDeployTimeoutSeconds); run the template again later, the step resumes where it stopped.`,
      );
    }
    // Rejects with an AbortError as soon as the task is cancelled.
    await sleep(intervalMs, undefined, { signal: options.signal });
  }
}

/** Status values that ARC control-plane resources go through after a create. */
type ArcStatus = string | undefined;

/**
 * Waits until a freshly created ARC resource is DEPLOYED. On AWS new panels
 * and controls are PENDING for a while and cannot be used as parents until
 * then; the emulator deploys them at once, so no wait happens there.
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
    options.signal?.throwIfAborted();
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** Collects every page of a NextToken-paginated list call. */
export async function listAll<T>(
  fetchPage: (
    nextToken?: string,
  ) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...(page.items ?? []));
    token = page.nextToken;
  } while (token);
  return all;
}

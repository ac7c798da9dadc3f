import { PollTiming } from './pollTiming';

/** What an SDK waiter (`waitUntil...`) is given; both SDK generations accept it. */
export interface WaiterParams<C> {
  client: C;
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
  // the two SDK generations type the signal with different (same-shaped) interfaces
  abortSignal?: any;
}

/** An SDK client, as far as a waiter uses it. */
interface Sender {
  send(...args: any[]): Promise<any>;
}

/** One asynchronous AWS change to wait for with an SDK waiter. */
export interface AwaitedChange<C extends Sender, I> {
  /** What changes, for the log and errors, e.g. "control panel inventory-panel". */
  what: string;
  client: C;
  /** The SDK's waiter, e.g. `waitUntilControlPanelCreated`. */
  waiter: (params: WaiterParams<C>, input: I) => Promise<unknown>;
  input: I;
  /** The status in an answer of the waiter's read, e.g. `ControlPanel.Status`. */
  statusOf: (answer: any) => string | undefined;
  /** The status the waiter waits for: DEPLOYED, INSYNC. */
  done: string;
  /** The status known before waiting (the create's answer, a list), logged first. */
  known?: string;
  timing: PollTiming;
  /** The config key of `timing`, named when the wait runs out. */
  timingKey: string;
  log: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Waits with the SDK's own waiter (its polling, backoff, jitter and
 * deadline) and logs every status the waiter's reads see, so the task log
 * shows e.g. "control panel inventory-panel: PENDING", then "...: DEPLOYED".
 * A wait that runs out fails with an error naming the resource, its last
 * status and the config key; a cancelled task ends it with an AbortError.
 */
export async function awaitChange<C extends Sender, I>(
  change: AwaitedChange<C, I>,
): Promise<void> {
  const { what, done, timing, log } = change;
  let status = change.known;
  if (status) log(`${what}: ${status}`);
  if (status === done) return;

  let lastError: Error | undefined;
  // The waiter's reads, observed: the waiter itself reports only the end.
  const client = new Proxy(change.client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'send') return value;
      return (...args: unknown[]) =>
        (value as Sender['send']).apply(target, args).then(
          answer => {
            lastError = undefined;
            const seen = change.statusOf(answer);
            if (seen && seen !== status) {
              status = seen;
              log(`${what}: ${seen}`);
            }
            return answer;
          },
          error => {
            lastError = error;
            throw error;
          },
        );
    },
  });
  try {
    await change.waiter(
      {
        client,
        minDelay: timing.minDelaySeconds,
        maxDelay: timing.maxDelaySeconds,
        maxWaitTime: timing.maxWaitSeconds,
        // the older waiter takes over the `onabort` of the signal it is given
        abortSignal: change.signal
          ? AbortSignal.any([change.signal])
          : undefined,
      },
      change.input,
    );
  } catch (error) {
    if ((error as Error)?.name !== 'TimeoutError') throw error;
    const failed = lastError
      ? `; its last read failed with ${lastError.name}: ${lastError.message}`
      : '';
    throw new Error(
      `${what} is still ${status ?? `not ${done}`} after ${
        timing.maxWaitSeconds
      } s (${
        change.timingKey
      }.maxWaitSeconds)${failed}. Run the template again later: it finds what was created and waits again.`,
    );
  }
}

/** What a deadline-bound call rejects with, by why its signal fired. */
export interface DeadlineWords {
  /** The message when the timeout fired. */
  timeout: string;
  /** The message when the caller aborted. */
  aborted: string;
}

/**
 * The error of an aborted signal: `TimeoutError` when its timeout fired,
 * `AbortError` when the caller aborted, each with its message.
 */
export function abortError(signal: AbortSignal, words: DeadlineWords): Error {
  const timedOut =
    (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
  const error = new Error(timedOut ? words.timeout : words.aborted);
  error.name = timedOut ? 'TimeoutError' : 'AbortError';
  return error;
}

/**
 * The promise, or the signal's abort, whichever comes first: a retry pause
 * inside an SDK client may not watch the signal, the deadline still holds.
 */
export function bounded<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  words: DeadlineWords,
): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal, words));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, words));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The caller's signal (if any) and a timeout, as one signal. */
export function withTimeout(
  timeoutMs: number,
  signal?: AbortSignal,
): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

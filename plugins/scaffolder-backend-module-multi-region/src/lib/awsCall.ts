import { ForwardedError } from '@backstage/errors';

/**
 * Runs AWS requests and, when one fails, throws an error that says what the
 * step was doing, with the SDK's error as its cause (and its name, so that a
 * cancelled task still fails with an AbortError).
 */
export async function awsCall<T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ForwardedError(`Could not ${what}`, error);
  }
}

import { Route53Client } from '@aws-sdk/client-route-53';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AccountClients, accountCredentials } from '../aws/AccountClients';
import { CredentialsForAccount } from '../aws/credentials';
import { ThrottlingRetryStrategy } from '../aws/ThrottlingRetryStrategy';
import { RateLimiter } from './RateLimiter';

/**
 * The HTTP handler of every Route 53 client: takes a token right before each
 * attempt goes on the wire (after signing, retries included), so pacing holds
 * where AWS counts.
 */
class RateLimitedHandler extends NodeHttpHandler {
  constructor(private readonly limiter: RateLimiter) {
    super();
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>) {
    const signal = args[1]?.abortSignal as AbortSignal | undefined;
    await this.limiter.take(signal);
    return super.handle(...args);
  }
}

/** How Route 53 clients retry a throttled request. @public */
export interface Route53RetryOptions {
  /** Attempts per request in all (first one included). Default 4. */
  maxAttempts?: number;
  /** Pause before the first retry; doubles for each later one (with jitter). Default 250 ms. */
  baseDelayMs?: number;
}

/**
 * Route 53 clients per account, every request of every account through one
 * rate limiter (Route 53 allows 5 requests per second per account; a portal
 * rarely spans many accounts, and one budget is the safe side). A throttled
 * request (`Throttling`: something else spends the account's budget, e.g.
 * another replica or a script) is retried with a doubling pause, and every
 * retry takes its own token from the same limiter: retries never add
 * requests beyond the budget. Nothing else is retried.
 *
 * @public
 */
export function createRoute53Clients(options: {
  credentialsFor: CredentialsForAccount;
  limiter: RateLimiter;
  /** Override of the Route 53 URL (a local emulator). */
  endpoint?: string;
  retry?: Route53RetryOptions;
}): AccountClients<Route53Client> {
  const maxAttempts = options.retry?.maxAttempts ?? 4;
  return new AccountClients(
    accountId =>
      new Route53Client({
        // Route 53 is global and signs with us-east-1
        region: 'us-east-1',
        endpoint: options.endpoint,
        maxAttempts,
        retryStrategy: new ThrottlingRetryStrategy({
          maxAttempts,
          baseDelayMs: options.retry?.baseDelayMs ?? 250,
        }),
        credentials: accountCredentials(options.credentialsFor, accountId),
        requestHandler: new RateLimitedHandler(options.limiter),
      }),
  );
}

import { Route53Client } from '@aws-sdk/client-route-53';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AccountClients, accountCredentials } from '../aws/AccountClients';
import { CredentialsForAccount } from '../aws/credentials';
import { RateLimiter } from './RateLimiter';

/**
 * The HTTP handler of every Route 53 client: takes a token right before the
 * request goes on the wire (after signing), so pacing holds where AWS counts.
 */
class RateLimitedHandler extends NodeHttpHandler {
  constructor(private readonly limiter: RateLimiter) {
    super();
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>) {
    await this.limiter.take();
    return super.handle(...args);
  }
}

/**
 * Route 53 clients per account, every request of every account through one
 * rate limiter (Route 53 allows 5 requests per second per account; a portal
 * rarely spans many accounts, and one budget is the safe side). The SDK makes
 * no retries of its own: they would be requests outside the budget.
 *
 * @public
 */
export function createRoute53Clients(options: {
  credentialsFor: CredentialsForAccount;
  limiter: RateLimiter;
  /** Override of the Route 53 URL (a local emulator). */
  endpoint?: string;
}): AccountClients<Route53Client> {
  return new AccountClients(
    accountId =>
      new Route53Client({
        // Route 53 is global and signs with us-east-1
        region: 'us-east-1',
        endpoint: options.endpoint,
        maxAttempts: 1,
        credentials: accountCredentials(options.credentialsFor, accountId),
        requestHandler: new RateLimitedHandler(options.limiter),
      }),
  );
}

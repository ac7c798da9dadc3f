import { CredentialsForAccount } from './credentials';

/**
 * SDK clients of one AWS service, created once per account on first use and
 * destroyed together at shutdown (each holds a socket pool).
 *
 * @public
 */
export class AccountClients<C extends { destroy(): void }> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly create: (accountId: string) => C) {}

  forAccount(accountId: string): C {
    let client = this.clients.get(accountId);
    if (!client) {
      client = this.create(accountId);
      this.clients.set(accountId, client);
    }
    return client;
  }

  destroy(): void {
    this.clients.forEach(c => c.destroy());
    this.clients.clear();
  }
}

/**
 * The SDK credentials of one account, resolved on each use through the
 * account's provider, so that clients can be created before the `aws`
 * integration has looked the account up.
 */
export function accountCredentials(
  credentialsFor: CredentialsForAccount,
  accountId: string,
) {
  return async () => (await credentialsFor(accountId))();
}

/**
 * The example fixture with a second account that owns one hosted zone and
 * one health check, and a Route 53 client per account, for the tests of
 * account isolation and per-account throttling.
 */
import { Route53Client } from '@aws-sdk/client-route-53';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { EMULATOR_CREDENTIALS } from '../../credentials';
import { loadFixture } from '../../fixture';
import type { EmulatorFixture } from '../../fixtureSchema';
import { EXAMPLE_FIXTURE } from '../../__testUtils__/clients';

/** The example fixture's cluster account, signing with EMULATOR_CREDENTIALS. */
export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';
export const B_CREDENTIALS = {
  accessKeyId: 'AKIDSECONDACCOUNT',
  secretAccessKey: 'second-account-secret',
};
/** The example fixture's zone and one of its health checks (account A). */
export const ZONE_A = 'Z0EXAMPLE1PUBLIC';
export const HC_A = '1e0f7a10-0000-4000-8000-000000000003';
export const ZONE_B = 'Z0SECOND0ACCOUNT';
export const HC_B = '2e0f7a10-0000-4000-8000-0000000000b1';

export function twoAccountFixture(): EmulatorFixture {
  const fixture = loadFixture(EXAMPLE_FIXTURE);
  return {
    ...fixture,
    accounts: [
      {
        accountId: ACCOUNT_A,
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
        secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
      },
      { accountId: ACCOUNT_B, ...B_CREDENTIALS },
    ],
    hostedZones: [
      ...(fixture.hostedZones ?? []),
      {
        id: ZONE_B,
        accountId: ACCOUNT_B,
        name: 'second.example.',
        records: [
          {
            name: 'www.second.example.',
            type: 'A',
            ttl: 60,
            values: ['192.0.2.10'],
          },
        ],
      },
    ],
    healthChecks: [
      ...(fixture.healthChecks ?? []),
      {
        id: HC_B,
        accountId: ACCOUNT_B,
        // The same CallerReference as one of account A's checks: they are per account.
        callerReference: 'orders-primary',
        type: 'HTTPS',
        fqdn: 'www.second.example',
        port: 443,
      },
    ],
  };
}

/** A Route 53 client of account A or B; one attempt, so throttling shows. */
export function accountClient(
  endpoint: string,
  account: 'A' | 'B',
): Route53Client {
  return new Route53Client({
    region: 'us-east-1',
    endpoint,
    credentials: {
      ...(account === 'A' ? EMULATOR_CREDENTIALS : B_CREDENTIALS),
    },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 1500,
      requestTimeout: 1500,
      throwOnRequestTimeout: true,
    }),
  });
}

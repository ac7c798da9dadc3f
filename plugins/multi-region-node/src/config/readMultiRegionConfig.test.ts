import { ConfigReader } from '@backstage/config';
import { readMultiRegionConfig } from './readMultiRegionConfig';

const cluster = {
  name: 'shared-arc',
  arn: 'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10',
  accountId: '111122223333',
  endpoints: [
    {
      url: 'https://abcd1234.route53-recovery-cluster.us-east-1.amazonaws.com/v1',
      region: 'us-east-1',
    },
  ],
};
const read = (multiRegion: unknown) => () =>
  readMultiRegionConfig(new ConfigReader({ multiRegion } as any));

describe('readMultiRegionConfig', () => {
  it('applies the documented defaults', () => {
    const config = read({ clusters: [cluster] })();
    expect(config).toMatchObject({
      readOnly: false,
      controlPlane: { region: 'us-west-2' },
      route53: { requestsPerSecond: 5, refreshIntervalSeconds: 30 },
      arc: {
        connectTimeoutMs: 500,
        requestTimeoutMs: 800,
        overallDeadlineMs: 5000,
        hedgeAfterMs: 300,
        minHedgeAfterMs: 50,
        hedgeLatencyFactor: 3,
        cacheTtlMs: 2000,
      },
      operations: { dnsTimeoutSeconds: 300, staleAfterSeconds: 60 },
      cloudWatch: { endpoint: undefined },
      readiness: { intervalSeconds: 300, deadlineMs: 3000 },
      access: {
        permissionFrameworkEnabled: false,
        allowFailoverWithoutPermissionFramework: false,
        platformAdminGroups: [],
        planRequestsPerMinute: 60,
        executeRequestsPerMinute: 10,
      },
    });
  });

  it('reads the adaptive hedge settings, the factor as any number >= 1', () => {
    const config = read({
      clusters: [cluster],
      arc: { hedgeAfterMs: 400, minHedgeAfterMs: 20, hedgeLatencyFactor: 2.5 },
    })();
    expect(config.arc).toMatchObject({
      hedgeAfterMs: 400,
      minHedgeAfterMs: 20,
      hedgeLatencyFactor: 2.5,
    });
  });

  it('reads the CloudWatch endpoint and the readiness schedule and deadline, at their bounds too', () => {
    const config = read({
      clusters: [cluster],
      cloudWatch: { endpoint: 'http://127.0.0.1:7419' },
      readiness: { intervalSeconds: 30, deadlineMs: 60000 },
    })();
    expect(config.cloudWatch).toEqual({ endpoint: 'http://127.0.0.1:7419' });
    expect(config.readiness).toEqual({
      intervalSeconds: 30,
      deadlineMs: 60000,
    });
    expect(
      read({
        clusters: [cluster],
        readiness: { intervalSeconds: 86400, deadlineMs: 100 },
      })().readiness,
    ).toEqual({ intervalSeconds: 86400, deadlineMs: 100 });
  });

  it.each([
    [
      { intervalSeconds: 29 },
      'intervalSeconds: 29 must be a whole number from 30 to 86400',
    ],
    [
      { intervalSeconds: 86401 },
      'intervalSeconds: 86401 must be a whole number from 30 to 86400',
    ],
    [
      { intervalSeconds: 60.5 },
      'intervalSeconds: 60.5 must be a whole number from 30 to 86400',
    ],
    [
      { deadlineMs: 99 },
      'deadlineMs: 99 must be a whole number from 100 to 60000',
    ],
    [
      { deadlineMs: 60001 },
      'deadlineMs: 60001 must be a whole number from 100 to 60000',
    ],
  ])(
    'refuses readiness %j, naming the key and the range',
    (readiness, message) => {
      expect(read({ clusters: [cluster], readiness })).toThrow(
        `Invalid config at multiRegion.readiness.${message}`,
      );
    },
  );

  it('refuses a CloudWatch endpoint that is not an http(s) URL', () => {
    expect(
      read({ clusters: [cluster], cloudWatch: { endpoint: 'ftp://x' } }),
    ).toThrow(
      'Invalid config at multiRegion.cloudWatch.endpoint: "ftp://x" is not an http(s) URL',
    );
  });

  it('reads who may fail over beyond the policy', () => {
    const config = readMultiRegionConfig(
      new ConfigReader({
        permission: { enabled: true },
        multiRegion: {
          clusters: [cluster],
          permissions: {
            platformAdminGroups: ['platform-admins', 'group:ops/sre'],
            allowFailoverWithoutPermissionFramework: true,
          },
          rateLimits: { planPerMinute: 0, executePerMinute: 3 },
        },
      }),
    );
    expect(config.access).toEqual({
      permissionFrameworkEnabled: true,
      allowFailoverWithoutPermissionFramework: true,
      platformAdminGroups: ['group:default/platform-admins', 'group:ops/sre'],
      planRequestsPerMinute: 0,
      executeRequestsPerMinute: 3,
    });
  });

  it.each([
    ['user:default/pat', 'is not a group ref'],
    ['group:', 'is not an entity ref'],
  ])('refuses %s as a platform-admin group', (ref, problem) => {
    expect(
      read({
        clusters: [cluster],
        permissions: { platformAdminGroups: [ref] },
      }),
    ).toThrow(
      `Invalid config at multiRegion.permissions.platformAdminGroups[0]: "${ref}" ${problem}`,
    );
  });

  it.each([
    ['no section', undefined, 'multiRegion'],
    ['no clusters', {}, 'multiRegion.clusters'],
    [
      'a bad cluster ARN',
      { clusters: [{ ...cluster, arn: 'arn:aws:s3:::bucket' }] },
      'multiRegion.clusters[0].arn',
    ],
    [
      "an account that is not the ARN's",
      { clusters: [{ ...cluster, accountId: '999999999999' }] },
      'multiRegion.clusters[0].accountId',
    ],
    [
      'an endpoint that is not a URL',
      {
        clusters: [
          { ...cluster, endpoints: [{ url: 'nope', region: 'us-east-1' }] },
        ],
      },
      'multiRegion.clusters[0].endpoints[0].url',
    ],
    [
      'a duplicate cluster name',
      { clusters: [cluster, cluster] },
      'multiRegion.clusters[1].name',
    ],
    [
      'a negative timeout',
      { clusters: [cluster], arc: { requestTimeoutMs: -1 } },
      'multiRegion.arc.requestTimeoutMs',
    ],
    [
      'a hedge floor above its ceiling',
      { clusters: [cluster], arc: { hedgeAfterMs: 200, minHedgeAfterMs: 250 } },
      'multiRegion.arc.minHedgeAfterMs',
    ],
    [
      'a hedge factor below 1',
      { clusters: [cluster], arc: { hedgeLatencyFactor: 0.5 } },
      'multiRegion.arc.hedgeLatencyFactor',
    ],
    [
      'a deadline shorter than a request',
      { clusters: [cluster], arc: { overallDeadlineMs: 100 } },
      'multiRegion.arc.overallDeadlineMs',
    ],
    [
      'an endpoint region that is not a region code',
      {
        clusters: [
          {
            ...cluster,
            endpoints: [{ url: cluster.endpoints[0].url, region: 'us-east1' }],
          },
        ],
      },
      'multiRegion.clusters[0].endpoints[0].region',
    ],
    [
      'a cluster without endpoints',
      { clusters: [{ ...cluster, endpoints: [] }] },
      'multiRegion.clusters[0].endpoints',
    ],
  ])('fails at start on %s, naming the key', (_, section, key) => {
    expect(read(section)).toThrow(key);
  });
});

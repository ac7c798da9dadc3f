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
      drills: {
        allowedWindows: [],
        blockedWindows: [],
        overdueAfterDays: 90,
        soak: { minSeconds: 60, maxSeconds: 14400, defaultSeconds: 900 },
        watchIntervalMs: 10000,
      },
      evacuation: { concurrency: 4 },
    });
  });

  it('reads how many services of an evacuation move at once, 1 to 50', () => {
    expect(
      read({ clusters: [cluster], evacuation: { concurrency: 50 } })()
        .evacuation,
    ).toEqual({ concurrency: 50 });
    for (const bad of [0, 51, 2.5]) {
      expect(
        read({ clusters: [cluster], evacuation: { concurrency: bad } }),
      ).toThrow(
        `multiRegion.evacuation.concurrency: ${bad} must be a whole number from 1 to 50`,
      );
    }
  });

  it('reads the drill windows and limits, at their bounds too', () => {
    const config = read({
      clusters: [cluster],
      drills: {
        allowedWindows: ['Mon-Fri 09:00-17:00', 'sat 08:00-10:00 UTC'],
        blockedWindows: ['2026-12-24', 'Fri 22:00-02:00'],
        overdueAfterDays: 3650,
        minSoakSeconds: 1,
        maxSoakSeconds: 86400,
        defaultSoakSeconds: 1,
        watchIntervalSeconds: 300,
      },
    })();
    expect(config.drills).toEqual({
      allowedWindows: [
        expect.objectContaining({ text: 'Mon-Fri 09:00-17:00 UTC' }),
        expect.objectContaining({ text: 'Sat 08:00-10:00 UTC' }),
      ],
      blockedWindows: [
        { kind: 'date', date: '2026-12-24', text: '2026-12-24 UTC' },
        expect.objectContaining({ text: 'Fri 22:00-02:00 UTC', days: [5] }),
      ],
      overdueAfterDays: 3650,
      soak: { minSeconds: 1, maxSeconds: 86400, defaultSeconds: 1 },
      watchIntervalMs: 300000,
    });
    expect(
      read({
        clusters: [cluster],
        drills: {
          overdueAfterDays: 1,
          minSoakSeconds: 5,
          defaultSoakSeconds: 20,
          watchIntervalSeconds: 1,
        },
      })().drills,
    ).toMatchObject({
      overdueAfterDays: 1,
      soak: { minSeconds: 5, maxSeconds: 14400, defaultSeconds: 20 },
      watchIntervalMs: 1000,
    });
  });

  it.each([
    [
      { overdueAfterDays: 0 },
      'overdueAfterDays: 0 must be a whole number from 1 to 3650',
    ],
    [
      { overdueAfterDays: 3651 },
      'overdueAfterDays: 3651 must be a whole number from 1 to 3650',
    ],
    [
      { minSoakSeconds: 0 },
      'minSoakSeconds: 0 must be a whole number from 1 to 86400',
    ],
    [
      { maxSoakSeconds: 86401 },
      'maxSoakSeconds: 86401 must be a whole number from 1 to 86400',
    ],
    [
      { defaultSoakSeconds: 12.5 },
      'defaultSoakSeconds: 12.5 must be a whole number from 1 to 86400',
    ],
    [
      { watchIntervalSeconds: 301 },
      'watchIntervalSeconds: 301 must be a whole number from 1 to 300',
    ],
    [
      { watchIntervalSeconds: 0 },
      'watchIntervalSeconds: 0 must be a whole number from 1 to 300',
    ],
    [
      { minSoakSeconds: 600, maxSoakSeconds: 300, defaultSoakSeconds: 400 },
      'minSoakSeconds: 600 is longer than multiRegion.drills.maxSoakSeconds (300)',
    ],
    [
      { defaultSoakSeconds: 30 },
      'defaultSoakSeconds: 30 is not within multiRegion.drills.minSoakSeconds (60) to multiRegion.drills.maxSoakSeconds (14400)',
    ],
    [
      { maxSoakSeconds: 600 },
      'defaultSoakSeconds: 900 is not within multiRegion.drills.minSoakSeconds (60) to multiRegion.drills.maxSoakSeconds (600)',
    ],
    [
      { allowedWindows: ['Mon-Fri 09:00-17:00', 'Mon-Fry 10:00-11:00'] },
      'allowedWindows: "Mon-Fry 10:00-11:00": "Fry" is not a day or day range',
    ],
    [
      { blockedWindows: ['2026-02-30'] },
      'blockedWindows: "2026-02-30" is not a date in the calendar (YYYY-MM-DD)',
    ],
    [
      { blockedWindows: ['Sat 08:00-10:00, Sun 08:00-10:00'] },
      'blockedWindows: item 1 ("Sat 08:00-10:00, Sun 08:00-10:00") holds a comma',
    ],
  ])('refuses drills %j, naming the key', (drills, message) => {
    expect(read({ clusters: [cluster], drills })).toThrow(
      `Invalid config at multiRegion.drills.${message}`,
    );
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

import { ConfigReader } from '@backstage/config';
import {
  Emulator,
  EmulatorFixture,
  loadFixture,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import path from 'path';
import { MultiRegionAwsClients } from '../aws/MultiRegionAwsClients';
import { CloudWatchAlarms, CloudWatchAlarmsError } from './CloudWatchAlarms';

/** The example organisation's fixture, plus a second account with an alarm of its own. */
const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);
const MAIN = {
  accountId: '111122223333',
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
};
const OTHER = {
  accountId: '444455556666',
  accessKeyId: 'AKIDOTHER',
  secretAccessKey: 'other-secret',
};
const fixture: EmulatorFixture = {
  ...loadFixture(EXAMPLE_FIXTURE),
  accounts: [MAIN, OTHER],
};
fixture.alarms = [
  ...fixture.alarms!,
  {
    region: 'us-west-2',
    name: 'orders-5xx-usw2',
    state: 'ALARM',
    reason: "the other account's alarm of the same name",
    accountId: OTHER.accountId,
  },
];

const credentialsFor = async (accountId: string) => async () =>
  accountId === OTHER.accountId ? OTHER : MAIN;

/** Waits until the emulator has logged `count` CloudWatch requests. */
async function logged(emu: Emulator, count: number): Promise<void> {
  while (
    emu.requestLog().filter(e => e.service === 'cloudwatch').length < count
  )
    await new Promise(resolve => setTimeout(resolve, 5));
}

describe('CloudWatchAlarms (real SDK against the emulator)', () => {
  let emu: Emulator;
  let alarms: CloudWatchAlarms;
  const make = (
    options: Partial<ConstructorParameters<typeof CloudWatchAlarms>[0]> = {},
  ) =>
    new CloudWatchAlarms({
      credentialsFor,
      endpoint: emu.cloudWatchEndpoint,
      connectTimeoutMs: 500,
      requestTimeoutMs: 2000,
      timeoutMs: 3000,
      retryBaseDelayMs: 1,
      ...options,
    });
  const cloudWatchLog = () =>
    emu.requestLog().filter(e => e.service === 'cloudwatch');

  beforeAll(async () => {
    emu = await startEmulator({ fixture });
  });
  beforeEach(() => {
    alarms = make();
  });
  afterEach(async () => {
    alarms.destroy();
    await emu.reset();
  });
  afterAll(() => emu.stop());

  it("reads the named alarms' states in one region of one account; a name not found is absent", async () => {
    emu.setAlarmState({
      region: 'us-west-2',
      name: 'orders-5xx-usw2',
      state: 'ALARM',
      reason: 'Threshold Crossed',
    });
    const states = await alarms.states('111122223333', 'us-west-2', [
      'orders-5xx-usw2',
      'orders-5xx-use1',
      'orders-5xx-usw2',
    ]);
    expect([...states.values()]).toEqual([
      {
        name: 'orders-5xx-usw2',
        state: 'ALARM',
        reason: 'Threshold Crossed',
        updatedAt: emu
          .alarms()
          .find(
            a =>
              a.AlarmName === 'orders-5xx-usw2' &&
              a.AccountId === '111122223333',
          )!.StateUpdatedTimestamp,
      },
    ]);
    // orders-5xx-use1 lives in us-east-1: invisible from us-west-2
    expect(states.has('orders-5xx-use1')).toBe(false);
    expect(cloudWatchLog()).toEqual([
      expect.objectContaining({
        signingRegion: 'us-west-2',
        signingService: 'monitoring',
        accessKeyId: 'AKIDEMULATOR',
        body: {
          AlarmNames: ['orders-5xx-usw2', 'orders-5xx-use1'],
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
        },
      }),
    ]);
  });

  it("signs as the account asked about: another account's alarm of the same name is its own", async () => {
    const other = await alarms.states('444455556666', 'us-west-2', [
      'orders-5xx-usw2',
    ]);
    expect(other.get('orders-5xx-usw2')).toMatchObject({ state: 'ALARM' });
    const main = await alarms.states('111122223333', 'us-west-2', [
      'orders-5xx-usw2',
    ]);
    expect(main.get('orders-5xx-usw2')).toMatchObject({ state: 'OK' });
    expect(cloudWatchLog().map(e => e.accessKeyId)).toEqual([
      'AKIDOTHER',
      'AKIDEMULATOR',
    ]);
  });

  it('asks for at most 100 names per call, and follows every page', async () => {
    const names = Array.from(
      { length: 230 },
      (_, i) => `bulk-${String(i).padStart(3, '0')}`,
    );
    names
      .filter((_, i) => i % 3 === 0)
      .forEach(name =>
        emu.setAlarmState({ region: 'eu-west-1', name, state: 'ALARM' }),
      );
    const paged = make({ pageSize: 10 });
    try {
      const states = await paged.states('111122223333', 'eu-west-1', names);
      expect([...states.keys()].sort()).toEqual(
        names.filter((_, i) => i % 3 === 0),
      );
      const calls = cloudWatchLog().map(e => e.body as any);
      expect(
        calls.every(b => b.AlarmNames.length <= 100 && b.MaxRecords === 10),
      ).toBe(true);
      // 230 names in batches of 100, 100 and 30 holding 34, 33 and 10 alarms
      expect(calls.map(b => b.AlarmNames.length)).toEqual([
        ...Array(4).fill(100),
        ...Array(4).fill(100),
        30,
      ]);
      expect(calls.filter(b => b.NextToken)).toHaveLength(6);
    } finally {
      paged.destroy();
    }
  });

  it('makes no call for no names', async () => {
    expect((await alarms.states('111122223333', 'us-east-1', [])).size).toBe(0);
    expect(cloudWatchLog()).toEqual([]);
  });

  it('rejects an account, region or name CloudWatch could not take, before any call', async () => {
    await expect(alarms.states('1111', 'us-east-1', ['a'])).rejects.toThrow(
      '"1111" is not a 12-digit AWS account id',
    );
    await expect(
      alarms.states('111122223333', 'evil.example.com/x', ['a']),
    ).rejects.toThrow('"evil.example.com/x" is not an AWS region code');
    await expect(
      alarms.states('111122223333', 'us-east-1', ['a'.repeat(256)]),
    ).rejects.toThrow('is not a CloudWatch alarm name (1 to 255 characters)');
    expect(cloudWatchLog()).toEqual([]);
  });

  it("rejects on AWS's error with its code, naming the account and region", async () => {
    await emu.setFault('cloudWatch', 'internal');
    const error = await alarms
      .states('111122223333', 'us-east-1', ['orders-5xx-use1'])
      .catch(e => e);
    expect(error).toBeInstanceOf(CloudWatchAlarmsError);
    expect(error.code).toBe('InternalServiceError');
    expect(error.message).toBe(
      'CloudWatch alarms of account 111122223333 in us-east-1: DescribeAlarms answered 500 InternalServiceError: Internal service error',
    );
    // 5xx is not retried: the caller's deadline rules
    expect(cloudWatchLog()).toHaveLength(1);
  });

  it('retries throttling, then gives up with Throttling', async () => {
    await emu.setFault('cloudWatch', 'throttle');
    const error = await alarms
      .states('111122223333', 'us-east-1', ['orders-5xx-use1'])
      .catch(e => e);
    expect(error.code).toBe('Throttling');
    expect(cloudWatchLog().map(e => e.attempt)).toEqual([1, 2, 3]);
  });

  it('a hung CloudWatch cannot hold the caller: the read times out', async () => {
    await emu.setFault('cloudWatch', 'hang');
    const quick = make({ requestTimeoutMs: 60000, timeoutMs: 200 });
    try {
      const error = await quick
        .states('111122223333', 'us-east-1', ['orders-5xx-use1'])
        .catch(e => e);
      expect(error).toMatchObject({
        name: 'CloudWatchAlarmsError',
        code: 'TimeoutError',
        message:
          'CloudWatch alarms of account 111122223333 in us-east-1: no answer within 200 ms',
      });
    } finally {
      quick.destroy();
    }
  });

  it('stops when the caller aborts, and says so; a refused connection says that', async () => {
    await emu.setFault('cloudWatch', 'hang');
    const controller = new AbortController();
    const reading = alarms
      .states('111122223333', 'us-east-1', ['orders-5xx-use1'], {
        abortSignal: controller.signal,
      })
      .catch(e => e);
    await logged(emu, 1);
    controller.abort();
    expect(await reading).toMatchObject({
      code: 'AbortError',
      message:
        'CloudWatch alarms of account 111122223333 in us-east-1: the read was aborted',
    });

    await emu.setFault('cloudWatch', 'refuse');
    const refused = await alarms
      .states('111122223333', 'us-east-1', ['orders-5xx-use1'])
      .catch(e => e);
    expect(refused).toBeInstanceOf(CloudWatchAlarmsError);
    expect(refused.message).toMatch(
      /^CloudWatch alarms of account 111122223333 in us-east-1: CloudWatch could not be read \(.*\): .*ECONNREFUSED/,
    );
  });

  it('MultiRegionAwsClients.alarms reads through multiRegion.cloudWatch.endpoint with the aws integration keys', async () => {
    const clients = MultiRegionAwsClients.fromConfig(
      new ConfigReader({
        aws: { accounts: [MAIN] },
        multiRegion: {
          clusters: [
            {
              name: 'shared-arc',
              arn: emu.clusterArn,
              accountId: '111122223333',
              endpoints: emu.clusterEndpoints.map(e => ({
                url: e.Endpoint,
                region: e.Region,
              })),
            },
          ],
          cloudWatch: { endpoint: emu.cloudWatchEndpoint },
          readiness: { deadlineMs: 2000 },
        },
      }),
    );
    try {
      const states = await clients.alarms.states(
        '111122223333',
        'eu-central-1',
        ['payments-5xx-euc1'],
      );
      expect(states.get('payments-5xx-euc1')).toMatchObject({ state: 'OK' });
    } finally {
      clients.destroy();
    }
  });
});

/**
 * CloudWatch beyond the conformance suite: the exact wire format of both
 * protocols (awsJson1_0 and rpc-v2-cbor, the latter through the SDK's own
 * CBOR protocol), requests the listener does not serve, faults, the request
 * log, the admin API's alarms, and alarms in snapshots and state files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { cbor } from '@smithy/core/cbor';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  admin,
  cloudWatchClient,
  manualClock,
  rawRequest,
  signedRawRequest,
} from '../__testUtils__/clients';

const TARGET = 'GraniteServiceVersion20100801.DescribeAlarms';
const CBOR_PATH =
  '/service/GraniteServiceVersion20100801/operation/DescribeAlarms';
const ORDERS_ALARMS = ['orders-5xx-use1', 'orders-5xx-usw2'];

/** Signed for `monitoring` in `region`, as the SDK would send awsJson1_0. */
function jsonRequest(
  emu: Emulator,
  body: string,
  options: { region?: string; target?: string; contentType?: string } = {},
) {
  return signedRawRequest(emu.cloudWatchEndpoint, {
    service: 'monitoring',
    region: options.region ?? 'us-east-1',
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-amz-json-1.0',
      'x-amz-target': options.target ?? TARGET,
      'x-amzn-query-mode': 'true',
    },
    body,
  });
}

const names = (out: { MetricAlarms?: Array<{ AlarmName?: string }> }) =>
  (out.MetricAlarms ?? []).map(a => a.AlarmName);

describe('CloudWatch listener', () => {
  let emu: Emulator;
  let clients: CloudWatchClient[] = [];
  const client = (region: string, options = {}) => {
    const c = cloudWatchClient(emu.cloudWatchEndpoint, region, options);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
  });
  afterEach(async () => {
    clients.forEach(c => c.destroy());
    clients = [];
    await emu.reset();
  });
  afterAll(() => emu.stop());

  it("serves the example fixture's alarms, each in its own region", async () => {
    const east = await client('us-east-1').send(new DescribeAlarmsCommand({}));
    expect(names(east)).toEqual(['orders-5xx-use1']);
    const west = await client('us-west-2').send(
      new DescribeAlarmsCommand({ AlarmNames: ORDERS_ALARMS }),
    );
    expect(west.MetricAlarms).toEqual([
      expect.objectContaining({
        AlarmName: 'orders-5xx-usw2',
        AlarmArn:
          'arn:aws:cloudwatch:us-west-2:111122223333:alarm:orders-5xx-usw2',
        StateValue: 'OK',
        MetricName: '5XXError',
        Namespace: 'AWS/ApiGateway',
        StateUpdatedTimestamp: expect.any(Date),
      }),
    ]);
  });

  it('answers awsJson1_0 with epoch-second timestamps, and errors with the query code in x-amzn-query-error', async () => {
    const ok = await jsonRequest(emu, '{"AlarmNames":["orders-5xx-use1"]}');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/x-amz-json-1.0');
    const [alarm] = JSON.parse(ok.body).MetricAlarms;
    expect(typeof alarm.StateUpdatedTimestamp).toBe('number');
    expect(alarm.StateUpdatedTimestamp * 1000).toBe(
      Date.parse(
        emu.alarms().find(a => a.AlarmName === 'orders-5xx-use1')!
          .StateUpdatedTimestamp!,
      ),
    );

    const bad = await jsonRequest(emu, '{"NextToken":"nope"}');
    expect(bad.status).toBe(400);
    expect(bad.headers['x-amzn-query-error']).toBe('InvalidNextToken;Sender');
    expect(JSON.parse(bad.body)).toEqual({
      __type: 'com.amazonaws.cloudwatch#InvalidNextToken',
      message: 'The next token specified is invalid.',
    });
  });

  it('speaks rpc-v2-cbor too: the SDK with its CBOR protocol gets the same alarms and errors', async () => {
    const cborClient = client('us-west-2', {
      protocol: AwsSmithyRpcV2CborProtocol,
    });
    const out = await cborClient.send(
      new DescribeAlarmsCommand({ MaxRecords: 1 }),
    );
    expect(names(out)).toEqual(['orders-5xx-usw2']);
    expect(out.MetricAlarms![0].StateUpdatedTimestamp).toBeInstanceOf(Date);
    const error = await cborClient
      .send(new DescribeAlarmsCommand({ NextToken: 'nope' }))
      .catch(e => e);
    expect(error).toMatchObject({
      name: 'InvalidNextToken',
      Code: 'InvalidNextToken',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emu.requestLog().map(e => [e.operation, e.body])).toEqual([
      ['DescribeAlarms', { MaxRecords: 1 }],
      ['DescribeAlarms', { NextToken: 'nope' }],
    ]);

    // On the wire: the smithy-protocol header both ways, CBOR both ways.
    const raw = await signedRawRequest(
      `${emu.cloudWatchEndpoint}${CBOR_PATH}`,
      {
        service: 'monitoring',
        region: 'us-west-2',
        method: 'POST',
        headers: {
          'content-type': 'application/cbor',
          accept: 'application/cbor',
          'smithy-protocol': 'rpc-v2-cbor',
        },
        body: Buffer.from(cbor.serialize({ AlarmNames: ['orders-5xx-usw2'] })),
      },
    );
    expect(raw.status).toBe(200);
    expect(raw.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(raw.headers['content-type']).toBe('application/cbor');
  });

  it('refuses what it does not serve with the query codes: other operations, the query protocol, bad JSON, GET', async () => {
    const other = await jsonRequest(emu, '{}', {
      target: 'GraniteServiceVersion20100801.PutMetricAlarm',
    });
    expect(other.status).toBe(400);
    expect(other.headers['x-amzn-query-error']).toBe('InvalidAction;Sender');
    expect(JSON.parse(other.body).message).toContain(
      'Unknown or unemulated operation PutMetricAlarm',
    );
    const query = await signedRawRequest(emu.cloudWatchEndpoint, {
      service: 'monitoring',
      region: 'us-east-1',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeAlarms&Version=2010-08-01',
    });
    expect(query.status).toBe(400);
    expect(JSON.parse(query.body).message).toContain(
      'the query protocol (Action=...) is not emulated',
    );
    const garbled = await jsonRequest(emu, '{"MaxRecords":');
    expect(garbled.status).toBe(400);
    expect(JSON.parse(garbled.body).__type).toBe(
      'com.amazon.coral.service#SerializationException',
    );
    const wrongType = await jsonRequest(emu, '{}', {
      contentType: 'application/json',
    });
    expect(wrongType.status).toBe(400);
    const get = await signedRawRequest(emu.cloudWatchEndpoint, {
      service: 'monitoring',
      region: 'us-east-1',
      headers: { 'x-amz-target': TARGET },
    });
    expect(get.status).toBe(400);
    expect(JSON.parse(get.body).message).toBe(
      'CloudWatch accepts POST only, not GET',
    );
  });

  it('refuses a signature for another service, and any scope that is no region code', async () => {
    const route53Signed = await signedRawRequest(emu.cloudWatchEndpoint, {
      service: 'route53',
      region: 'us-east-1',
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': TARGET,
      },
      body: '{}',
    });
    expect(route53Signed.status).toBe(403);
    expect(route53Signed.headers['x-amzn-query-error']).toBe(
      'SignatureDoesNotMatch;Sender',
    );
    const nowhere = await jsonRequest(emu, '{}', { region: 'global' });
    expect(nowhere.status).toBe(403);
    expect(JSON.parse(nowhere.body).message).toBe(
      "Credential should be scoped to a valid region, not 'global'. ",
    );
    const unsigned = await rawRequest(emu.cloudWatchEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': TARGET,
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers['x-amzn-query-error']).toBe(
      'MissingAuthenticationToken;Sender',
    );
  });

  it('takes faults like the other listeners, and logs them', async () => {
    await emu.setFault('cloudWatch', 'throttle');
    const throttled = await client('us-east-1')
      .send(new DescribeAlarmsCommand({}))
      .catch(e => e);
    expect(throttled).toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    await emu.setFault('cloudWatch', 'unavailable');
    const unavailable = await client('us-east-1')
      .send(new DescribeAlarmsCommand({}))
      .catch(e => e);
    expect(unavailable).toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    await emu.setFault('cloudWatch', 'refuse');
    const refused = await client('us-east-1')
      .send(new DescribeAlarmsCommand({}))
      .catch(e => e);
    expect(`${refused.code ?? ''} ${refused.message}`).toContain(
      'ECONNREFUSED',
    );
    expect(emu.faults().cloudWatch).toBe('refuse');
    await emu.setFault('cloudWatch', 'up');
    expect(
      names(await client('us-east-1').send(new DescribeAlarmsCommand({}))),
    ).toEqual(['orders-5xx-use1']);
    expect(
      emu
        .requestLog()
        .map(e => [e.service, e.signingRegion, e.status, e.errorCode, e.fault]),
    ).toEqual([
      ['cloudwatch', 'us-east-1', 400, 'Throttling', 'throttle'],
      ['cloudwatch', 'us-east-1', 503, 'ServiceUnavailable', 'unavailable'],
      ['cloudwatch', 'us-east-1', 200, undefined, undefined],
    ]);
  });

  it('admin API: POST /alarms creates or sets an alarm, GET /alarms lists them, and bad bodies get a 400 naming the field', async () => {
    const created = await admin(emu.adminEndpoint, 'POST', '/alarms', {
      region: 'ap-southeast-2',
      name: 'orders-latency',
      state: 'ALARM',
      reason: 'p99 above 2 s',
    });
    expect(created).toEqual({
      status: 200,
      json: {
        AccountId: '111122223333',
        Region: 'ap-southeast-2',
        AlarmName: 'orders-latency',
        StateValue: 'ALARM',
        StateReason: 'p99 above 2 s',
        StateUpdatedTimestamp: expect.any(String),
      },
    });
    const set = await admin(emu.adminEndpoint, 'POST', '/alarms', {
      region: 'us-west-2',
      name: 'orders-5xx-usw2',
      state: 'ALARM',
    });
    expect(set.json).toMatchObject({
      StateValue: 'ALARM',
      StateReason: 'State set to ALARM in the emulator',
    });
    const [alarm] = (
      await client('us-west-2').send(
        new DescribeAlarmsCommand({ AlarmNames: ['orders-5xx-usw2'] }),
      )
    ).MetricAlarms!;
    expect(alarm.StateValue).toBe('ALARM');

    const west = await admin(
      emu.adminEndpoint,
      'GET',
      '/alarms?region=us-west-2&accountId=111122223333',
    );
    expect(west.json.map((a: any) => [a.AlarmName, a.StateValue])).toEqual([
      ['orders-5xx-usw2', 'ALARM'],
    ]);
    expect(
      (await admin(emu.adminEndpoint, 'GET', '/alarms')).json,
    ).toHaveLength(5);

    const bad = await admin(emu.adminEndpoint, 'POST', '/alarms', {
      region: 'Moon',
      name: 'x'.repeat(256),
      state: 'alarm',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain(
      "region must be an AWS region code such as us-east-1, got 'Moon'; name must be at most 255 characters; state must be OK, ALARM or INSUFFICIENT_DATA (case-sensitive), got 'alarm'",
    );
    const stranger = await admin(emu.adminEndpoint, 'POST', '/alarms', {
      region: 'us-east-1',
      name: 'x',
      state: 'OK',
      accountId: '999999999999',
    });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error).toContain(
      "accountId 999999999999 is not one of the emulator's accounts (111122223333)",
    );
    const notJson = await rawRequest(`${emu.adminEndpoint}/alarms`, {
      method: 'POST',
      body: '[1]',
    });
    expect(notJson.status).toBe(400);

    const faulted = await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 'cloudWatch',
      mode: 'internal',
    });
    expect(faulted.json.cloudWatch).toBe('internal');
    const state = await admin(emu.adminEndpoint, 'GET', '/state');
    expect(state.json.cloudWatchEndpoint).toBe(emu.cloudWatchEndpoint);
  });
});

describe('CloudWatch alarm times', () => {
  it('stamps a state change with the emulator clock; setting the same state again keeps the time, reset goes back to the fixture', async () => {
    const clock = manualClock();
    const emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      clock: clock.now,
    });
    try {
      const loaded = emu.alarms()[0].StateUpdatedTimestamp;
      expect(loaded).toBe(new Date(clock.now()).toISOString());
      clock.advance(1000);
      const first = emu.setAlarmState({
        region: 'us-east-1',
        name: 'orders-5xx-use1',
        state: 'ALARM',
      });
      expect(first.StateUpdatedTimestamp).toBe(
        new Date(clock.now()).toISOString(),
      );
      clock.advance(1000);
      const again = emu.setAlarmState({
        region: 'us-east-1',
        name: 'orders-5xx-use1',
        state: 'ALARM',
        reason: 'still failing',
      });
      expect(again).toMatchObject({
        StateReason: 'still failing',
        StateUpdatedTimestamp: first.StateUpdatedTimestamp,
      });
      await emu.reset();
      expect(
        emu.alarms().find(a => a.AlarmName === 'orders-5xx-use1')!.StateValue,
      ).toBe('OK');
    } finally {
      await emu.stop();
    }
  });
});

describe('CloudWatch alarms in snapshots and state files', () => {
  it('persists alarms across restarts, and loads a state file written before alarms existed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-emulator-cw-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startEmulator({
        fixture: EXAMPLE_FIXTURE,
        stateFile,
      });
      first.setAlarmState({
        region: 'eu-west-1',
        name: 'payments-5xx-euw1',
        state: 'ALARM',
      });
      await first.stop();
      const second = await startEmulator({
        fixture: EXAMPLE_FIXTURE,
        stateFile,
      });
      expect(
        second.alarms().find(a => a.AlarmName === 'payments-5xx-euw1')!
          .StateValue,
      ).toBe('ALARM');
      const { alarms: _dropped, ...older } = second.snapshot();
      second.restore(older as any);
      expect(second.alarms()).toEqual([]);
      await second.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('port layout', () => {
  it('puts CloudWatch at basePort + 8, after the admin API at + 7', async () => {
    // A free block of nine ports: try a few random bases.
    let emu: Emulator | undefined;
    let base = 0;
    for (let attempt = 0; !emu && attempt < 5; attempt++) {
      base = 20000 + Math.floor(Math.random() * 20000);
      emu = await startEmulator({
        fixture: EXAMPLE_FIXTURE,
        basePort: base,
      }).catch(() => undefined);
    }
    try {
      expect(emu!.adminEndpoint).toBe(`http://127.0.0.1:${base + 7}`);
      expect(emu!.cloudWatchEndpoint).toBe(`http://127.0.0.1:${base + 8}`);
    } finally {
      await emu?.stop();
    }
  });
});

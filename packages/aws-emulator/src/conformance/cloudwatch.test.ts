/* eslint-disable jest/no-standalone-expect -- each case's expectations run
 * inside the it() that conformanceCases registers for it. */
/**
 * Conformance of CloudWatch's DescribeAlarms (awsJson1_0, awsQueryCompatible):
 * the alarms of the signing scope's region and the signing key's account,
 * filters, paging, the query-protocol error codes, and the signature errors,
 * each with the AWS SDK and the AWS CLI.
 */
import { paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import {
  conformanceCases,
  expectAwsError,
  expectOk,
  literally,
  useConformanceEmulator,
} from './__testUtils__/harness';
import { Caller } from './__testUtils__/callers';
import {
  ACCOUNT,
  ALARM_NAMES_USE1,
  OTHER_ACCOUNT,
} from './__testUtils__/fixture';
import { signatureCases } from './__testUtils__/signatureCases';

const h = useConformanceEmulator({ verifySignatures: true });

const names = (out: any): string[] =>
  out.MetricAlarms.map((a: any) => a.AlarmName);

/** The SDK gives a Date (an ISO string once plain), the CLI epoch seconds. */
const epochMs = (timestamp: string | number): number =>
  typeof timestamp === 'number'
    ? Math.round(timestamp * 1000)
    : Date.parse(timestamp);

/**
 * The error's name as each client reports it: the SDK names it by its JSON
 * type (and keeps the query code in `Code`), botocore by the query code of
 * `x-amzn-query-error`.
 */
const named = (client: Caller, jsonType: string, queryCode: string) =>
  client.kind === 'sdk' ? jsonType : queryCode;

conformanceCases(h, [
  {
    title:
      "DescribeAlarms lists the caller's alarms of the signing region by name, with state, reason and ARN",
    async run(client) {
      const out = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {}),
      );
      expect(names(out)).toEqual(ALARM_NAMES_USE1);
      expect(out.CompositeAlarms).toEqual([]);
      expect(out.NextToken).toBeUndefined();
      expect(
        out.MetricAlarms.find((a: any) => a.AlarmName === 'checkout-latency'),
      ).toMatchObject({
        AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:checkout-latency`,
        StateValue: 'ALARM',
        StateReason: 'Threshold crossed',
      });
    },
  },
  {
    title:
      'an alarm of one region is invisible from another: the same name in us-west-2 is another alarm, and a region without alarms lists none',
    async run(client) {
      const west = expectOk(
        await client.call(
          'cloudwatch',
          'DescribeAlarms',
          {},
          { region: 'us-west-2' },
        ),
      );
      expect(west.MetricAlarms).toEqual([
        expect.objectContaining({
          AlarmName: 'checkout-5xx',
          AlarmArn: `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:checkout-5xx`,
          StateValue: 'ALARM',
          MetricName: 'HTTPCode_Target_5XX_Count',
          Namespace: 'AWS/ApplicationELB',
        }),
      ]);
      const south = expectOk(
        await client.call(
          'cloudwatch',
          'DescribeAlarms',
          { AlarmNames: ['checkout-5xx'] },
          { region: 'ap-south-1' },
        ),
      );
      expect(south.MetricAlarms).toEqual([]);
    },
  },
  {
    title: "another account's key sees that account's alarms only",
    async run(client) {
      const out = expectOk(
        await client.call(
          'cloudwatch',
          'DescribeAlarms',
          {},
          { auth: 'otherAccount' },
        ),
      );
      expect(out.MetricAlarms).toEqual([
        expect.objectContaining({
          AlarmName: 'other-account-5xx',
          AlarmArn: `arn:aws:cloudwatch:us-east-1:${OTHER_ACCOUNT}:alarm:other-account-5xx`,
        }),
      ]);
    },
  },
  {
    title:
      'AlarmNames returns the named alarms that exist, by name; an unknown name is simply absent',
    async run(client) {
      const out = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          AlarmNames: ['checkout-latency', 'no-such-alarm', 'checkout-5xx'],
        }),
      );
      expect(
        out.MetricAlarms.map((a: any) => [a.AlarmName, a.StateValue]),
      ).toEqual([
        ['checkout-5xx', 'OK'],
        ['checkout-latency', 'ALARM'],
      ]);
    },
  },
  {
    title: 'AlarmNamePrefix and StateValue filter, together too',
    async run(client) {
      const batch = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          AlarmNamePrefix: 'batch-',
        }),
      );
      expect(names(batch)).toEqual(['batch-a', 'batch-b', 'batch-c']);
      const inAlarm = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          StateValue: 'ALARM',
        }),
      );
      expect(names(inAlarm)).toEqual(['batch-c', 'checkout-latency']);
      const both = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          AlarmNamePrefix: 'checkout-',
          StateValue: 'INSUFFICIENT_DATA',
        }),
      );
      expect(names(both)).toEqual(['checkout-capacity']);
    },
  },
  {
    title:
      'AlarmTypes: CompositeAlarm alone lists no metric alarm (the emulator has no composite alarms)',
    async run(client) {
      const out = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          AlarmTypes: ['CompositeAlarm'],
        }),
      );
      expect(out).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
      const metric = expectOk(
        await client.call('cloudwatch', 'DescribeAlarms', {
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        }),
      );
      expect(names(metric)).toEqual(ALARM_NAMES_USE1);
    },
  },
  {
    title:
      'MaxRecords pages the list and NextToken continues it to the end (the CLI pages itself no more once --max-records is given)',
    async run(client) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = expectOk(
          await client.call('cloudwatch', 'DescribeAlarms', {
            MaxRecords: 4,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        seen.push(...names(out));
        token = out.NextToken;
        pages += 1;
      } while (token);
      expect(pages).toBe(2);
      expect(seen).toEqual(ALARM_NAMES_USE1);
    },
  },
  {
    title: "the CLI's own paging (--page-size 2) collects every alarm",
    only: 'cli',
    async run(client, c) {
      const out = expectOk(
        await client.call(
          'cloudwatch',
          'DescribeAlarms',
          {},
          { cliArgs: ['--page-size', '2'] },
        ),
      );
      expect(names(out)).toEqual(ALARM_NAMES_USE1);
      expect(
        c.emu.requestLog().filter(e => e.service === 'cloudwatch'),
      ).toHaveLength(3);
    },
  },
  {
    title: "the SDK's paginator collects every alarm, one page per call",
    only: 'sdk',
    async run(_client, c) {
      const seen: string[] = [];
      for await (const page of paginateDescribeAlarms(
        { client: c.clients.client('cloudwatch'), pageSize: 2 },
        {},
      )) {
        seen.push(...(page.MetricAlarms ?? []).map(a => a.AlarmName!));
      }
      expect(seen).toEqual(ALARM_NAMES_USE1);
      expect(
        c.emu
          .requestLog()
          .filter(e => e.service === 'cloudwatch')
          .map(e => (e.body as any).MaxRecords),
      ).toEqual([2, 2, 2]);
    },
  },
  {
    title:
      'an alarm set through the emulator shows its new state, reason and the time of the change',
    async run(client, c) {
      // Later, without leaving the clock ahead for the cases after this one.
      const { alarm, at } = await c.clock.shifted(30_000, async () => {
        const set = c.emu.setAlarmState({
          region: 'us-east-1',
          name: 'checkout-5xx',
          state: 'ALARM',
          reason: 'Threshold Crossed: 1 datapoint [12.0] was greater than 5.0',
        });
        expect(set.StateUpdatedTimestamp).toBe(
          new Date(c.clock.now()).toISOString(),
        );
        const out = expectOk(
          await client.call('cloudwatch', 'DescribeAlarms', {
            AlarmNames: ['checkout-5xx'],
          }),
        );
        return { alarm: out.MetricAlarms[0], at: c.clock.now() };
      });
      expect(alarm).toMatchObject({
        StateValue: 'ALARM',
        StateReason:
          'Threshold Crossed: 1 datapoint [12.0] was greater than 5.0',
      });
      expect(epochMs(alarm.StateUpdatedTimestamp)).toBe(at);
    },
  },
  {
    title: 'AlarmNames with AlarmNamePrefix -> 400 InvalidParameterCombination',
    async run(client) {
      const outcome = await client.call('cloudwatch', 'DescribeAlarms', {
        AlarmNames: ['checkout-5xx'],
        AlarmNamePrefix: 'checkout',
      });
      expectAwsError(client, outcome, {
        code: named(
          client,
          'InvalidParameterCombinationException',
          'InvalidParameterCombination',
        ),
        status: 400,
        operation: 'DescribeAlarms',
        message: /AlarmNames and AlarmNamePrefix/,
      });
    },
  },
  {
    title: 'a NextToken the emulator never gave -> 400 InvalidNextToken',
    async run(client) {
      const outcome = await client.call('cloudwatch', 'DescribeAlarms', {
        NextToken: 'not-a-token',
      });
      expectAwsError(client, outcome, {
        code: 'InvalidNextToken',
        status: 400,
        operation: 'DescribeAlarms',
        message: 'The next token specified is invalid.',
      });
    },
  },
  {
    title:
      'MaxRecords over 100, 101 AlarmNames or an unknown StateValue -> 400 ValidationError naming the member',
    async run(client) {
      const cases: Array<[Record<string, unknown>, string]> = [
        [
          { MaxRecords: 101 },
          "Value 101 at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100",
        ],
        [
          {
            AlarmNames: Array.from({ length: 101 }, (_, i) => `alarm-${i}`),
          },
          "at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100",
        ],
        [
          { StateValue: 'BROKEN' },
          "Value 'BROKEN' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [ALARM, INSUFFICIENT_DATA, OK]",
        ],
      ];
      for (const [input, message] of cases) {
        const outcome = await client.call(
          'cloudwatch',
          'DescribeAlarms',
          input,
        );
        expectAwsError(client, outcome, {
          code: named(client, 'ValidationException', 'ValidationError'),
          status: 400,
          operation: 'DescribeAlarms',
          message: literally(message),
        });
      }
    },
  },
  ...signatureCases('cloudwatch', 'DescribeAlarms', {}),
]);

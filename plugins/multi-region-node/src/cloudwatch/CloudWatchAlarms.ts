import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DescribeAlarmsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { isAwsRegionCode } from '@multi-region-failover/plugin-multi-region-common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { accountCredentials } from '../aws/AccountClients';
import { CredentialsForAccount } from '../aws/credentials';
import { bounded, DeadlineWords, withTimeout } from '../aws/deadline';
import { ThrottlingRetryStrategy } from '../aws/ThrottlingRetryStrategy';

/** A CloudWatch alarm state, as the API spells it. @public */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One alarm's state as DescribeAlarms reports it. @public */
export interface AlarmState {
  name: string;
  state: AlarmStateValue;
  reason?: string;
  /** ISO 8601 time of the alarm's last state update. */
  updatedAt?: string;
}

/**
 * A failed read of alarm states: AWS's error (`code`, e.g. `AccessDenied`,
 * `Throttling`), the deadline, or the caller's abort. The message names the
 * account and region.
 *
 * @public
 */
export class CloudWatchAlarmsError extends Error {
  constructor(
    message: string,
    /** AWS's error code, `TimeoutError` or `AbortError`; absent for a bad argument. */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CloudWatchAlarmsError';
  }
}

/** DescribeAlarms takes at most this many names (and returns this many alarms) per call. */
const MAX_NAMES_PER_CALL = 100;
const MAX_NAME_LENGTH = 255;

/**
 * Reads CloudWatch alarm states with DescribeAlarms: one SDK client per
 * account and region (created on first use, credentials from the account's
 * provider as for Route 53), names in batches of at most 100, every page.
 * Each `states()` call is bounded by `timeoutMs` across its batches, pages
 * and retries, and each HTTP attempt by the connect and request timeouts, so
 * a hung CloudWatch cannot hold a caller. Only throttling is retried.
 * Batches go one after another: DescribeAlarms' quota is a few calls per
 * second per region.
 *
 * @public
 */
export class CloudWatchAlarms {
  private readonly clients = new Map<string, CloudWatchClient>();

  constructor(
    private readonly options: {
      credentialsFor: CredentialsForAccount;
      /** Override of the CloudWatch URL for every region (a local emulator, a VPC endpoint). */
      endpoint?: string;
      /** TCP connect timeout of one attempt. */
      connectTimeoutMs: number;
      /** Response timeout of one attempt (it throws, it does not just warn). */
      requestTimeoutMs: number;
      /** Budget of one `states()` call: batches, pages and retries. */
      timeoutMs: number;
      /** Attempts per request when throttled. Default 3. */
      maxAttempts?: number;
      /** Pause before the first retry of a throttled request; doubles for each later one. Default 200 ms. */
      retryBaseDelayMs?: number;
      /** Alarms per DescribeAlarms page (MaxRecords, 1 to 100). Default 100. */
      pageSize?: number;
    },
  ) {}

  /**
   * Alarm states by name, read in `region` of `accountId` with DescribeAlarms
   * (metric and composite alarms). Names not found are absent from the map.
   * Rejects with a {@link CloudWatchAlarmsError} on an AWS error, the
   * deadline or an abort, and on an account, region or name CloudWatch could
   * not take.
   */
  async states(
    accountId: string,
    region: string,
    names: string[],
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<Map<string, AlarmState>> {
    checkArguments(accountId, region, names);
    const wanted = [...new Set(names)];
    const found = new Map<string, AlarmState>();
    if (wanted.length === 0) return found;
    const where = `CloudWatch alarms of account ${accountId} in ${region}`;
    const signal = withTimeout(this.options.timeoutMs, options.abortSignal);
    const words: DeadlineWords = {
      timeout: `${where}: no answer within ${this.options.timeoutMs} ms`,
      aborted: `${where}: the read was aborted`,
    };
    const client = this.client(accountId, region);
    try {
      for (let i = 0; i < wanted.length; i += MAX_NAMES_PER_CALL) {
        const batch = wanted.slice(i, i + MAX_NAMES_PER_CALL);
        let token: string | undefined;
        do {
          const page: DescribeAlarmsCommandOutput = await bounded(
            client.send(
              new DescribeAlarmsCommand({
                AlarmNames: batch,
                AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
                MaxRecords: this.options.pageSize ?? MAX_NAMES_PER_CALL,
                NextToken: token,
              }),
              { abortSignal: signal },
            ),
            signal,
            words,
          );
          for (const alarm of [
            ...(page.MetricAlarms ?? []),
            ...(page.CompositeAlarms ?? []),
          ]) {
            if (!alarm.AlarmName || !alarm.StateValue) continue;
            found.set(alarm.AlarmName, {
              name: alarm.AlarmName,
              state: alarm.StateValue as AlarmStateValue,
              reason: alarm.StateReason,
              updatedAt: alarm.StateUpdatedTimestamp?.toISOString(),
            });
          }
          token = page.NextToken;
        } while (token);
      }
    } catch (error) {
      throw readError(error, where, signal, words);
    }
    return found;
  }

  /** Closes every client's sockets. */
  destroy(): void {
    this.clients.forEach(c => c.destroy());
    this.clients.clear();
  }

  private client(accountId: string, region: string): CloudWatchClient {
    const key = `${accountId} ${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const maxAttempts = this.options.maxAttempts ?? 3;
      client = new CloudWatchClient({
        region,
        endpoint: this.options.endpoint,
        credentials: accountCredentials(this.options.credentialsFor, accountId),
        maxAttempts,
        retryStrategy: new ThrottlingRetryStrategy({
          maxAttempts,
          baseDelayMs: this.options.retryBaseDelayMs ?? 200,
        }),
        requestHandler: new NodeHttpHandler({
          connectionTimeout: this.options.connectTimeoutMs,
          requestTimeout: this.options.requestTimeoutMs,
          throwOnRequestTimeout: true,
        }),
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The account and region name a client and endpoint; the names go on the wire. */
function checkArguments(accountId: string, region: string, names: string[]) {
  if (!/^\d{12}$/.test(accountId)) {
    throw new CloudWatchAlarmsError(
      `"${String(accountId).slice(0, 40)}" is not a 12-digit AWS account id`,
    );
  }
  if (!isAwsRegionCode(region)) {
    throw new CloudWatchAlarmsError(
      `"${String(region).slice(0, 40)}" is not an AWS region code`,
    );
  }
  const bad = names.find(
    n => typeof n !== 'string' || n.length === 0 || n.length > MAX_NAME_LENGTH,
  );
  if (bad !== undefined) {
    throw new CloudWatchAlarmsError(
      `"${String(bad).slice(
        0,
        60,
      )}" is not a CloudWatch alarm name (1 to ${MAX_NAME_LENGTH} characters)`,
    );
  }
}

/** The error of a failed read, in words naming where and why. */
function readError(
  error: unknown,
  where: string,
  signal: AbortSignal,
  words: DeadlineWords,
): CloudWatchAlarmsError {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  // The SDK's own abort error says nothing of why: the signal knows.
  if (signal.aborted && e.$metadata?.httpStatusCode === undefined) {
    const reason = (signal.reason as { name?: string } | undefined)?.name;
    const timedOut = reason === 'TimeoutError';
    return new CloudWatchAlarmsError(
      timedOut ? words.timeout : words.aborted,
      timedOut ? 'TimeoutError' : 'AbortError',
      { cause: error },
    );
  }
  const status = e.$metadata?.httpStatusCode;
  const message = e.message ?? String(error);
  if (status === undefined) {
    // No answer: a connection or timeout error of the HTTP layer.
    const code = e.code ?? e.name ?? 'Error';
    return new CloudWatchAlarmsError(
      `${where}: CloudWatch could not be read (${code}): ${message}`,
      code,
      { cause: error },
    );
  }
  // The query code (awsQueryCompatible), else the SDK's name for the error.
  const code = e.Code ?? e.name ?? 'Error';
  return new CloudWatchAlarmsError(
    `${where}: DescribeAlarms answered ${status} ${code}: ${message}`,
    code,
    { cause: error },
  );
}

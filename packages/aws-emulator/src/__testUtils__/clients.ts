/**
 * Real AWS SDK v3 clients pointed at an emulator, for tests.
 */
import path from 'node:path';
import http from 'node:http';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { Route53RecoveryControlConfigClient } from '@aws-sdk/client-route53-recovery-control-config';
import { Route53Client } from '@aws-sdk/client-route-53';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EMULATOR_CREDENTIALS } from '../credentials';
import type { ClusterEndpoint } from '../types';

/** The dev portal's fixture, so tests also prove it loads and means what it says. */
export const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);

export const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/';
export const ORDERS_PANEL = `${PANEL}1b2c3d4e5f60718293a4b5c6d7e8f90a`;
export const ORDERS_PRIMARY = `${ORDERS_PANEL}/routingcontrol/3c4d5e6f708192a3`;
export const ORDERS_SECONDARY = `${ORDERS_PANEL}/routingcontrol/4d5e6f708192a3b4`;
export const ORDERS_RULE = `${ORDERS_PANEL}/safetyrule/a0a0a0a0a0a0a0a2`;
export const EXTERNAL_PANEL = `${PANEL}0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
export const EXTERNAL_PRIMARY = `${EXTERNAL_PANEL}/routingcontrol/1a2b3c4d5e6f7081`;

/** Options every test client takes. */
export interface TestClientOptions {
  /** Sign as this key instead of EMULATOR_CREDENTIALS (another account of the fixture). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * The emulator's injected clock: the client signs with its time, so a fake
   * clock far from the real one passes the signature's 5-minute check.
   */
  clock?: () => number;
}

/** Makes a client sign with `clock`'s time (the SDK's clock-skew offset, set before every request). */
function signWith<
  C extends {
    config: { systemClockOffset?: number };
    middlewareStack: { add(...args: any[]): void };
  },
>(client: C, clock?: () => number): C {
  if (clock) {
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
        client.config.systemClockOffset = clock() - Date.now();
        return next(args);
      },
      { step: 'build', name: 'emulatorClock' },
    );
  }
  return client;
}

function handler(timeoutMs = 1500) {
  return new NodeHttpHandler({
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    throwOnRequestTimeout: true,
  });
}

export function clusterClient(
  endpoint: ClusterEndpoint,
  options: {
    region?: string;
    maxAttempts?: number;
    timeoutMs?: number;
  } & TestClientOptions = {},
) {
  return signWith(
    new Route53RecoveryClusterClient({
      region: options.region ?? endpoint.Region,
      endpoint: endpoint.Endpoint,
      credentials: options.credentials ?? EMULATOR_CREDENTIALS,
      maxAttempts: options.maxAttempts ?? 1,
      requestHandler: handler(options.timeoutMs),
    }),
    options.clock,
  );
}

export function controlPlaneClient(
  endpoint: string,
  region = 'us-west-2',
  options: TestClientOptions = {},
) {
  return signWith(
    new Route53RecoveryControlConfigClient({
      region,
      endpoint,
      credentials: options.credentials ?? EMULATOR_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: handler(),
    }),
    options.clock,
  );
}

export function route53Client(
  endpoint: string,
  region = 'us-east-1',
  options: TestClientOptions = {},
) {
  return signWith(
    new Route53Client({
      region,
      endpoint,
      credentials: options.credentials ?? EMULATOR_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: handler(),
    }),
    options.clock,
  );
}

/** CloudWatch signs for the region it is asked about: one listener serves them all. */
export function cloudWatchClient(
  endpoint: string,
  region: string,
  options: TestClientOptions & { protocol?: unknown } = {},
) {
  return signWith(
    new CloudWatchClient({
      region,
      endpoint,
      credentials: options.credentials ?? EMULATOR_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: handler(),
      ...(options.protocol ? { protocol: options.protocol as any } : {}),
    }),
    options.clock,
  );
}

/** A manual clock for throttling, wait periods and propagation delay. */
export function manualClock(start = Date.parse('2026-11-28T12:00:00.000Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A raw HTTP request (no SDK), to pin down the exact wire format. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  } = {},
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: new http.Agent(),
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw request signed by the maintained signer for `service` in `region`, outside any SDK client. */
export async function signedRawRequest(
  url: string,
  sign: {
    service: string;
    region: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    /** The emulator's (fake) time to sign with; default now. */
    clock?: () => number;
  },
) {
  const target = new URL(url);
  const signed = await new SignatureV4({
    credentials: sign.credentials ?? EMULATOR_CREDENTIALS,
    region: sign.region,
    service: sign.service,
    sha256: Sha256,
  }).sign(
    {
      method: sign.method ?? 'GET',
      protocol: 'http:',
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...sign.headers },
      body: sign.body,
    },
    sign.clock ? { signingDate: new Date(sign.clock()) } : {},
  );
  return rawRequest(url, {
    method: sign.method,
    headers: signed.headers as Record<string, string>,
    body: sign.body,
  });
}

/** Calls the emulator's admin API with JSON. */
export async function admin(
  base: string,
  method: string,
  route: string,
  body?: unknown,
) {
  const res = await rawRequest(`${base}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(res.body) };
}

/**
 * Two independent clients behind one interface: the AWS SDK for JavaScript
 * v3 and the AWS CLI (botocore). A case calls `call(service, operation,
 * input)` once and runs unchanged with either; each reports success or the
 * AWS error as that client sees it.
 */
import * as clusterSdk from '@aws-sdk/client-route53-recovery-cluster';
import * as controlSdk from '@aws-sdk/client-route53-recovery-control-config';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as cloudWatchSdk from '@aws-sdk/client-cloudwatch';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../emulator';
import {
  CliCredentials,
  cliOptions,
  kebab,
  parseCliError,
  runAwsCli,
} from './awsCli';
import { KEYS } from './fixture';

/** The four emulated AWS services. */
export type Service = 'cluster' | 'control' | 'route53' | 'cloudwatch';

/**
 * Who signs, and how: `valid` (the main account), `otherAccount`, or one of
 * the ways a signature goes wrong.
 */
export type Auth =
  | 'valid'
  | 'otherAccount'
  | 'unsigned'
  | 'wrongSecret'
  | 'unknownKey'
  | 'wrongRegion';

/** A region no listener signs for. */
export const WRONG_REGION = 'eu-central-1';

/**
 * The wrong region for a service: CloudWatch answers every region, so only
 * something that is no region code is wrong there.
 */
export function wrongRegionOf(service: Service): string {
  return service === 'cloudwatch' ? 'not-a-region' : WRONG_REGION;
}

const CREDENTIALS: Record<
  Exclude<Auth, 'unsigned' | 'wrongRegion'>,
  { accessKeyId: string; secretAccessKey: string }
> = {
  valid: KEYS.main,
  otherAccount: KEYS.other,
  wrongSecret: {
    accessKeyId: KEYS.main.accessKeyId,
    secretAccessKey: 'not-the-secret',
  },
  unknownKey: {
    accessKeyId: 'AKIDUNKNOWNCONFORMANCE',
    secretAccessKey: 'whatever',
  },
};

function credentialsOf(auth: Auth) {
  return auth === 'unsigned' || auth === 'wrongRegion'
    ? CREDENTIALS.valid
    : CREDENTIALS[auth];
}

export interface CallOptions {
  auth?: Auth;
  /** Data plane: which of the five cluster endpoints. Default 0. */
  endpointIndex?: number;
  /** CloudWatch: the region to ask (and sign for). Default us-east-1. */
  region?: string;
  /** CLI only: botocore config file content (e.g. `parameter_validation = false`). */
  cliConfig?: string;
  /** CLI only: options of the CLI itself, e.g. `['--page-size', '2']`. */
  cliArgs?: string[];
  /**
   * SDK only: a client of its own for this call. The SDK corrects its clock
   * offset from any clock-skew error's `Date` header, even without retrying,
   * which would leave a shared client skewed for later cases.
   */
  ownClient?: boolean;
}

/** How a call ended, as the client reports it. */
export type Outcome =
  | { ok: true; output: any }
  | {
      ok: false;
      /** SDK: `error.name`; CLI: the code in its error line. */
      code: string;
      message: string;
      /** SDK only: `$metadata.httpStatusCode`. */
      status?: number;
      /** CLI only. */
      exitCode?: number;
      /** CLI only: the operation its error line names. */
      operation?: string;
      /** CLI only: the whole stderr, for failure messages. */
      stderr?: string;
    };

export interface Caller {
  readonly kind: 'sdk' | 'cli';
  call(
    service: Service,
    operation: string,
    input?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Outcome>;
}

/** Where a service listens and which region it signs for (the listener's own; CloudWatch's the caller's). */
export function targetOf(
  emu: Emulator,
  service: Service,
  endpointIndex = 0,
  region = 'us-east-1',
): { endpoint: string; region: string } {
  if (service === 'cluster') {
    const e = emu.clusterEndpoints[endpointIndex];
    return { endpoint: e.Endpoint, region: e.Region };
  }
  if (service === 'cloudwatch')
    return { endpoint: emu.cloudWatchEndpoint, region };
  return service === 'control'
    ? { endpoint: emu.controlPlaneEndpoint, region: 'us-west-2' }
    : { endpoint: emu.route53Endpoint, region: 'us-east-1' };
}

/** Sends the request without Authorization and X-Amz-Date: the SDK's signature, undone on the wire. */
class UnsignedHandler extends NodeHttpHandler {
  handle(...args: Parameters<NodeHttpHandler['handle']>) {
    const [request] = args;
    for (const header of Object.keys(request.headers)) {
      if (/^(authorization|x-amz-date|x-amz-security-token)$/i.test(header))
        delete request.headers[header];
    }
    return super.handle(...args);
  }
}

const SDK_MODULES: Record<Service, Record<string, any>> = {
  cluster: clusterSdk,
  control: controlSdk,
  route53: route53Sdk,
  cloudwatch: cloudWatchSdk,
};

const CLIENT_CLASSES = {
  cluster: clusterSdk.Route53RecoveryClusterClient,
  control: controlSdk.Route53RecoveryControlConfigClient,
  route53: route53Sdk.Route53Client,
  cloudwatch: cloudWatchSdk.CloudWatchClient,
};

/** SDK clients per service, auth and endpoint, created on first use. */
export class SdkClients {
  private readonly clients = new Map<string, { send: any; destroy(): void }>();

  constructor(private readonly emu: () => Emulator) {}

  client(
    service: 'cluster',
    auth?: Auth,
    endpointIndex?: number,
  ): clusterSdk.Route53RecoveryClusterClient;
  client(
    service: 'control',
    auth?: Auth,
  ): controlSdk.Route53RecoveryControlConfigClient;
  client(service: 'route53', auth?: Auth): route53Sdk.Route53Client;
  client(
    service: 'cloudwatch',
    auth?: Auth,
    endpointIndex?: number,
    region?: string,
  ): cloudWatchSdk.CloudWatchClient;
  client(
    service: Service,
    auth: Auth = 'valid',
    endpointIndex = 0,
    region = 'us-east-1',
  ): any {
    const key = `${service} ${auth} ${endpointIndex} ${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(service, { auth, endpointIndex, region });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * A client of its own, for a case that changes a client's state (its clock
   * offset, its middleware); the case destroys it.
   */
  create(
    service: Service,
    options: {
      auth?: Auth;
      endpointIndex?: number;
      region?: string;
      maxAttempts?: number;
    } = {},
  ): { send: any; destroy(): void } {
    const auth = options.auth ?? 'valid';
    const target = targetOf(
      this.emu(),
      service,
      options.endpointIndex,
      options.region,
    );
    const handlerOptions = {
      connectionTimeout: 10_000,
      requestTimeout: 10_000,
      throwOnRequestTimeout: true,
    };
    const Client = CLIENT_CLASSES[service] as any;
    return new Client({
      region: auth === 'wrongRegion' ? wrongRegionOf(service) : target.region,
      endpoint: target.endpoint,
      credentials: { ...credentialsOf(auth) },
      maxAttempts: options.maxAttempts ?? 1,
      requestHandler:
        auth === 'unsigned'
          ? new UnsignedHandler(handlerOptions)
          : new NodeHttpHandler(handlerOptions),
    });
  }

  destroy(): void {
    this.clients.forEach(c => c.destroy());
    this.clients.clear();
  }
}

/** Plain JSON, as the CLI prints it: no `$metadata`, dates as ISO strings. */
function plain(output: Record<string, unknown>): any {
  const { $metadata: _metadata, ...rest } = output;
  return JSON.parse(JSON.stringify(rest));
}

/** The SDK's command class for an operation, e.g. `GetHostedZoneCommand`. */
export function sdkCommand(service: Service, operation: string): any {
  const Command = SDK_MODULES[service][`${operation}Command`];
  if (!Command) throw new Error(`The SDK has no ${operation}Command`);
  return Command;
}

export function sdkCaller(clients: SdkClients): Caller {
  return {
    kind: 'sdk',
    async call(service, operation, input = {}, options = {}) {
      const Command = sdkCommand(service, operation);
      const client = options.ownClient
        ? clients.create(service, options)
        : (clients.client as any)(
            service,
            options.auth,
            options.endpointIndex,
            options.region,
          );
      try {
        return {
          ok: true,
          output: plain(await client.send(new Command(input))),
        };
      } catch (error) {
        const e = error as Error & { $metadata?: { httpStatusCode?: number } };
        // Only an answer from the emulator counts; a network failure fails the case.
        if (e.$metadata?.httpStatusCode === undefined) throw error;
        return {
          ok: false,
          code: e.name,
          message: e.message,
          status: e.$metadata.httpStatusCode,
        };
      } finally {
        if (options.ownClient) client.destroy();
      }
    },
  };
}

const CLI_SERVICES: Record<Service, string> = {
  cluster: 'route53-recovery-cluster',
  control: 'route53-recovery-control-config',
  route53: 'route53',
  cloudwatch: 'cloudwatch',
};

export function cliCaller(emu: () => Emulator): Caller {
  return {
    kind: 'cli',
    async call(service, operation, input = {}, options = {}) {
      const auth = options.auth ?? 'valid';
      const target = targetOf(
        emu(),
        service,
        options.endpointIndex,
        options.region,
      );
      let configDir: string | undefined;
      let configFile: string | undefined;
      if (options.cliConfig !== undefined) {
        configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-aws-'));
        configFile = path.join(configDir, 'config');
        fs.writeFileSync(configFile, `[default]\n${options.cliConfig}\n`);
      }
      const credentials: CliCredentials =
        auth === 'unsigned' ? 'unsigned' : credentialsOf(auth);
      try {
        const result = await runAwsCli({
          service: CLI_SERVICES[service],
          command: kebab(operation),
          args: [...cliOptions(input), ...(options.cliArgs ?? [])],
          endpointUrl: target.endpoint,
          region:
            auth === 'wrongRegion' ? wrongRegionOf(service) : target.region,
          credentials,
          configFile,
        });
        if (result.exitCode === 0) {
          const text = result.stdout.trim();
          return { ok: true, output: text ? JSON.parse(text) : {} };
        }
        const parsed = parseCliError(result.stderr);
        return {
          ok: false,
          code: parsed?.code ?? '(no AWS error line on stderr)',
          message: parsed?.message ?? result.stderr.trim(),
          operation: parsed?.operation,
          exitCode: result.exitCode,
          stderr: result.stderr,
        };
      } finally {
        if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Runs one of the CLI's waiters (`aws <service> wait <waiter> ...`), which
 * polls with the delay of botocore's waiter model; resolves with its result.
 */
export function runCliWaiter(
  emu: Emulator,
  service: Service,
  waiter: string,
  input: Record<string, unknown>,
) {
  const target = targetOf(emu, service);
  return runAwsCli({
    service: CLI_SERVICES[service],
    command: 'wait',
    args: [waiter, ...cliOptions(input)],
    endpointUrl: target.endpoint,
    region: target.region,
    credentials: CREDENTIALS.valid,
  });
}

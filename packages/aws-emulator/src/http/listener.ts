/**
 * One loopback HTTP listener with signature verification, fault injection and
 * request logging around a service handler. Each cluster endpoint, the control
 * plane, Route 53 and CloudWatch get one each.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import type { EmulatorAccount } from '../accounts';
import { newRequestId } from '../arns';
import {
  EmulatedService,
  FaultMode,
  FaultOptions,
  RequestLogEntry,
} from '../types';
import {
  AwsError,
  HandlerResponse,
  RequestContext,
  parseAttempt,
  parseSigningScope,
  readBody,
} from './wire';
import { SignatureError, verifySignature } from './sigv4';
import { toError } from '@backstage/errors';

/** The part of a listener that knows one AWS protocol and service. */
export interface ServiceHandler {
  readonly service: EmulatedService;
  /** SigV4 service name clients must sign with. */
  readonly signingService: string;
  /**
   * Region clients must sign with. Undefined: one listener serves every
   * region (CloudWatch), and the scope's region, any region code, is the
   * request's.
   */
  readonly signingRegion?: string;
  /**
   * AWS's codes for signature errors: the JSON services' `...Exception`
   * names (default), or the XML/query codes (Route 53; CloudWatch, which
   * keeps its query codes).
   */
  readonly signatureErrorCodes?: 'json' | 'xml';
  /** Error for a fault mode that answers with an AWS error. */
  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError;
  /** Serialises an error in the protocol's format. */
  renderError(error: AwsError, ctx: RequestContext): HandlerResponse;
  /** Names the operation (for the log) before faults are applied. */
  identify(ctx: RequestContext): void;
  handle(ctx: RequestContext): HandlerResponse;
}

/** Settings a listener reads on every request. */
export interface ListenerSettings {
  /** Check every request's SigV4 signature (else any signature passes). */
  verifySignatures: boolean;
  /** The accounts whose keys may sign; the first is the default account. */
  accounts: readonly EmulatorAccount[];
  clock: () => number;
  log(entry: RequestLogEntry): void;
}

function emulatorBug(error: unknown): AwsError {
  return new AwsError(
    'InternalServerException',
    500,
    `Emulator bug: ${toError(error).message}`,
  );
}

function faultName(mode: FaultMode): string {
  return typeof mode === 'string' ? mode : `slow(${mode.slow})`;
}

/** An HTTP listener whose behaviour can be switched at run time. */
export class FaultableListener {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private mode: FaultMode = 'up';
  /** When set, the fault applies to these operations only. */
  private faultOperations?: ReadonlySet<string>;
  private boundPort = 0;

  constructor(
    private readonly handler: ServiceHandler,
    private readonly settings: ListenerSettings,
    private readonly host: string,
    private readonly requestedPort: number,
    /** Extra fields for every log entry (endpoint index). */
    private readonly logFields: Partial<RequestLogEntry> = {},
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get fault(): FaultMode {
    return this.mode;
  }

  async start(): Promise<void> {
    await this.listen(this.requestedPort);
  }

  /**
   * Switches the fault mode, for every request or only for the named
   * operations (the others are served normally); resolves once the listener
   * is closed or open again.
   */
  async setFault(mode: FaultMode, options: FaultOptions = {}): Promise<void> {
    if (mode === 'refuse' && options.operations) {
      throw new Error(
        "'refuse' closes the listener, so it cannot apply to some operations only",
      );
    }
    this.faultOperations = options.operations
      ? new Set(options.operations)
      : undefined;
    const previous = this.mode;
    this.mode = mode;
    if (mode === 'refuse' && previous !== 'refuse') {
      await this.close();
    } else if (mode !== 'refuse' && previous === 'refuse') {
      await this.listen(this.boundPort);
    }
  }

  async stop(): Promise<void> {
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
    await this.close();
  }

  private listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.onRequest(req, res).catch(() => res.destroy());
    });
    server.keepAliveTimeout = 5000;
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        this.server = server;
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Closes the listener and destroys every open socket (hung requests included). */
  private close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise(resolve => {
      server.close(() => resolve());
      this.sockets.forEach(socket => socket.destroy());
      this.sockets.clear();
    });
  }

  private async onRequest(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.alloc(0),
      requestId: newRequestId(),
      scope: parseSigningScope(req.headers),
      operation: 'unknown',
    };
    const entry: RequestLogEntry = {
      service: this.handler.service,
      ...this.logFields,
      operation: 'unknown',
      attempt: parseAttempt(req.headers),
      signingRegion: ctx.scope?.region,
      signingService: ctx.scope?.service,
      accessKeyId: ctx.scope?.accessKeyId,
      status: 0,
      requestId: ctx.requestId,
      at: this.settings.clock(),
    };
    const finish = (response: HandlerResponse, errorCode?: string) => {
      entry.operation = ctx.operation;
      entry.body = ctx.logBody;
      entry.status = response.status;
      entry.errorCode = errorCode;
      this.settings.log(entry);
      res.writeHead(response.status, {
        'x-amzn-RequestId': ctx.requestId,
        // The emulator's time: the SDKs correct their clock skew from it.
        Date: new Date(this.settings.clock()).toUTCString(),
        'Content-Length': String(Buffer.byteLength(response.body)),
        ...response.headers,
      });
      res.end(response.body);
    };
    const fail = (error: AwsError) =>
      finish(this.handler.renderError(error, ctx), error.code);

    try {
      ctx.body = await readBody(req);
      this.handler.identify(ctx);
    } catch (error) {
      if (error instanceof AwsError) fail(error);
      else res.destroy();
      return;
    }
    entry.operation = ctx.operation;
    entry.body = ctx.logBody;

    // Like AWS, authenticate before anything else can answer.
    try {
      ctx.accountId = await this.accountOf(req, ctx);
    } catch (error) {
      fail(
        error instanceof SignatureError
          ? error.toAwsError(this.handler.signatureErrorCodes ?? 'json')
          : emulatorBug(error),
      );
      return;
    }

    const mode =
      this.faultOperations && !this.faultOperations.has(ctx.operation)
        ? 'up'
        : this.mode;
    if (mode === 'reset' || mode === 'hang' || mode === 'refuse') {
      entry.fault = mode;
      this.settings.log(entry);
      // 'hang' keeps the socket open until the client gives up or stop() runs.
      if (mode !== 'hang') req.socket.destroy();
      return;
    }
    if (
      mode === 'unavailable' ||
      mode === 'unavailable-400' ||
      mode === 'internal' ||
      mode === 'throttle'
    ) {
      entry.fault = mode;
      fail(this.handler.faultError(mode));
      return;
    }
    if (typeof mode === 'object') {
      entry.fault = faultName(mode);
      await new Promise<void>(resolve => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, mode.slow);
        this.timers.add(timer);
      });
      if (!this.server || res.destroyed) {
        // Stopped while waiting: the request is dropped, like a server going away.
        return;
      }
    }
    try {
      finish(this.handler.handle(ctx));
    } catch (error) {
      fail(error instanceof AwsError ? error : emulatorBug(error));
    }
  }

  /**
   * The account the request acts as: the one whose key signed it. Without
   * verification, the account of a known key, else the default account.
   */
  private async accountOf(
    req: IncomingMessage,
    ctx: RequestContext,
  ): Promise<string> {
    const { accounts, verifySignatures, clock } = this.settings;
    if (!verifySignatures) {
      const known = accounts.find(
        a => a.accessKeyId === ctx.scope?.accessKeyId,
      );
      return (known ?? accounts[0]).accountId;
    }
    const account = await verifySignature(
      {
        method: ctx.method,
        url: req.url ?? '/',
        headers: req.headers,
        body: ctx.body,
      },
      {
        service: this.handler.signingService,
        region: this.handler.signingRegion,
      },
      accounts,
      clock(),
    );
    return account.accountId;
  }
}

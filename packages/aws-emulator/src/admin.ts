/**
 * The admin API: plain JSON over HTTP on its own port, for people and test
 * scripts (curl). Not an AWS protocol, and never signed.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import type { Emulator } from './emulator';
import { readBody } from './http/wire';
import type { FixtureAlarm } from './fixtureSchema';
import { FaultMode, FaultOptions, FaultTarget } from './types';
import { toError } from '@backstage/errors';

/** A running admin API. */
export interface AdminApi {
  port: number;
  stop(): Promise<void>;
}

class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const SIMPLE_MODES = [
  'up',
  'refuse',
  'hang',
  'reset',
  'unavailable',
  'unavailable-400',
  'internal',
  'throttle',
];

/** Reads `{ endpoint, mode, ms? }`: endpoint = index, region label, `controlPlane`, `route53` or `cloudWatch`. */
export function parseFaultRequest(
  body: Record<string, unknown>,
  emulator: Pick<Emulator, 'clusterEndpoints'>,
): { target: FaultTarget; mode: FaultMode; options: FaultOptions } {
  const { endpoint, mode, ms, operations } = body;
  if (
    operations !== undefined &&
    !(
      Array.isArray(operations) &&
      operations.length > 0 &&
      operations.every(o => typeof o === 'string')
    )
  ) {
    throw new AdminError(
      400,
      `operations must be a non-empty list of operation names, e.g. ["UpdateRoutingControlStates"]; got ${JSON.stringify(
        operations,
      )}`,
    );
  }
  const options: FaultOptions = operations
    ? { operations: operations as string[] }
    : {};
  if (mode === 'refuse' && options.operations) {
    throw new AdminError(
      400,
      '"refuse" closes the listener, so it cannot apply to some operations only',
    );
  }
  let target: FaultTarget;
  if (
    endpoint === 'controlPlane' ||
    endpoint === 'route53' ||
    endpoint === 'cloudWatch'
  ) {
    target = endpoint;
  } else if (
    typeof endpoint === 'number' &&
    emulator.clusterEndpoints[endpoint]
  ) {
    target = endpoint;
  } else if (
    typeof endpoint === 'string' &&
    emulator.clusterEndpoints.some(e => e.Region === endpoint)
  ) {
    target = emulator.clusterEndpoints.findIndex(e => e.Region === endpoint);
  } else {
    throw new AdminError(
      400,
      `endpoint must be a cluster endpoint index (0-${
        emulator.clusterEndpoints.length - 1
      }), its region, "controlPlane", "route53" or "cloudWatch"; got ${JSON.stringify(
        endpoint,
      )}`,
    );
  }
  if (typeof mode === 'string' && SIMPLE_MODES.includes(mode))
    return { target, mode: mode as FaultMode, options };
  const slow =
    mode === 'slow' ? ms : (mode as { slow?: unknown } | undefined)?.slow;
  if (typeof slow === 'number' && slow >= 0)
    return { target, mode: { slow }, options };
  throw new AdminError(
    400,
    `mode must be one of ${SIMPLE_MODES.join(
      ', ',
    )}, "slow" with ms, or {"slow": ms}; got ${JSON.stringify(mode)}`,
  );
}

async function jsonBody(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed;
  } catch {
    // fall through
  }
  throw new AdminError(400, 'Request body must be a JSON object');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function state(emulator: Emulator) {
  const snapshot = emulator.snapshot();
  return {
    clusterArn: emulator.clusterArn,
    clusterEndpoints: emulator.clusterEndpoints,
    controlPlaneEndpoint: emulator.controlPlaneEndpoint,
    route53Endpoint: emulator.route53Endpoint,
    cloudWatchEndpoint: emulator.cloudWatchEndpoint,
    faults: emulator.faults(),
    routingControls: snapshot.routingControls.map(c => ({
      arn: c.RoutingControlArn,
      name: c.Name,
      controlPanelArn: c.ControlPanelArn,
      state: c.State,
    })),
  };
}

async function route(
  emulator: Emulator,
  req: IncomingMessage,
): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  const key = `${req.method} ${url.pathname.replace(/\/$/, '') || '/'}`;
  switch (key) {
    case 'GET /':
    case 'GET /state':
      return [200, state(emulator)];
    case 'GET /snapshot':
      return [200, emulator.snapshot()];
    case 'PUT /snapshot': {
      const body = await jsonBody(req);
      if (!body.cluster || !Array.isArray(body.routingControls)) {
        throw new AdminError(
          400,
          'Body must be a snapshot as returned by GET /snapshot',
        );
      }
      emulator.restore(body as any);
      return [200, state(emulator)];
    }
    case 'GET /faults':
      return [200, emulator.faults()];
    case 'POST /faults': {
      const { target, mode, options } = parseFaultRequest(
        await jsonBody(req),
        emulator,
      );
      await emulator.setFault(target, mode, options);
      return [200, emulator.faults()];
    }
    case 'DELETE /faults':
      await emulator.clearFaults();
      return [200, emulator.faults()];
    case 'GET /log': {
      const since = Number(url.searchParams.get('since') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 0);
      const entries = emulator.requestLog().filter(e => e.at >= since);
      return [200, limit > 0 ? entries.slice(-limit) : entries];
    }
    case 'DELETE /log':
      emulator.clearLog();
      return [200, []];
    case 'POST /reset':
      await emulator.reset();
      return [200, state(emulator)];
    case 'GET /settings':
      return [200, emulator.settings()];
    case 'PUT /settings': {
      const body = await jsonBody(req);
      try {
        return [200, emulator.updateSettings(body)];
      } catch (error) {
        throw new AdminError(400, toError(error).message);
      }
    }
    case 'GET /routing-controls':
      return [200, state(emulator).routingControls];
    case 'PUT /routing-controls/state': {
      const body = await jsonBody(req);
      if (
        typeof body.arn !== 'string' ||
        (body.state !== 'On' && body.state !== 'Off')
      ) {
        throw new AdminError(
          400,
          'Body must be {"arn": "<routing control ARN>", "state": "On" | "Off"}',
        );
      }
      if (emulator.getRoutingControlState(body.arn) === undefined) {
        throw new AdminError(404, `No routing control ${body.arn}`);
      }
      emulator.setRoutingControlState(body.arn, body.state);
      return [200, { arn: body.arn, state: body.state }];
    }
    case 'GET /alarms': {
      const region = url.searchParams.get('region');
      const accountId = url.searchParams.get('accountId');
      return [
        200,
        emulator
          .alarms()
          .filter(
            a =>
              (region === null || a.Region === region) &&
              (accountId === null || a.AccountId === accountId),
          ),
      ];
    }
    case 'POST /alarms': {
      const body = await jsonBody(req);
      try {
        return [200, emulator.setAlarmState(body as FixtureAlarm)];
      } catch (error) {
        throw new AdminError(
          400,
          `${
            toError(error).message
          }. Body: {"region": "us-east-1", "name": "<alarm name>", "state": "OK" | "ALARM" | "INSUFFICIENT_DATA", "reason"?: "...", "accountId"?: "<12 digits>"}`,
        );
      }
    }
    default:
      throw new AdminError(
        404,
        `No admin route ${key}. Routes: GET /state, GET|PUT /snapshot, GET|POST|DELETE /faults, GET|DELETE /log, POST /reset, GET|PUT /settings, GET /routing-controls, PUT /routing-controls/state, GET|POST /alarms`,
      );
  }
}

/** Starts the admin API for an emulator. */
export function startAdminApi(
  emulator: Emulator,
  host: string,
  port: number,
): Promise<AdminApi> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    route(emulator, req)
      .then(([status, body]) => send(res, status, body))
      .catch(error =>
        send(res, error instanceof AdminError ? error.status : 500, {
          error: toError(error).message,
        }),
      );
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise(done => {
            server.close(() => done());
            sockets.forEach(socket => socket.destroy());
          }),
      });
    });
  });
}

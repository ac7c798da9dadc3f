import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GetRoutingControlStateCommand,
  UpdateRoutingControlStateCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { startEmulator, Emulator } from '.';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PRIMARY,
  ORDERS_SECONDARY,
  admin,
  clusterClient,
  route53Client,
} from './__testUtils__/clients';

/**
 * Network errors from Node core fail the SDK's `instanceof Error` check inside
 * jest's sandbox, so the SDK re-wraps them as "AWS SDK error wrapper for
 * Error: connect ECONNREFUSED ..." without `code`. Outside jest `code` is set.
 */
const networkError = (error: any): string => {
  const text = `${error.code ?? ''} ${error.message}`;
  if (text.includes('ECONNREFUSED')) return 'refused';
  if (/ECONNRESET|EPIPE|socket hang up/.test(text)) return 'reset';
  return `unexpected: ${text}`;
};

/** An answered error's name, 'timeout', or the network failure. */
const outcome = (error: any): string => {
  if (error.$metadata?.httpStatusCode) return error.name;
  if (error.name === 'TimeoutError') return 'timeout';
  return networkError(error);
};

const get = (
  emu: Emulator,
  index: number,
  options: Parameters<typeof clusterClient>[1] = {},
) =>
  clusterClient(emu.clusterEndpoints[index], options).send(
    new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
  );

describe('fault injection', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  it('refuse closes the listener (ECONNREFUSED) and up reopens it on the same port', async () => {
    await emu.setFault(1, 'refuse');
    const error = await get(emu, 1).catch(e => e);
    expect(networkError(error)).toBe('refused');
    await get(emu, 0);
    await emu.setFault(1, 'up');
    expect((await get(emu, 1)).RoutingControlState).toBe('On');
  });

  it('hang never answers, so a client timeout fires', async () => {
    await emu.setFault(2, 'hang');
    const error = await get(emu, 2, { timeoutMs: 300 }).catch(e => e);
    expect(error.name).toBe('TimeoutError');
    expect(emu.requestLog().pop()).toMatchObject({
      endpointIndex: 2,
      fault: 'hang',
      status: 0,
    });
  });

  it('slow answers after the delay, late enough to trip a shorter timeout', async () => {
    await emu.setFault(3, { slow: 150 });
    expect((await get(emu, 3)).RoutingControlState).toBe('On');
    expect(emu.requestLog().pop()).toMatchObject({
      endpointIndex: 3,
      fault: 'slow(150)',
      status: 200,
    });
    await emu.setFault(3, { slow: 1000 });
    const error = await get(emu, 3, { timeoutMs: 200 }).catch(e => e);
    expect(error.name).toBe('TimeoutError');
  });

  it('reset destroys the socket', async () => {
    await emu.setFault(4, 'reset');
    const error = await get(emu, 4).catch(e => e);
    expect(networkError(error)).toBe('reset');
    expect(emu.requestLog().pop()).toMatchObject({
      endpointIndex: 4,
      fault: 'reset',
      status: 0,
    });
  });

  it('unavailable answers 503 (retried by the SDK), unavailable-400 answers 400 (not retried)', async () => {
    await emu.setFault(0, 'unavailable');
    emu.clearLog();
    const error = await get(emu, 0, { maxAttempts: 2 }).catch(e => e);
    expect(error.name).toBe('EndpointTemporarilyUnavailableException');
    expect(error.$metadata.httpStatusCode).toBe(503);
    expect(emu.requestLog().map(e => e.attempt)).toEqual([1, 2]);

    await emu.setFault(0, 'unavailable-400');
    emu.clearLog();
    const error400 = await get(emu, 0, { maxAttempts: 2 }).catch(e => e);
    expect(error400.name).toBe('EndpointTemporarilyUnavailableException');
    expect(error400.$metadata.httpStatusCode).toBe(400);
    expect(emu.requestLog().map(e => e.attempt)).toEqual([1]);
  });

  it('internal answers 500 InternalServerException, throttle answers 429 ThrottlingException', async () => {
    await emu.setFault(1, 'internal');
    const internal = await get(emu, 1).catch(e => e);
    expect(internal.name).toBe('InternalServerException');
    expect(internal.$metadata.httpStatusCode).toBe(500);
    await emu.setFault(1, 'throttle');
    const throttled = await get(emu, 1).catch(e => e);
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.retryAfterSeconds).toBe(1);
  });

  it('with all five endpoints down every call fails, and a failed write changes nothing', async () => {
    const modes = [
      'refuse',
      'hang',
      'unavailable',
      'internal',
      'reset',
    ] as const;
    await Promise.all(modes.map((mode, i) => emu.setFault(i, mode)));
    const errors = [];
    for (let i = 0; i < 5; i++) {
      errors.push(
        await clusterClient(emu.clusterEndpoints[i], { timeoutMs: 300 })
          .send(
            new UpdateRoutingControlStateCommand({
              RoutingControlArn: ORDERS_SECONDARY,
              RoutingControlState: 'On',
            }),
          )
          .catch(outcome),
      );
    }
    expect(errors).toEqual([
      'refused',
      'timeout',
      'EndpointTemporarilyUnavailableException',
      'InternalServerException',
      'reset',
    ]);
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
    await emu.clearFaults();
    expect(emu.faults().cluster).toEqual(['up', 'up', 'up', 'up', 'up']);
    expect((await get(emu, 0)).RoutingControlState).toBe('On');
  });

  it('a fault can apply to some operations only: writes fail, reads work', async () => {
    await emu.setFault(2, 'internal', {
      operations: ['UpdateRoutingControlState'],
    });
    expect((await get(emu, 2)).RoutingControlState).toBe('On');
    const write = await clusterClient(emu.clusterEndpoints[2])
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
          RoutingControlState: 'On',
        }),
      )
      .catch(e => e);
    expect(write.name).toBe('InternalServerException');
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
    await expect(
      emu.setFault(2, 'refuse', { operations: ['GetRoutingControlState'] }),
    ).rejects.toThrow('cannot apply to some operations only');
    // a fault for every operation again
    await emu.setFault(2, 'internal');
    expect((await get(emu, 2).catch(e => e)).name).toBe(
      'InternalServerException',
    );
  });

  it('faults also apply to the Route 53 listener', async () => {
    await emu.setFault('route53', 'unavailable');
    const error = await route53Client(emu.route53Endpoint)
      .send(new ListHostedZonesCommand({}))
      .catch(e => e);
    expect(error.name).toBe('ServiceUnavailable');
    expect(error.$metadata.httpStatusCode).toBe(503);
  });

  it('checks signatures before faults, and logs the rejection with its signing scope', async () => {
    await emu.setFault(0, 'unavailable');
    emu.clearLog();
    const error = await get(emu, 0, { region: 'eu-west-1' }).catch(e => e);
    expect(error.name).toBe('InvalidSignatureException');
    expect(emu.requestLog()[0]).toMatchObject({
      region: 'us-east-1',
      signingRegion: 'eu-west-1',
      signingService: 'route53-recovery-cluster',
      accessKeyId: 'AKIDEMULATOR',
      status: 403,
      errorCode: 'InvalidSignatureException',
    });
    expect(emu.requestLog()[0].fault).toBeUndefined();
  });
});

describe('verifySignatures: false', () => {
  it('accepts a request signed for another region, and logs its scope', async () => {
    const emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      verifySignatures: false,
    });
    try {
      expect(
        (await get(emu, 1, { region: 'us-east-1' })).RoutingControlState,
      ).toBe('On');
      expect(emu.requestLog().pop()).toMatchObject({
        endpointIndex: 1,
        region: 'us-west-2',
        signingRegion: 'us-east-1',
        status: 200,
      });
    } finally {
      await emu.stop();
    }
  });
});

describe('stop', () => {
  it('destroys hung sockets, so stop() returns and the client sees the connection drop', async () => {
    const emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
    await emu.setFault(0, 'hang');
    const pending = get(emu, 0, { timeoutMs: 60_000 }).catch(e => e);
    // Wait until the request has reached the emulator.
    while (!emu.requestLog().some(e => e.fault === 'hang')) {
      await new Promise(resolve => setImmediate(resolve));
    }
    await emu.stop();
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).not.toBe('TimeoutError');
  });
});

describe('admin API', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
  });
  afterAll(() => emu.stop());

  it('switches faults, flips controls out of band, shows state and log, and resets', async () => {
    const state = await admin(emu.adminEndpoint, 'GET', '/state');
    expect(state.status).toBe(200);
    expect(state.json.clusterEndpoints).toEqual(emu.clusterEndpoints);
    expect(state.json.routingControls).toHaveLength(6);

    const fault = await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 'us-west-2',
      mode: 'unavailable',
    });
    expect(fault.json.cluster[1]).toBe('unavailable');
    expect((await get(emu, 1).catch(e => e)).name).toBe(
      'EndpointTemporarilyUnavailableException',
    );
    await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 2,
      mode: 'slow',
      ms: 10,
    });
    expect(emu.faults().cluster[2]).toEqual({ slow: 10 });
    await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 3,
      mode: 'refuse',
    });
    expect(networkError(await get(emu, 3).catch(e => e))).toBe('refused');
    const bad = await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 9,
      mode: 'up',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('endpoint must be');
    const writesOnly = await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 4,
      mode: 'unavailable',
      operations: ['UpdateRoutingControlState'],
    });
    expect(writesOnly.status).toBe(200);
    expect((await get(emu, 4)).RoutingControlState).toBe('On');
    const badOperations = await admin(emu.adminEndpoint, 'POST', '/faults', {
      endpoint: 4,
      mode: 'unavailable',
      operations: 'UpdateRoutingControlState',
    });
    expect(badOperations.status).toBe(400);
    expect(badOperations.json.error).toContain(
      'operations must be a non-empty list',
    );
    await admin(emu.adminEndpoint, 'DELETE', '/faults');
    expect((await get(emu, 3)).RoutingControlState).toBe('On');

    const flip = await admin(
      emu.adminEndpoint,
      'PUT',
      '/routing-controls/state',
      { arn: ORDERS_PRIMARY, state: 'Off' },
    );
    expect(flip.status).toBe(200);
    expect(emu.getRoutingControlState(ORDERS_PRIMARY)).toBe('Off');
    const unknown = await admin(
      emu.adminEndpoint,
      'PUT',
      '/routing-controls/state',
      { arn: `${ORDERS_PRIMARY}0`, state: 'On' },
    );
    expect(unknown.status).toBe(404);

    const log = await admin(emu.adminEndpoint, 'GET', '/log?limit=1');
    expect(log.json).toEqual([
      expect.objectContaining({
        operation: 'GetRoutingControlState',
        endpointIndex: 3,
      }),
    ]);

    await admin(emu.adminEndpoint, 'POST', '/reset');
    expect(emu.getRoutingControlState(ORDERS_PRIMARY)).toBe('On');
    expect(emu.requestLog()).toEqual([]);
  });

  it('shows and changes the settings at run time, refusing unknown names and bad values', async () => {
    const shown = await admin(emu.adminEndpoint, 'GET', '/settings');
    expect(shown.json).toEqual({
      verifySignatures: true,
      route53PropagationDelayMs: 0,
      route53ChangeDelayMs: 2000,
      route53RequestsPerSecond: 5,
      deploymentDelayMs: 2000,
      controlPlaneRequestsPerSecond: 10,
      mutatingCallsPerSecond: 3,
      readCallsPerSecond: 0,
      maxEntriesPerUpdate: 10,
      enforceWaitPeriods: true,
      gatingUsesPostState: false,
    });
    try {
      const changed = await admin(emu.adminEndpoint, 'PUT', '/settings', {
        verifySignatures: false,
        deploymentDelayMs: 0,
      });
      expect(changed.json).toMatchObject({
        verifySignatures: false,
        deploymentDelayMs: 0,
      });
      // Takes effect at once: a request signed for another region passes.
      expect(
        (await get(emu, 0, { region: 'eu-west-1' })).RoutingControlState,
      ).toBe('On');
      const bad = await admin(emu.adminEndpoint, 'PUT', '/settings', {
        verifySignatures: 'no',
        deploymentDelay: 1,
        route53RequestsPerSecond: -1,
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toContain(
        'verifySignatures must be true or false, got "no"; deploymentDelay is not a setting; route53RequestsPerSecond must be a number >= 0, got -1',
      );
      expect(emu.settings().verifySignatures).toBe(false);
    } finally {
      emu.updateSettings(shown.json);
    }
  });
});

describe('persistence and snapshots', () => {
  it('keeps state across restarts with a state file, and reset() goes back to the fixture', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-emulator-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startEmulator({
        fixture: EXAMPLE_FIXTURE,
        stateFile,
      });
      await clusterClient(first.clusterEndpoints[0]).send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
          RoutingControlState: 'On',
        }),
      );
      await first.stop();
      expect(fs.readdirSync(dir)).toEqual(['state.json']);

      const second = await startEmulator({
        fixture: EXAMPLE_FIXTURE,
        stateFile,
      });
      expect(second.getRoutingControlState(ORDERS_SECONDARY)).toBe('On');
      const saved = second.snapshot();
      await second.reset();
      expect(second.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
      second.restore(saved);
      expect(second.getRoutingControlState(ORDERS_SECONDARY)).toBe('On');
      await second.stop();
      expect(
        JSON.parse(fs.readFileSync(stateFile, 'utf8')).snapshot
          .routingControls[3].State,
      ).toBe('On');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

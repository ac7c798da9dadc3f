import {
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand,
  UpdateRoutingControlStateCommand,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import {
  ClusterEndpoint,
  EMULATOR_CREDENTIALS,
  startEmulator,
  Emulator,
} from '..';
import {
  EXAMPLE_FIXTURE,
  EXTERNAL_PRIMARY,
  ORDERS_PANEL,
  ORDERS_PRIMARY,
  ORDERS_RULE,
  ORDERS_SECONDARY,
  clusterClient,
  manualClock,
  signedRawRequest,
} from '../__testUtils__/clients';

describe('ARC data plane over the real SDK', () => {
  let emu: Emulator;
  const clock = manualClock();

  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE, clock: clock.now });
  });
  // Clients sign with the emulator's fake time.
  const dataClient = (
    endpoint: ClusterEndpoint,
    options: Parameters<typeof clusterClient>[1] = {},
  ) => clusterClient(endpoint, { clock: clock.now, ...options });
  /** A signed raw POST to cluster endpoint `index`. */
  const raw = (
    index: number,
    options: { headers: Record<string, string>; body: string },
  ) =>
    signedRawRequest(`${emu.clusterEndpoints[index].Endpoint}/`, {
      service: 'route53-recovery-cluster',
      region: emu.clusterEndpoints[index].Region,
      method: 'POST',
      clock: clock.now,
      ...options,
    });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.reset();
    clock.advance(10_000);
  });

  it('exposes five labelled endpoints on distinct loopback ports', () => {
    expect(emu.clusterEndpoints.map(e => e.Region)).toEqual([
      'us-east-1',
      'us-west-2',
      'eu-west-1',
      'ap-northeast-1',
      'ap-southeast-2',
    ]);
    const ports = emu.clusterEndpoints.map(e => new URL(e.Endpoint).port);
    expect(new Set(ports).size).toBe(5);
    emu.clusterEndpoints.forEach(e =>
      expect(e.Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
    );
  });

  it('reads a pair and flips it in one transaction, visible from every endpoint', async () => {
    const [east, west] = emu.clusterEndpoints.map(e => dataClient(e));
    const before = await east.send(
      new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    expect(before).toMatchObject({
      RoutingControlArn: ORDERS_PRIMARY,
      RoutingControlState: 'On',
      RoutingControlName: 'orders-primary-rc',
    });
    expect(before.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    await west.send(
      new UpdateRoutingControlStatesCommand({
        UpdateRoutingControlStateEntries: [
          { RoutingControlArn: ORDERS_PRIMARY, RoutingControlState: 'Off' },
          { RoutingControlArn: ORDERS_SECONDARY, RoutingControlState: 'On' },
        ],
      }),
    );
    for (const client of emu.clusterEndpoints.map(e => dataClient(e))) {
      const primary = await client.send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      );
      const secondary = await client.send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
        }),
      );
      expect([
        primary.RoutingControlState,
        secondary.RoutingControlState,
      ]).toEqual(['Off', 'On']);
    }
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('On');
  });

  it('reaches all five endpoints in a random order, each signed for its own region', async () => {
    const order = [0, 1, 2, 3, 4].sort(() => Math.random() - 0.5);
    emu.clearLog();
    for (const index of order) {
      await dataClient(emu.clusterEndpoints[index]).send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: EXTERNAL_PRIMARY,
        }),
      );
    }
    const log = emu.requestLog();
    expect(log.map(e => e.endpointIndex)).toEqual(order);
    for (const entry of log) {
      expect(entry).toMatchObject({
        service: 'arc-cluster',
        operation: 'GetRoutingControlState',
        status: 200,
        attempt: 1,
        signingService: 'route53-recovery-cluster',
        signingRegion: entry.region,
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
      });
    }
  });

  it('blocks a fail-open change with ConflictException naming the rule, then accepts the override', async () => {
    const client = dataClient(emu.clusterEndpoints[2]);
    const error = await client
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
          RoutingControlState: 'Off',
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictException');
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.resourceId).toBe(ORDERS_RULE);
    expect(error.resourceType).toBe('SafetyRule');
    expect(error.message).toContain(ORDERS_RULE);
    expect(emu.getRoutingControlState(ORDERS_PRIMARY)).toBe('On');

    await client.send(
      new UpdateRoutingControlStateCommand({
        RoutingControlArn: ORDERS_PRIMARY,
        RoutingControlState: 'Off',
        SafetyRulesToOverride: [ORDERS_RULE],
      }),
    );
    expect(emu.getRoutingControlState(ORDERS_PRIMARY)).toBe('Off');
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
  });

  it('is all-or-nothing: one unknown control rejects the whole batch with ResourceNotFoundException', async () => {
    const missing = `${ORDERS_PANEL}/routingcontrol/ffffffffffffffff`;
    const error = await dataClient(emu.clusterEndpoints[0])
      .send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            { RoutingControlArn: ORDERS_SECONDARY, RoutingControlState: 'On' },
            { RoutingControlArn: missing, RoutingControlState: 'On' },
          ],
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.resourceId).toBe(missing);
    expect(error.resourceType).toBe('RoutingControl');
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
  });

  it('throttles the fourth mutating call within a second on one endpoint (429 + Retry-After)', async () => {
    const [east, west] = emu.clusterEndpoints.map(e => dataClient(e));
    const flip = (client: typeof east) =>
      client.send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
          RoutingControlState: 'On',
        }),
      );
    await flip(east);
    clock.advance(300);
    await flip(east);
    await flip(east);
    const error = await flip(east).catch(e => e);
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    // Reads are not limited, and the other endpoints have their own budget.
    await east.send(
      new GetRoutingControlStateCommand({
        RoutingControlArn: ORDERS_SECONDARY,
      }),
    );
    await flip(west);
    // The raw response carries the Retry-After header too.
    const throttled = await raw(0, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'ToggleCustomerAPI.UpdateRoutingControlState',
      },
      body: JSON.stringify({
        RoutingControlArn: ORDERS_SECONDARY,
        RoutingControlState: 'On',
      }),
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    // The first call leaves the window 1000 ms after it was made.
    clock.advance(700);
    await flip(east);
  });

  it('rejects invalid input with model validation errors', async () => {
    const client = dataClient(emu.clusterEndpoints[1]);
    const badArn = await client
      .send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: 'arn with spaces',
        }),
      )
      .catch(e => e);
    expect(badArn.name).toBe('ValidationException');
    expect(badArn.$metadata.httpStatusCode).toBe(400);
    expect(badArn.reason).toBe('fieldValidationFailed');
    expect(badArn.fields).toEqual([
      {
        name: 'routingControlArn',
        message: expect.stringContaining('regular expression pattern'),
      },
    ]);

    const wrongKind = await client
      .send(
        new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PANEL }),
      )
      .catch(e => e);
    expect(wrongKind.name).toBe('ValidationException');

    const lowerCase = await client
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
          RoutingControlState: 'on' as any,
        }),
      )
      .catch(e => e);
    expect(lowerCase.name).toBe('ValidationException');
    expect(lowerCase.message).toBe(
      "1 validation error detected: Value 'on' at 'routingControlState' failed to satisfy constraint: Member must satisfy enum value set: [Off, On]",
    );

    const missing = await client
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_SECONDARY,
        } as any),
      )
      .catch(e => e);
    expect(missing.name).toBe('ValidationException');
    expect(missing.fields[0]).toEqual({
      name: 'routingControlState',
      message:
        "Value null at 'routingControlState' failed to satisfy constraint: Member must not be null",
    });

    const badEntry = await client
      .send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            {
              RoutingControlArn: ORDERS_SECONDARY,
              RoutingControlState: 'ON' as any,
            },
          ],
        }),
      )
      .catch(e => e);
    expect(badEntry.fields[0].name).toBe(
      'updateRoutingControlStateEntries.1.member.routingControlState',
    );

    const badPage = await client
      .send(new ListRoutingControlsCommand({ MaxResults: 0 }))
      .catch(e => e);
    expect(badPage.name).toBe('ValidationException');
    expect(emu.getRoutingControlState(ORDERS_SECONDARY)).toBe('Off');
  });

  it('answers an unknown target with reason unknownOperation and bad JSON with cannotParse', async () => {
    const unknown = await raw(0, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'ToggleCustomerAPI.DeleteEverything',
      },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({
      __type: 'ValidationException',
      reason: 'unknownOperation',
    });

    const garbled = await raw(0, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'ToggleCustomerAPI.GetRoutingControlState',
      },
      body: '{"RoutingControlArn":',
    });
    expect(JSON.parse(garbled.body)).toMatchObject({
      __type: 'ValidationException',
      reason: 'cannotParse',
    });
  });

  it('uses exact header names and JSON shapes any client can rely on', async () => {
    const ok = await raw(3, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'ToggleCustomerAPI.GetRoutingControlState',
      },
      body: JSON.stringify({ RoutingControlArn: ORDERS_PRIMARY }),
    });
    expect(ok.status).toBe(200);
    expect(ok.rawHeaders).toContain('x-amzn-RequestId');
    expect(ok.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(ok.body)).toEqual({
      RoutingControlArn: ORDERS_PRIMARY,
      RoutingControlState: 'On',
      RoutingControlName: 'orders-primary-rc',
    });

    const update = await raw(3, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'ToggleCustomerAPI.UpdateRoutingControlState',
      },
      body: JSON.stringify({
        RoutingControlArn: ORDERS_PRIMARY,
        RoutingControlState: 'Off',
      }),
    });
    expect(update.status).toBe(409);
    expect(update.rawHeaders).toEqual(
      expect.arrayContaining([
        'x-amzn-ErrorType',
        'ConflictException',
        'x-amzn-RequestId',
      ]),
    );
    expect(update.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(update.body)).toEqual({
      __type: 'ConflictException',
      message: expect.stringContaining(ORDERS_RULE),
      resourceId: ORDERS_RULE,
      resourceType: 'SafetyRule',
    });
  });
});

import { Sha256 } from '@aws-crypto/sha256-js';
import {
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand,
  Route53RecoveryClusterClient,
  UpdateRoutingControlStateCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import {
  DescribeControlPanelCommand,
  DescribeRoutingControlCommand,
  ListRoutingControlsCommand as ListPanelControlsCommand,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { SignatureV4 } from '@smithy/signature-v4';
import { EMULATOR_CREDENTIALS, Emulator, loadFixture, startEmulator } from '..';
import { EmulatorFixture } from '../fixtureSchema';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PANEL,
  ORDERS_PRIMARY,
  clusterClient,
  controlPlaneClient,
  rawRequest,
  route53Client,
  signedRawRequest,
} from '../__testUtils__/clients';

const ACCOUNT_A = { accountId: '111122223333', ...EMULATOR_CREDENTIALS };
const ACCOUNT_B = {
  accountId: '444455556666',
  accessKeyId: 'AKIDACCOUNTB',
  secretAccessKey: 'secret-of-b',
};
const PANEL_B =
  'arn:aws:route53-recovery-control::444455556666:controlpanel/b0b0b0b0b0b0b0b0';
const CONTROL_B = `${PANEL_B}/routingcontrol/b1b1b1b1b1b1b1b1`;
const ZONE = 'Z0EXAMPLE1PUBLIC';
const TEN_MINUTES = 10 * 60 * 1000;

/** The example fixture plus account B, which has one panel with one control. */
function twoAccounts(): EmulatorFixture {
  const fixture = loadFixture(EXAMPLE_FIXTURE);
  return {
    ...fixture,
    accounts: [ACCOUNT_A, ACCOUNT_B],
    controlPanels: [
      ...fixture.controlPanels!,
      {
        name: 'b-panel',
        arn: PANEL_B,
        routingControls: [{ name: 'b-rc', arn: CONTROL_B, state: 'On' }],
      },
    ],
  };
}

const DATA_PLANE_GET = {
  method: 'POST',
  headers: {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'ToggleCustomerAPI.GetRoutingControlState',
  },
  body: JSON.stringify({ RoutingControlArn: ORDERS_PRIMARY }),
};

describe('SigV4 verification', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: twoAccounts(),
      // Many Route 53 calls in a row: throttling is tested elsewhere.
      route53RequestsPerSecond: 0,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  describe('accepts what the real SDK clients sign', () => {
    it('on the data plane (awsJson1_0), reads and writes', async () => {
      const client = clusterClient(emu.clusterEndpoints[2]);
      await client.send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
          RoutingControlState: 'On',
        }),
      );
      const { RoutingControlState } = await client.send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      );
      expect(RoutingControlState).toBe('On');
      expect(emu.requestLog().map(e => [e.status, e.accessKeyId])).toEqual([
        [200, 'AKIDEMULATOR'],
        [200, 'AKIDEMULATOR'],
      ]);
    });

    it('on the control plane (restJson1), with ARNs in the path and a query string', async () => {
      const client = controlPlaneClient(emu.controlPlaneEndpoint);
      const { ControlPanel } = await client.send(
        new DescribeControlPanelCommand({ ControlPanelArn: ORDERS_PANEL }),
      );
      expect(ControlPanel?.Name).toBe('orders-panel');
      const { RoutingControl } = await client.send(
        new DescribeRoutingControlCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      );
      expect(RoutingControl?.Name).toBe('orders-primary-rc');
      const { RoutingControls } = await client.send(
        new ListPanelControlsCommand({
          ControlPanelArn: ORDERS_PANEL,
          MaxResults: 1,
        }),
      );
      expect(RoutingControls).toHaveLength(1);
      expect(emu.requestLog().every(e => e.status === 200)).toBe(true);
    });

    it('on Route 53 (restXml), with query strings that need escaping', async () => {
      const client = route53Client(emu.route53Endpoint);
      const { HostedZone } = await client.send(
        new GetHostedZoneCommand({ Id: ZONE }),
      );
      expect(HostedZone?.Name).toBe('example.com.');
      const byName = await client.send(
        new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }),
      );
      expect(byName.HostedZones).toHaveLength(1);
      const records = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          StartRecordName: '*.example.com.',
          StartRecordType: 'A',
          StartRecordIdentifier: 'set one/2',
          MaxItems: 2,
        }),
      );
      expect(records.ResourceRecordSets?.length).toBeGreaterThan(0);
      expect(emu.requestLog().every(e => e.status === 200)).toBe(true);
    });

    it('from a request signed outside the SDK, as the client acts (verification is the signer run again)', async () => {
      const res = await signedRawRequest(
        `${emu.clusterEndpoints[0].Endpoint}/`,
        {
          service: 'route53-recovery-cluster',
          region: 'us-east-1',
          ...DATA_PLANE_GET,
        },
      );
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).RoutingControlState).toBe('On');
    });
  });

  describe("rejects with AWS's error", () => {
    it('an unsigned request: MissingAuthenticationToken(Exception), 403, on every protocol, with the Date header', async () => {
      const before = Date.now();
      const data = await rawRequest(`${emu.clusterEndpoints[0].Endpoint}/`, {
        ...DATA_PLANE_GET,
      });
      expect(data.status).toBe(403);
      expect(data.headers['x-amzn-errortype']).toBe(
        'MissingAuthenticationTokenException',
      );
      expect(JSON.parse(data.body)).toEqual({
        __type: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
      });
      // the emulator's clock, to the second (HTTP dates have no milliseconds)
      expect(Date.parse(data.headers.date!)).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) * 1000,
      );
      expect(Date.parse(data.headers.date!)).toBeLessThanOrEqual(Date.now());

      const control = await rawRequest(
        `${emu.controlPlaneEndpoint}/controlpanel/${encodeURIComponent(
          ORDERS_PANEL,
        )}`,
      );
      expect(control.status).toBe(403);
      expect(JSON.parse(control.body).__type).toBe(
        'MissingAuthenticationTokenException',
      );

      const r53 = await rawRequest(
        `${emu.route53Endpoint}/2013-04-01/hostedzone`,
      );
      expect(r53.status).toBe(403);
      expect(r53.body).toContain('<Code>MissingAuthenticationToken</Code>');
      expect(r53.body).toContain(
        '<Message>Missing Authentication Token</Message>',
      );

      expect(
        emu
          .requestLog()
          .map(e => [e.service, e.operation, e.status, e.errorCode]),
      ).toEqual([
        [
          'arc-cluster',
          'GetRoutingControlState',
          403,
          'MissingAuthenticationTokenException',
        ],
        [
          'arc-control',
          'DescribeControlPanel',
          403,
          'MissingAuthenticationTokenException',
        ],
        ['route53', 'ListHostedZones', 403, 'MissingAuthenticationToken'],
      ]);
    });

    it('a malformed Authorization header: IncompleteSignature(Exception), 400', async () => {
      const data = await rawRequest(`${emu.clusterEndpoints[0].Endpoint}/`, {
        ...DATA_PLANE_GET,
        headers: {
          ...DATA_PLANE_GET.headers,
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261130/us-east-1/route53-recovery-cluster/aws4_request',
          'x-amz-date': '20261130T000000Z',
        },
      });
      expect(data.status).toBe(400);
      expect(JSON.parse(data.body)).toMatchObject({
        __type: 'IncompleteSignatureException',
        message: expect.stringContaining(
          "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
        ),
      });

      const noDate = await rawRequest(
        `${emu.route53Endpoint}/2013-04-01/hostedzone`,
        {
          headers: {
            authorization:
              'AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261130/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=00',
          },
        },
      );
      expect(noDate.status).toBe(400);
      expect(noDate.body).toContain('<Code>IncompleteSignature</Code>');
      expect(noDate.body).toContain('&apos;X-Amz-Date&apos;');

      const otherScheme = await rawRequest(
        `${emu.controlPlaneEndpoint}/cluster`,
        { headers: { authorization: 'Bearer abc' } },
      );
      expect(otherScheme.status).toBe(400);
      expect(JSON.parse(otherScheme.body).__type).toBe(
        'IncompleteSignatureException',
      );
    });

    it('a wrong secret: InvalidSignatureException / SignatureDoesNotMatch, 403', async () => {
      const credentials = { ...EMULATOR_CREDENTIALS, secretAccessKey: 'wrong' };
      const data = await clusterClient(emu.clusterEndpoints[0], { credentials })
        .send(
          new GetRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
          }),
        )
        .catch(e => e);
      expect(data.name).toBe('InvalidSignatureException');
      expect(data.$metadata.httpStatusCode).toBe(403);
      expect(data.message).toBe(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );

      const control = await controlPlaneClient(
        emu.controlPlaneEndpoint,
        'us-west-2',
        { credentials },
      )
        .send(
          new DescribeControlPanelCommand({ ControlPanelArn: ORDERS_PANEL }),
        )
        .catch(e => e);
      expect(control.name).toBe('InvalidSignatureException');

      const r53 = await route53Client(emu.route53Endpoint, 'us-east-1', {
        credentials,
      })
        .send(new GetHostedZoneCommand({ Id: ZONE }))
        .catch(e => e);
      expect(r53.name).toBe('SignatureDoesNotMatch');
      expect(r53.$metadata.httpStatusCode).toBe(403);
    });

    it('a body changed after signing', async () => {
      const signed = await new SignatureV4({
        credentials: EMULATOR_CREDENTIALS,
        region: 'us-east-1',
        service: 'route53-recovery-cluster',
        sha256: Sha256,
      }).sign({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/v1/',
        headers: {
          host: new URL(emu.clusterEndpoints[0].Endpoint).host,
          ...DATA_PLANE_GET.headers,
        },
        body: DATA_PLANE_GET.body,
      });
      const res = await rawRequest(`${emu.clusterEndpoints[0].Endpoint}/`, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body: JSON.stringify({ RoutingControlArn: CONTROL_B }),
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).__type).toBe('InvalidSignatureException');
    });

    it('an unknown access key: UnrecognizedClientException / InvalidClientTokenId, 403', async () => {
      const credentials = { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' };
      const data = await clusterClient(emu.clusterEndpoints[0], { credentials })
        .send(
          new GetRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
          }),
        )
        .catch(e => e);
      expect(data.name).toBe('UnrecognizedClientException');
      expect(data.$metadata.httpStatusCode).toBe(403);
      expect(data.message).toBe(
        'The security token included in the request is invalid.',
      );
      const r53 = await route53Client(emu.route53Endpoint, 'us-east-1', {
        credentials,
      })
        .send(new GetHostedZoneCommand({ Id: ZONE }))
        .catch(e => e);
      expect(r53.name).toBe('InvalidClientTokenId');
      expect(r53.$metadata.httpStatusCode).toBe(403);
      expect(emu.requestLog().pop()).toMatchObject({
        accessKeyId: 'AKIDNOBODY',
        status: 403,
        errorCode: 'InvalidClientTokenId',
      });
    });

    it('a credential scoped to the wrong region', async () => {
      const error = await clusterClient(emu.clusterEndpoints[1], {
        region: 'eu-west-1',
      })
        .send(
          new GetRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
          }),
        )
        .catch(e => e);
      expect(error.name).toBe('InvalidSignatureException');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toBe(
        "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      );
      expect(emu.requestLog().pop()).toMatchObject({
        endpointIndex: 1,
        region: 'us-west-2',
        signingRegion: 'eu-west-1',
        status: 403,
        errorCode: 'InvalidSignatureException',
      });
    });

    it('a credential scoped to the wrong service', async () => {
      const res = await signedRawRequest(
        `${emu.clusterEndpoints[0].Endpoint}/`,
        {
          service: 'route53',
          region: 'us-east-1',
          ...DATA_PLANE_GET,
        },
      );
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({
        __type: 'InvalidSignatureException',
        message:
          "Credential should be scoped to correct service: 'route53-recovery-cluster'. ",
      });
      const r53 = await signedRawRequest(
        `${emu.route53Endpoint}/2013-04-01/hostedzone`,
        { service: 'route53-recovery-control-config', region: 'us-east-1' },
      );
      expect(r53.status).toBe(403);
      expect(r53.body).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect(r53.body).toContain(
        'Credential should be scoped to correct service: &apos;route53&apos;.',
      );
    });
  });

  describe('accounts', () => {
    const asB = { credentials: ACCOUNT_B };

    it("a key of account B cannot read or update account A's routing control (AccessDeniedException)", async () => {
      const client = clusterClient(emu.clusterEndpoints[0], asB);
      const read = await client
        .send(
          new GetRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
          }),
        )
        .catch(e => e);
      expect(read.name).toBe('AccessDeniedException');
      expect(read.$metadata.httpStatusCode).toBe(403);
      const write = await client
        .send(
          new UpdateRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
            RoutingControlState: 'Off',
          }),
        )
        .catch(e => e);
      expect(write.name).toBe('AccessDeniedException');
      expect(emu.getRoutingControlState(ORDERS_PRIMARY)).toBe('On');
      expect(emu.requestLog().map(e => [e.accessKeyId, e.errorCode])).toEqual([
        ['AKIDACCOUNTB', 'AccessDeniedException'],
        ['AKIDACCOUNTB', 'AccessDeniedException'],
      ]);
    });

    it('each account reads and lists only its own routing controls', async () => {
      const b = clusterClient(emu.clusterEndpoints[3], asB);
      await b.send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: CONTROL_B,
          RoutingControlState: 'Off',
        }),
      );
      expect(emu.getRoutingControlState(CONTROL_B)).toBe('Off');
      const listed = await b.send(new ListRoutingControlsCommand({}));
      expect(listed.RoutingControls?.map(c => c.RoutingControlArn)).toEqual([
        CONTROL_B,
      ]);
      const a = clusterClient(emu.clusterEndpoints[3]);
      const foreign = await a
        .send(
          new GetRoutingControlStateCommand({ RoutingControlArn: CONTROL_B }),
        )
        .catch(e => e);
      expect(foreign.name).toBe('AccessDeniedException');
      const mine = await a.send(new ListRoutingControlsCommand({}));
      expect(mine.RoutingControls?.map(c => c.RoutingControlArn)).not.toContain(
        CONTROL_B,
      );
    });
  });
});

describe('verifySignatures: false', () => {
  it('accepts any signature; a known key acts as its account, any other as the first account', async () => {
    const emu = await startEmulator({
      fixture: twoAccounts(),
      verifySignatures: false,
    });
    try {
      const stranger = clusterClient(emu.clusterEndpoints[0], {
        credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' },
        region: 'eu-west-1',
      });
      const read = await stranger.send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      );
      expect(read.RoutingControlState).toBe('On');
      const b = clusterClient(emu.clusterEndpoints[0], {
        credentials: { ...ACCOUNT_B, secretAccessKey: 'not-even-the-secret' },
      });
      const foreign = await b
        .send(
          new GetRoutingControlStateCommand({
            RoutingControlArn: ORDERS_PRIMARY,
          }),
        )
        .catch(e => e);
      expect(foreign.name).toBe('AccessDeniedException');
      const unsigned = await rawRequest(
        `${emu.clusterEndpoints[0].Endpoint}/`,
        {
          ...DATA_PLANE_GET,
        },
      );
      expect(unsigned.status).toBe(200);
    } finally {
      await emu.stop();
    }
  });
});

describe('signature time against the emulator clock', () => {
  let emu: Emulator;
  let offset = 0;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      clock: () => Date.now() + offset,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  it('refuses a signature more than 5 minutes old or ahead, answering with the server time in Date', async () => {
    offset = TEN_MINUTES;
    const late = await clusterClient(emu.clusterEndpoints[0])
      .send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      )
      .catch(e => e);
    expect(late.name).toBe('InvalidSignatureException');
    expect(late.$metadata.httpStatusCode).toBe(403);
    expect(late.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const serverDate = Date.parse(late.$response.headers.date);
    expect(Math.abs(serverDate - (Date.now() + TEN_MINUTES))).toBeLessThan(
      5000,
    );

    offset = -TEN_MINUTES;
    const early = await route53Client(emu.route53Endpoint)
      .send(new GetHostedZoneCommand({ Id: ZONE }))
      .catch(e => e);
    expect(early.name).toBe('SignatureDoesNotMatch');
    expect(early.$metadata.httpStatusCode).toBe(403);
    expect(early.message).toMatch(/^Signature not yet current: /);

    offset = 4 * 60 * 1000;
    const within = await clusterClient(emu.clusterEndpoints[0]).send(
      new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    expect(within.RoutingControlState).toBe('On');
  });

  it('the SDK corrects its clock from the Date header and its retry succeeds (data plane, Route 53)', async () => {
    offset = TEN_MINUTES;
    // Default retry settings (3 attempts), skew correction on as by default.
    const cluster = new Route53RecoveryClusterClient({
      region: emu.clusterEndpoints[0].Region,
      endpoint: emu.clusterEndpoints[0].Endpoint,
      credentials: EMULATOR_CREDENTIALS,
    });
    const state = await cluster.send(
      new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    expect(state.RoutingControlState).toBe('On');
    expect(state.$metadata.attempts).toBe(2);

    const r53 = new Route53Client({
      region: 'us-east-1',
      endpoint: emu.route53Endpoint,
      credentials: EMULATOR_CREDENTIALS,
    });
    const zone = await r53.send(new GetHostedZoneCommand({ Id: ZONE }));
    expect(zone.HostedZone?.Id).toContain(ZONE);

    expect(
      emu.requestLog().map(e => [e.service, e.attempt, e.status, e.errorCode]),
    ).toEqual([
      ['arc-cluster', 1, 403, 'InvalidSignatureException'],
      ['arc-cluster', 2, 200, undefined],
      ['route53', 1, 403, 'SignatureDoesNotMatch'],
      ['route53', 2, 200, undefined],
    ]);
  });
});

import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  rawRequest,
  route53Client,
} from '../__testUtils__/clients';

const ZONE = 'Z0EXAMPLE1PUBLIC';

/** The Code and Message of a Route 53 XML error document. */
function xmlError(body: string) {
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
  };
}

describe('Route 53 answers bad requests with its own errors', () => {
  let emu: Emulator;
  let client: ReturnType<typeof route53Client>;
  beforeAll(async () => {
    // Raw requests here are unsigned, and unthrottled: these tests are about
    // paths and bodies.
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      verifySignatures: false,
      route53RequestsPerSecond: 0,
    });
    client = route53Client(emu.route53Endpoint);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  const recordCount = async () =>
    (
      await client.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
      )
    ).ResourceRecordSets!.length;

  it('an operation it does not emulate gets a 404 UnknownOperationException the SDK parses', async () => {
    const error = await client
      .send(
        new CreateHostedZoneCommand({
          Name: 'example.org.',
          CallerReference: 'new-zone',
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe(
      'No operation for POST /2013-04-01/hostedzone: this path takes GET',
    );
    expect(emu.requestLog().pop()).toMatchObject({
      service: 'route53',
      operation: 'unknown',
      status: 404,
      errorCode: 'UnknownOperationException',
    });
  });

  it.each([
    ['an unknown path', 'GET', '/2013-04-01/trafficpolicies'],
    ['another API version', 'GET', '/2012-12-12/hostedzone'],
    ['a method no route takes', 'PATCH', `/2013-04-01/hostedzone/${ZONE}`],
  ])(
    '%s gets UnknownOperationException as an XML error document',
    async (_, method, path) => {
      const raw = await rawRequest(`${emu.route53Endpoint}${path}`, { method });
      expect(raw.status).toBe(404);
      expect(raw.headers['content-type']).toBe('text/xml');
      expect(raw.body).toContain('<Type>Sender</Type>');
      expect(xmlError(raw.body).code).toBe('UnknownOperationException');
      expect(xmlError(raw.body).message).toContain(`${method} ${path}`);
    },
  );

  it.each([
    [
      'a body with an unclosed element',
      '<ChangeResourceRecordSetsRequest><ChangeBatch></ChangeResourceRecordSetsRequest>',
    ],
    ['a body that is not XML', 'not xml at all'],
    ['an empty body', ''],
    ['a body with two root elements', '<A/><B/>'],
    [
      "a body whose entities expand past the parser's limits",
      `<!DOCTYPE R [<!ENTITY a "${'x'.repeat(
        90,
      )}">]><ChangeResourceRecordSetsRequest><ChangeBatch><Comment>${'&a;'.repeat(
        2000,
      )}</Comment></ChangeBatch></ChangeResourceRecordSetsRequest>`,
    ],
  ])('%s gets 400 InvalidInput and changes nothing', async (_, body) => {
    const raw = await rawRequest(
      `${emu.route53Endpoint}/2013-04-01/hostedzone/${ZONE}/rrset`,
      { method: 'POST', headers: { 'content-type': 'text/xml' }, body },
    );
    expect(raw.status).toBe(400);
    expect(raw.headers['content-type']).toBe('text/xml');
    expect(xmlError(raw.body)).toEqual({
      code: 'InvalidInput',
      message: expect.stringMatching(
        /^Could not parse the request body as XML: ./,
      ),
    });
    expect(emu.requestLog().pop()).toMatchObject({
      operation: 'ChangeResourceRecordSets',
      status: 400,
      errorCode: 'InvalidInput',
    });
    expect(await recordCount()).toBe(6);
  });

  it('an id that is not valid percent-encoding names no resource', async () => {
    const raw = await rawRequest(
      `${emu.route53Endpoint}/2013-04-01/healthcheck/%E0%A4%A`,
    );
    expect(raw.status).toBe(404);
    expect(xmlError(raw.body).code).toBe('NoSuchHealthCheck');
  });

  it.each<[string, any]>([
    ['a Weight over 255', { SetIdentifier: 'w', Weight: 256 }],
    [
      'a SetIdentifier over 128 characters',
      { SetIdentifier: 'x'.repeat(129), Weight: 1 },
    ],
    ['no ResourceRecord', { ResourceRecords: [] }],
    ['a ResourceRecord without Value', { ResourceRecords: [{}] }],
    [
      'an AliasTarget without EvaluateTargetHealth',
      {
        TTL: undefined,
        ResourceRecords: undefined,
        AliasTarget: { HostedZoneId: 'Z1', DNSName: 'x.example.net' },
      },
    ],
  ])(
    'a record with %s gets InvalidInput (the model constraint)',
    async (_, fields) => {
      const error = await client
        .send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: ZONE,
            ChangeBatch: {
              Changes: [
                {
                  Action: 'CREATE',
                  ResourceRecordSet: {
                    Name: 'bad.example.com',
                    Type: 'A',
                    TTL: 60,
                    ResourceRecords: [{ Value: '192.0.2.1' }],
                    ...fields,
                  },
                },
              ],
            },
          }),
        )
        .catch(e => e);
      expect(error.name).toBe('InvalidInput');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(await recordCount()).toBe(6);
    },
  );

  it.each<[string, any]>([
    [
      'a CallerReference over 64 characters',
      { CallerReference: 'c'.repeat(65) },
    ],
    [
      'a RequestInterval under 10',
      {
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'x.example.com',
          RequestInterval: 5,
        },
      },
    ],
    [
      'a Port of 0',
      { HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 0 } },
    ],
  ])('a health check with %s gets InvalidInput', async (_, fields) => {
    const error = await client
      .send(
        new CreateHealthCheckCommand({
          CallerReference: 'bad',
          HealthCheckConfig: {
            Type: 'HTTPS',
            FullyQualifiedDomainName: 'x.example.com',
          },
          ...fields,
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('InvalidInput');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('round-trips text the SDK escapes (markup characters, newlines) through a change batch', async () => {
    const comment = 'line 1\nline 2 <b> & "quoted" \'single\'';
    const value = '"v=spf1 include:<x>&y"';
    const { ChangeInfo } = await client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        ChangeBatch: {
          Comment: comment,
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'txt.example.com.',
                Type: 'TXT',
                TTL: 60,
                ResourceRecords: [{ Value: value }],
              },
            },
          ],
        },
      }),
    );
    expect(ChangeInfo!.Comment).toBe(comment);
    const change = await client.send(
      new GetChangeCommand({ Id: ChangeInfo!.Id }),
    );
    expect(change.ChangeInfo!.Comment).toBe(comment);
    const { ResourceRecordSets } = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        StartRecordName: 'txt.example.com.',
        StartRecordType: 'TXT',
        MaxItems: 1,
      }),
    );
    expect(ResourceRecordSets![0].ResourceRecords).toEqual([{ Value: value }]);
  });
});

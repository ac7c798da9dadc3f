/**
 * The four ways a signature goes wrong, as rows for any service: each answers
 * AWS's error for that service's protocol (the JSON services' `...Exception`
 * names, Route 53's XML codes, which CloudWatch reports too as the query
 * codes it kept; see the issue 13 contract and src/http/sigv4.ts).
 */
import { Auth, Service, sdkCommand, wrongRegionOf } from './callers';
import { ConformanceCase, expectAwsError, literally } from './harness';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const expected = (
  service: Service,
): Record<
  Exclude<Auth, 'valid' | 'otherAccount'>,
  {
    what: string;
    json: string;
    xml: string;
    status: number;
    message: RegExp;
  }
> => ({
  unsigned: {
    what: 'an unsigned request (SDK: Authorization removed; CLI: --no-sign-request)',
    json: 'MissingAuthenticationTokenException',
    xml: 'MissingAuthenticationToken',
    status: 403,
    message: /^Missing Authentication Token$/,
  },
  wrongSecret: {
    what: 'a request signed with the wrong secret key',
    json: 'InvalidSignatureException',
    xml: 'SignatureDoesNotMatch',
    status: 403,
    message: literally(SIGNATURE_MISMATCH),
  },
  unknownKey: {
    what: 'a request signed with an unknown access key',
    json: 'UnrecognizedClientException',
    xml: 'InvalidClientTokenId',
    status: 403,
    message: /^The security token included in the request is invalid\.?$/,
  },
  wrongRegion: {
    what: `a request scoped to the wrong region (${wrongRegionOf(service)})`,
    json: 'InvalidSignatureException',
    xml: 'SignatureDoesNotMatch',
    status: 403,
    message: literally(
      `Credential should be scoped to a valid region, not '${wrongRegionOf(
        service,
      )}'. `,
    ),
  },
});

/** More than the 5 minutes of clock skew AWS accepts. */
const SKEW_MS = 6 * 60 * 1000;

/**
 * Rows: `operation` with `input`, signed in each wrong way, refused with AWS's
 * error and nothing done; a signature too old for the emulator's clock; and
 * the SDK correcting its clock from the answer's `Date` header.
 */
export function signatureCases(
  service: Service,
  operation: string,
  input: Record<string, unknown>,
): ConformanceCase[] {
  const protocol =
    service === 'route53' || service === 'cloudwatch' ? 'xml' : 'json';
  const EXPECTED = expected(service);
  const wrong = (Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>).map(
    (auth): ConformanceCase => {
      const e = EXPECTED[auth];
      const code = e[protocol];
      return {
        title: `${operation}: ${e.what} -> ${e.status} ${code}`,
        async run(client, h) {
          const outcome = await client.call(service, operation, input, {
            auth,
          });
          expectAwsError(client, outcome, {
            code,
            status: e.status,
            operation,
            message: e.message,
          });
          // Authentication comes first: the handler never ran, and the log says why.
          expect(h.emu.requestLog().pop()).toMatchObject({
            operation,
            status: e.status,
            errorCode: code,
          });
        },
      };
    },
  );
  const expiredCode = EXPECTED.wrongSecret[protocol];
  return [
    ...wrong,
    ...[
      {
        skew: SKEW_MS,
        when: 'more than 5 minutes before',
        text: 'Signature expired',
        message:
          /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      },
      {
        skew: -SKEW_MS,
        when: 'more than 5 minutes after',
        text: 'Signature not yet current',
        message:
          /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
      },
    ].map(
      ({ skew, when, text, message }): ConformanceCase => ({
        title: `${operation}: signed ${when} the emulator's time -> 403 ${expiredCode} "${text}"`,
        async run(client, h) {
          // A client of its own: the SDK would keep the corrected offset.
          const outcome = await h.clock.shifted(skew, () =>
            client.call(service, operation, input, { ownClient: true }),
          );
          expectAwsError(client, outcome, {
            code: expiredCode,
            status: 403,
            operation,
            message,
          });
        },
      }),
    ),
    {
      title: `${operation}: the SDK corrects its clock from the Date header of the "Signature expired" answer, and its next call passes (SDK only: botocore does not correct skew)`,
      only: 'sdk',
      async run(_client, h) {
        // One attempt per call: the control-plane client pinned here (3.332)
        // corrects its offset but does not retry a clock-skew error itself.
        const client = h.clients.create(service);
        const Command = sdkCommand(service, operation);
        try {
          await h.clock.shifted(SKEW_MS, async () => {
            await expect(client.send(new Command(input))).rejects.toThrow(
              /^Signature expired/,
            );
            await client.send(new Command(input));
          });
        } finally {
          client.destroy();
        }
        expect(
          h.emu
            .requestLog()
            .filter(e => e.operation === operation)
            .map(e => [e.status, e.errorCode]),
        ).toEqual([
          [403, expiredCode],
          [200, undefined],
        ]);
      },
    },
  ];
}

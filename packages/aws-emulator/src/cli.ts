/**
 * Command line: `aws-arc-emulator --fixture f.yaml [options]`; the options
 * are those of startEmulator, see USAGE.
 */
import { parseArgs } from 'node:util';
import { startEmulator, Emulator } from './emulator';
import { toError } from '@backstage/errors';

const USAGE = `Usage: aws-arc-emulator --fixture <file.yaml> [options]

Starts a local Route 53 ARC + Route 53 + CloudWatch emulator that the real AWS SDKs can talk to.

Options:
  --fixture <file>                 YAML fixture to seed from (required)
  --host <host>                    interface to listen on (default 127.0.0.1)
  --base-port <port>               cluster endpoints on port..port+4, control plane +5,
                                   Route 53 +6, admin API +7, CloudWatch +8
                                   (default 7411; 0 = random ports)
  --state-file <file>              keep state in this JSON file across restarts
  --no-verify-signatures           accept any SigV4 signature (default: verify against the
                                   fixture's accounts, AWS's errors otherwise)
  --propagation-delay-ms <ms>      delay before Route 53 health status follows ARC (default 0)
  --mutating-calls-per-second <n>  data-plane write limit per endpoint (default 3; 0 = off)
  --deployment-delay-ms <ms>       how long control-plane changes stay PENDING (default 2000)
  --route53-change-delay-ms <ms>   how long Route 53 changes stay PENDING (default 2000)
  --route53-requests-per-second <n>
                                   Route 53 requests per account per second (default 5; 0 = off)
  --control-plane-requests-per-second <n>
                                   control-plane requests per account per second (default 10; 0 = off)
  --help                           show this text
`;

function numberOption(
  value: string | undefined,
  name: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a whole number >= 0, got ${value}`);
  return parsed;
}

/** Describes the running emulator, one endpoint per line. */
export function describeEmulator(emu: Emulator): string {
  const rows: Array<[string, string]> = [
    ...emu.clusterEndpoints.map((e, i): [string, string] => [
      `cluster endpoint ${i} ${e.Region}`,
      e.Endpoint,
    ]),
    ['control plane (sign us-west-2)', emu.controlPlaneEndpoint],
    ['Route 53 (sign us-east-1)', emu.route53Endpoint],
    ['admin API', emu.adminEndpoint],
    ['CloudWatch (sign any region)', emu.cloudWatchEndpoint],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `cluster ${emu.clusterArn}`,
    ...rows.map(([label, url]) => `  ${label.padEnd(width)}  ${url}`),
  ].join('\n');
}

/** Runs the CLI; resolves with the running emulator (tests stop it themselves). */
export async function runCli(
  argv: string[],
  out: (line: string) => void = console.log,
): Promise<Emulator | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fixture: { type: 'string' },
      host: { type: 'string' },
      'base-port': { type: 'string' },
      'state-file': { type: 'string' },
      'verify-signatures': { type: 'boolean' },
      'propagation-delay-ms': { type: 'string' },
      'mutating-calls-per-second': { type: 'string' },
      'deployment-delay-ms': { type: 'string' },
      'route53-change-delay-ms': { type: 'string' },
      'route53-requests-per-second': { type: 'string' },
      'control-plane-requests-per-second': { type: 'string' },
      help: { type: 'boolean' },
    },
    // --no-verify-signatures
    allowNegative: true,
  });
  if (values.help) {
    out(USAGE);
    return undefined;
  }
  if (!values.fixture) throw new Error(`--fixture is required\n\n${USAGE}`);
  const emu = await startEmulator({
    fixture: values.fixture,
    host: values.host,
    basePort: numberOption(values['base-port'], 'base-port') ?? 7411,
    stateFile: values['state-file'],
    verifySignatures: values['verify-signatures'] ?? true,
    route53PropagationDelayMs: numberOption(
      values['propagation-delay-ms'],
      'propagation-delay-ms',
    ),
    mutatingCallsPerSecond: numberOption(
      values['mutating-calls-per-second'],
      'mutating-calls-per-second',
    ),
    deploymentDelayMs: numberOption(
      values['deployment-delay-ms'],
      'deployment-delay-ms',
    ),
    route53ChangeDelayMs: numberOption(
      values['route53-change-delay-ms'],
      'route53-change-delay-ms',
    ),
    route53RequestsPerSecond: numberOption(
      values['route53-requests-per-second'],
      'route53-requests-per-second',
    ),
    controlPlaneRequestsPerSecond: numberOption(
      values['control-plane-requests-per-second'],
      'control-plane-requests-per-second',
    ),
  });
  out(`AWS ARC emulator running, fixture ${values.fixture}`);
  out(describeEmulator(emu));
  const keys = emu.accounts.map(a => a.accessKeyId).join(', ');
  out(
    values['verify-signatures'] === false
      ? `Credentials: any (signatures are not verified). Ctrl+C stops it.`
      : `Credentials: access keys ${keys}, signatures verified. Ctrl+C stops it.`,
  );
  return emu;
}

/** Entry point of bin/aws-arc-emulator: parses the arguments, starts the emulator, stops it on a signal. @public */
export function main(argv: string[]): void {
  runCli(argv).then(
    emu => {
      if (!emu) return;
      const stop = () => {
        emu.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    error => {
      process.stderr.write(`aws-arc-emulator: ${toError(error).message}\n`);
      process.exit(1);
    },
  );
}

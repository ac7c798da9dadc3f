import { spawn } from 'node:child_process';
import path from 'node:path';
import { GetRoutingControlStateCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { runCli } from './cli';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PRIMARY,
  clusterClient,
} from './__testUtils__/clients';

describe('CLI', () => {
  it('starts from a fixture on random ports and prints every endpoint', async () => {
    const lines: string[] = [];
    const emu = await runCli(
      ['--fixture', EXAMPLE_FIXTURE, '--base-port', '0'],
      l => lines.push(l),
    );
    try {
      const text = lines.join('\n');
      expect(text).toContain(
        'Credentials: access keys AKIDEMULATOR, signatures verified.',
      );
      for (const e of emu!.clusterEndpoints)
        expect(text).toContain(`${e.Region}`);
      expect(text).toContain(emu!.clusterEndpoints[4].Endpoint);
      expect(text).toContain(emu!.adminEndpoint);
      expect(text).toMatch(
        new RegExp(
          `CloudWatch \\(sign any region\\) +${emu!.cloudWatchEndpoint}`,
        ),
      );
      const state = await clusterClient(emu!.clusterEndpoints[0]).send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        }),
      );
      expect(state.RoutingControlState).toBe('On');
    } finally {
      await emu!.stop();
    }
  });

  it('passes the signature, delay and rate options on', async () => {
    const lines: string[] = [];
    const emu = await runCli(
      [
        '--fixture',
        EXAMPLE_FIXTURE,
        '--base-port',
        '0',
        '--no-verify-signatures',
        '--deployment-delay-ms',
        '0',
        '--route53-change-delay-ms',
        '1500',
        '--route53-requests-per-second',
        '0',
        '--control-plane-requests-per-second',
        '7',
      ],
      l => lines.push(l),
    );
    try {
      expect(emu!.settings()).toMatchObject({
        verifySignatures: false,
        deploymentDelayMs: 0,
        route53ChangeDelayMs: 1500,
        route53RequestsPerSecond: 0,
        controlPlaneRequestsPerSecond: 7,
      });
      expect(lines.join('\n')).toContain(
        'Credentials: any (signatures are not verified).',
      );
    } finally {
      await emu!.stop();
    }
  });

  it('refuses bad arguments with a message', async () => {
    await expect(runCli([])).rejects.toThrow('--fixture is required');
    await expect(
      runCli(['--fixture', EXAMPLE_FIXTURE, '--base-port', 'x']),
    ).rejects.toThrow('--base-port');
    await expect(
      runCli(['--fixture', '/nonexistent.yaml', '--base-port', '0']),
    ).rejects.toThrow('Cannot read emulator fixture');
  });

  it('runs as bin/aws-arc-emulator from the TypeScript sources and stops on SIGINT', async () => {
    const bin = path.resolve(__dirname, '../bin/aws-arc-emulator');
    const child = spawn(
      process.execPath,
      [bin, '--fixture', EXAMPLE_FIXTURE, '--base-port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    const started = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', chunk => {
        output += chunk;
        if (output.includes('Ctrl+C')) resolve();
      });
      child.on('exit', code =>
        reject(new Error(`exited with ${code}: ${output}`)),
      );
    });
    await started;
    const endpoint = /cluster endpoint 1 us-west-2\s+(\S+)/.exec(output)![1];
    const state = await clusterClient({
      Endpoint: endpoint,
      Region: 'us-west-2',
    }).send(
      new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    expect(state.RoutingControlState).toBe('On');
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);
});

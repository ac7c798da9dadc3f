import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  appEntity,
  controlArn,
  Harness,
  mockAuth,
  startHarness,
} from '../__testUtils__/harness';
import { breakGlassRunbook, shellQuote } from './breakGlassRunbook';

/*
 * The break-glass runbook, run as an owner would when the portal is down:
 * the generated script, with the real AWS CLI, against the emulator with
 * two of the cluster's five endpoints down, fails orders over (and back);
 * the portal then records the change as one made outside it.
 */

jest.setTimeout(120_000);

const ORDERS = 'component:default/orders';
const alice = mockAuth('user:default/alice');

/**
 * Only what `aws` and bash need (PATH, HOME, pyenv) plus the emulator's
 * keys: no profile, config file or metadata service of this machine.
 */
function cliEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'PYENV_ROOT', 'PYENV_VERSION']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
}

/** Runs the script with bash; resolves with how it ended, never rejects on a failing run. */
function runScript(file: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = execFile(
        'bash',
        [file, ...args],
        { env: cliEnvironment(), timeout: 100_000 },
        (error, stdout, stderr) => {
          const code = (error as { code?: unknown } | null)?.code;
          if (error && typeof code !== 'number') reject(error);
          else resolve({ code: error ? (code as number) : 0, stdout, stderr });
        },
      );
      // nobody at the keyboard: a prompt reads end of input
      child.stdin?.end();
    },
  );
}

/** Polls `check` until it holds (a cached ARC reading expires within seconds). */
async function waitFor(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('break-glass runbook', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    // the real AWS CLI is this test's second, independent client
    execFileSync('aws', ['--version'], { env: cliEnvironment() });
    h = await startHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-'));
  });
  afterAll(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => h.emu.clearFaults());

  async function statusOf() {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ORDERS })
      .set(alice);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function download(entityRef: string) {
    return request(h.server)
      .get('/api/multi-region/runbook')
      .query({ entityRef })
      .set(alice);
  }

  it('is a download of the service’s script, naming its controls and every endpoint', async () => {
    const res = await download(ORDERS);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/x-shellscript/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="orders-break-glass-runbook.sh"',
    );
    expect(res.text).toContain(`PRIMARY_CONTROL='${controlArn('orders', 0)}'`);
    for (const e of h.emu.clusterEndpoints) {
      expect(res.text).toContain(`'${e.Endpoint}|${e.Region}'`);
    }
    execFileSync('bash', ['-n'], { input: res.text });

    expect((await download('component:default/nope')).status).toBe(404);
    expect((await download('component:default/')).status).toBe(400);
  });

  it('fails the service over through the third endpoint when two are down; the portal sees it', async () => {
    const file = path.join(dir, 'orders.sh');
    fs.writeFileSync(file, (await download(ORDERS)).text);
    // the portal knew orders in us-east-1 before it went down
    expect((await statusOf()).active.activeRegion).toBe('us-east-1');
    await h.emu.setFault(0, 'refuse');
    await h.emu.setFault(1, 'refuse');

    const over = await runScript(file, ['failover', '--yes']);
    expect(over).toMatchObject({ code: 0 });
    expect(over.stderr).toMatch(
      /did not answer; trying the next one[\s\S]*did not answer; trying the next one/,
    );
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('Off');
    expect(h.emu.getRoutingControlState(controlArn('orders', 1))).toBe('On');
    const status = await runScript(file, ['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Primary routing control:\n.*Off/);

    // the portal, reading ARC, records it as a change made outside it
    await h.emu.clearFaults();
    await waitFor(
      'the portal to read us-west-2',
      async () => (await statusOf()).active.activeRegion === 'us-west-2',
    );
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(alice);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      source: 'external',
      fromRegion: 'us-east-1',
      toRegion: 'us-west-2',
    });

    const back = await runScript(file, ['failback', '--yes']);
    expect(back.code).toBe(0);
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('On');
    expect(h.emu.getRoutingControlState(controlArn('orders', 1))).toBe('Off');
  });

  it('asks for the region to be typed unless --yes, and changes nothing without it', async () => {
    const file = path.join(dir, 'orders-confirm.sh');
    fs.writeFileSync(file, (await download(ORDERS)).text);
    const refused = await runScript(file, ['failover']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Not confirmed: nothing changed/);
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('On');
  });

  it('quotes every value: a hostile one is never run by the shell', () => {
    expect(shellQuote(`a'b $(x) \`y\``)).toBe(`'a'\\''b $(x) \`y\`'`);
    const marker = path.join(dir, 'pwned');
    const hostile = `$(touch ${marker})'; touch ${marker}; echo '`;
    const entity = appEntity('orders');
    const script = breakGlassRunbook({
      entityRef: `component:default/x${hostile}\n rm -rf /`,
      config: {
        clusterName: 'shared-arc',
        controlPanelArn: hostile,
        accountId: `1${hostile}`,
        primary: {
          role: 'primary',
          region: hostile,
          routingControlArn: hostile,
          healthCheckId: hostile,
        },
        secondary: {
          role: 'secondary',
          region: 'us-west-2',
          routingControlArn: hostile,
        },
        dnsName: hostile,
        hostedZoneId: hostile,
        appRole: 'service',
      } as any,
      endpoints: [{ url: `http://x/${hostile}`, region: hostile }],
      route53Endpoint: `http://y/${hostile}`,
      generatedAt: entity.metadata.name,
    });
    const file = path.join(dir, 'hostile.sh');
    fs.writeFileSync(file, script);
    execFileSync('bash', ['-n', file]);
    // the usage branch runs every assignment, and nothing else
    try {
      execFileSync('bash', [file, 'help'], { stdio: 'pipe' });
    } catch {
      // exit code 2: usage
    }
    expect(fs.existsSync(marker)).toBe(false);
  });
});

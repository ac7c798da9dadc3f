import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { backendDir } from './paths';
import { waitFor } from './waitFor';

/** A free TCP port on loopback (the OS picks it; released before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One dev-backend process (packages/backend/src/index.ts through the
 * Backstage CLI's Node transform, as `backstage-cli package start` runs it,
 * without the file watcher), in its own process group so that kill() takes
 * every child with it.
 */
export class Replica {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly configFiles: string[],
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return Boolean(
      this.child && this.child.exitCode === null && !this.child.signalCode,
    );
  }

  /** Starts the process and waits until its readiness endpoint answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    const out = fs.openSync(this.logFile, 'a');
    const args = [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(backendDir, 'src/index.ts'),
      ...this.configFiles.flatMap(f => ['--config', f]),
    ];
    const child = spawn(process.execPath, args, {
      cwd: backendDir,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: process.env.SYSTEM_TESTS_LOG_LEVEL ?? 'info',
        // the jest worker's settings must not leak into the backend
        JEST_WORKER_ID: '',
      },
    });
    fs.closeSync(out);
    this.child = child;
    this.exited = new Promise(resolve => child.once('exit', () => resolve()));
    await waitFor(
      `${this.name} (${this.url}) to become ready`,
      async () => {
        if (!this.running) {
          throw new Error(
            `${this.name} exited (${
              child.exitCode ?? child.signalCode
            }); log tail:\n${this.logTail()}`,
          );
        }
        const res = await fetch(`${this.url}/.backstage/health/v1/readiness`);
        return res.status === 200;
      },
      { timeoutMs, intervalMs: 250 },
    ).catch(error => {
      if (!String(error).includes('log tail')) {
        throw new Error(`${error.message}\nlog tail:\n${this.logTail()}`);
      }
      throw error;
    });
  }

  /** Kills the whole process group with `signal` and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child?.pid || !this.running) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    await this.exited;
  }

  logTail(lines = 40): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Resident set size of the process in MiB (Linux /proc). */
  rssMiB(): number | undefined {
    if (!this.child?.pid) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return kb / 1024;
    } catch {
      return undefined;
    }
  }
}

/*
 * node -r @backstage/cli/config/nodeTransform.cjs src/bench/cli.ts [--pg] [--keep]
 * (in packages/system-tests): runs the HTTP bench and prints its table.
 */
import os from 'node:os';
import { benchHttp, BenchRow } from './httpBench';

const metText = (met: BenchRow['met']) => {
  if (met === undefined) return '-';
  return met ? 'yes' : 'NO';
};

async function main() {
  const rows = await benchHttp({
    database: process.argv.includes('--pg') ? 'pg' : 'sqlite',
    keepDir: process.argv.includes('--keep'),
  });
  const cpu = os.cpus();
  const lines = [
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'} x ${cpu.length}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${
      process.version
    }; one dev-backend replica, emulator on loopback.`,
    '',
    '| Figure | Goal | Result | Met | Detail |',
    '|---|---|---|---|---|',
    ...rows.map(
      r =>
        `| ${r.figure} | ${r.goal} | ${r.result} | ${metText(r.met)} | ${
          r.detail ?? ''
        } |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

/*
 * npm run load -w system-tests [-- --users 50 --seconds 20]
 * Starts the two replicas, the database and the emulator, runs the load and
 * prints the table (totals, then each replica's requests/s and latency: the
 * users alternate replicas, so a replica far below the other is the slow
 * one); always tears everything down.
 */
import os from 'node:os';
import { startSystem } from '../harness/system';
import { formatReport, runLoad } from './runLoad';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const users = arg('users', 50);
  const seconds = arg('seconds', 20);
  process.stdout.write(
    'starting two replicas, PostgreSQL database and emulator...\n',
  );
  const system = await startSystem();
  try {
    const report = await runLoad({
      replicas: system.replicas,
      token: system.guestToken,
      emulator: system.emulator,
      users,
      seconds,
    });
    process.stdout.write(
      `\nmachine: ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(
        0,
      )} GiB RAM, node ${process.version}\n${formatReport(report)}\n`,
    );
    if (report.errors.length) {
      process.stdout.write(
        `first errors: ${JSON.stringify(report.errors.slice(0, 3), null, 2)}\n`,
      );
      process.exitCode = 1;
    }
    if (report.route53MaxInAnySecond > 5) process.exitCode = 1;
  } finally {
    await system.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

#!/usr/bin/env node
/*
 * The whole test suite, as `npm test` and CI run it:
 *   1. jest across every workspace (`backstage-cli repo test`), and
 *   2. the browser tests against a running dev portal (e2e/run.js).
 * The last line printed is the combined count, alone: `N passed, N failed`.
 * The exit code is non-zero when anything failed or could not run.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

process.env.CI = 'true';
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432/test';

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-region-tests-'));

function run(label, command, args) {
  console.log(`\n[test-all] ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(
      `[test-all] ${label} could not start: ${result.error.message}`,
    );
    return 1;
  }
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counts of one suite; a suite that produced no report counts as one failure. */
function countsOf(label, exitCode, report, pick) {
  if (!report) {
    console.error(
      `[test-all] ${label} wrote no results (exit code ${exitCode})`,
    );
    return { passed: 0, failed: 1 };
  }
  const counts = pick(report);
  if (exitCode !== 0 && counts.failed === 0) {
    // e.g. a test file that does not compile, or the portal never came up
    console.error(`[test-all] ${label} exited with ${exitCode}`);
    counts.failed = 1;
  }
  return counts;
}

const jestFile = path.join(outDir, 'jest.json');
const jestExit = run('unit and integration tests', 'npx', [
  'backstage-cli',
  'repo',
  'test',
  '--json',
  `--outputFile=${jestFile}`,
]);
const jest = countsOf('jest', jestExit, readJson(jestFile), r => ({
  passed: r.numPassedTests ?? 0,
  failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0),
}));

const e2eFile = path.join(outDir, 'e2e.json');
const e2eExit = run('browser tests', process.execPath, [
  path.join(root, 'e2e', 'run.js'),
  `--output=${e2eFile}`,
]);
const e2e = countsOf('e2e', e2eExit, readJson(e2eFile), r => ({
  passed: r.passed ?? 0,
  failed: r.failed ?? 0,
}));

const passed = jest.passed + e2e.passed;
const failed = jest.failed + e2e.failed;
console.log(
  `\n[test-all] jest: ${jest.passed} passed, ${jest.failed} failed; ` +
    `browser: ${e2e.passed} passed, ${e2e.failed} failed (reports in ${outDir})`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

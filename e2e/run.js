#!/usr/bin/env node
/*
 * Browser tests of the dev portal: starts it (with the embedded AWS emulator
 * and the example organisation), drives Debian's chromium through
 * playwright-core, writes a JSON report and stops the portal again.
 *
 *   node e2e/run.js [--output=results.json] [--no-portal] [--grep=text]
 *
 * --no-portal uses a portal that is already running (npm start).
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { APP_URL, startPortal, stopPortal } = require('./portal');
const { tests } = require('./tests');

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(__dirname, 'results');
const imagesDir = path.join(root, 'docs', 'images');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function option(name) {
  const arg = process.argv.find(
    a => a === `--${name}` || a.startsWith(`--${name}=`),
  );
  if (!arg) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : true;
}

function log(message) {
  console.log(`[e2e] ${message}`);
}

async function runTests(page) {
  const grep = option('grep');
  // tests marked `setup` (signing in) always run
  const selected =
    typeof grep === 'string'
      ? tests.filter(t => t.setup || t.name.includes(grep))
      : tests;
  const results = [];
  const ctx = {
    page,
    appUrl: APP_URL,
    /** Saves a documentation screenshot to docs/images/<name>.png. */
    async screenshot(name, locator) {
      fs.mkdirSync(imagesDir, { recursive: true });
      const file = path.join(imagesDir, `${name}.png`);
      await (locator ?? page).screenshot({
        path: file,
        animations: 'disabled',
      });
    },
  };
  for (const test of selected) {
    const started = Date.now();
    try {
      await test.run(ctx);
      results.push({
        name: test.name,
        status: 'passed',
        durationMs: Date.now() - started,
      });
      log(`✓ ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      const shot = path.join(resultsDir, `failed-${results.length + 1}.png`);
      await page
        .screenshot({ path: shot, fullPage: true })
        .catch(() => undefined);
      results.push({
        name: test.name,
        status: 'failed',
        durationMs: Date.now() - started,
        error: String(error?.stack ?? error),
        screenshot: shot,
      });
      log(
        `✕ ${test.name}: ${
          String(error?.message ?? error).split('\n')[0]
        } (page: ${shot})`,
      );
    }
  }
  return results;
}

async function main() {
  const output = option('output');
  const reportFile =
    typeof output === 'string'
      ? path.resolve(output)
      : path.join(resultsDir, 'results.json');
  fs.mkdirSync(resultsDir, { recursive: true });
  const report = { passed: 0, failed: 0, tests: [] };
  const writeReport = () => {
    report.passed = report.tests.filter(t => t.status === 'passed').length;
    report.failed = report.tests.filter(t => t.status !== 'passed').length;
    fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  };

  let portal;
  let browser;
  let dataDir;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    if (portal) {
      log('stopping the dev portal');
      await stopPortal(portal);
      portal = undefined;
    }
    // the portal's database and published services of this run only
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    if (!option('no-portal')) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-region-e2e-db-'));
      const logFile = path.join(resultsDir, 'portal.log');
      log(
        `starting the dev portal (log: ${logFile}); the first start compiles the app`,
      );
      const started = Date.now();
      portal = await startPortal({ logFile, dataDir });
      log(
        `dev portal is up after ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: run node scripts/bootstrap.js --with-browser`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    report.tests = await runTests(page);
  } catch (error) {
    report.tests.push({
      name: 'e2e setup',
      status: 'failed',
      error: String(error?.stack ?? error),
    });
    log(`✕ setup: ${error?.message ?? error}`);
  } finally {
    await cleanup();
    writeReport();
  }
  log(
    `${report.passed} passed, ${report.failed} failed (report: ${reportFile})`,
  );
  process.exitCode = report.failed > 0 ? 1 : 0;
}

main();

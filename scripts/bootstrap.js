#!/usr/bin/env node
/*
 * First-run setup for `npm start` and `npm test` on a fresh machine.
 *
 * - Installs the npm dependencies when node_modules is missing or older than
 *   package-lock.json (npm writes node_modules/.package-lock.json on install).
 * - With --with-browser: installs Debian's chromium for the browser tests when
 *   /usr/bin/chromium is missing (playwright's own browser download does not
 *   work on every network, the distribution package does).
 *
 * Every action is printed before it runs; nothing happens when all is in place.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const withBrowser = process.argv.includes('--with-browser');
const CHROMIUM = '/usr/bin/chromium';

function log(message) {
  console.log(`[bootstrap] ${message}`);
}

function run(command, args, options = {}) {
  log(`running: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    ...options,
  });
  if (result.error) {
    throw new Error(`${command} could not be started: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed with exit code ${result.status}`,
    );
  }
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Why the npm dependencies need installing, or undefined when they do not. */
function npmInstallReason() {
  const lock = path.join(root, 'package-lock.json');
  const installedLock = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(path.join(root, 'node_modules'))) {
    return 'node_modules is missing';
  }
  const installed = mtime(installedLock);
  if (installed === undefined) {
    return 'node_modules/.package-lock.json is missing (incomplete install)';
  }
  const wanted = mtime(lock);
  if (wanted !== undefined && wanted > installed) {
    return 'package-lock.json is newer than the installed dependencies';
  }
  return undefined;
}

function ensureNpmDependencies() {
  const reason = npmInstallReason();
  if (!reason) {
    log('npm dependencies are installed');
    return;
  }
  log(`${reason}: installing with npm ci (takes a few minutes the first time)`);
  run('npm', ['ci', '--no-fund', '--no-audit']);
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    log(`browser found at ${CHROMIUM}`);
    return;
  }
  log(`${CHROMIUM} is missing: installing the Debian chromium package`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) =>
    isRoot
      ? run('apt-get', args, { env: aptEnv })
      : run(prefix[0], [
          ...prefix.slice(1),
          'env',
          'DEBIAN_FRONTEND=noninteractive',
          'apt-get',
          ...args,
        ]);
  apt('update');
  apt(
    'install',
    '-y',
    '--no-install-recommends',
    'chromium',
    'fonts-liberation',
  );
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `chromium was installed but ${CHROMIUM} still does not exist`,
    );
  }
}

try {
  ensureNpmDependencies();
  if (withBrowser) {
    ensureChromium();
  }
} catch (error) {
  console.error(`[bootstrap] ${error.message}`);
  process.exit(1);
}

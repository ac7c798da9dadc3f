/*
 * Starts and stops the dev portal (app :3000 + backend :7007 with the
 * embedded AWS emulator on 7411..7419) for the browser tests.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const APP_URL = 'http://localhost:3000';
const BACKEND_URL = 'http://localhost:7007';
const PORTS = [
  3000, 7007, 7411, 7412, 7413, 7414, 7415, 7416, 7417, 7418, 7419,
];

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function busyPorts() {
  const busy = [];
  for (const port of PORTS) {
    if (await portInUse(port)) busy.push(port);
  }
  return busy;
}

async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `backstage-cli repo start` in its own process group with the e2e
 * config overlay (a fresh SQLite directory per run), and resolves once both
 * the backend and the app answer.
 */
async function startPortal({ logFile, dataDir, timeoutMs = 8 * 60_000 }) {
  const busy = await busyPorts();
  if (busy.length > 0) {
    throw new Error(
      `ports ${busy.join(
        ', ',
      )} are already in use: stop the running dev portal (npm start) before the browser tests`,
    );
  }
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    'npx',
    [
      'backstage-cli',
      'repo',
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(__dirname, 'app-config.e2e.yaml'),
    ],
    {
      cwd: root,
      detached: true, // own process group: stopPortal ends every child
      stdio: ['ignore', log, log],
      env: { ...process.env, BROWSER: 'none', E2E_DATA_DIR: dataDir },
    },
  );
  let exited;
  child.once('exit', code => {
    exited = code ?? -1;
  });

  const portal = { child, logFile };
  const deadline = Date.now() + timeoutMs;
  // In watch mode a crashed backend waits for a file change instead of
  // exiting; node's crash report ends with its version line.
  const crashed = () =>
    /^Node\.js v\d+/m.test(fs.readFileSync(logFile, 'utf8'));
  const waitFor = async (what, url) => {
    while (!(await httpOk(url))) {
      if (crashed()) {
        throw new Error(
          `the dev portal crashed before ${what} answered; see ${logFile}`,
        );
      }
      if (exited !== undefined) {
        throw new Error(
          `the dev portal exited (code ${exited}) before ${what} answered; see ${logFile}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${what} did not answer at ${url} within ${
            timeoutMs / 1000
          }s; see ${logFile}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  };
  try {
    await waitFor(
      'the backend',
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
    );
    await waitFor('the app', APP_URL);
  } catch (error) {
    await stopPortal(portal);
    throw error;
  }
  return portal;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

/** Ends the portal's whole process group: SIGTERM, then SIGKILL after 15 s. */
async function stopPortal(portal) {
  const { pid } = portal.child;
  if (!killGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!killGroup(pid, 0)) return;
    await new Promise(r => setTimeout(r, 250));
  }
  killGroup(pid, 'SIGKILL');
}

module.exports = { APP_URL, BACKEND_URL, startPortal, stopPortal };

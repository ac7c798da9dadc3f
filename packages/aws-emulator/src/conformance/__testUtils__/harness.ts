/* eslint-disable jest/no-export, jest/expect-expect, jest/no-disabled-tests --
 * this module registers each table's cases: the titles and assertions are the
 * cases', and skipping the CLI half where there is no CLI is the point. */
/**
 * The suite's frame: one emulator per test file (random ports, explicit
 * options, a manual clock), and a table of cases that each run once with the
 * AWS SDK and once with the AWS CLI. Where `aws` is missing or broken, the
 * CLI half is skipped under a title that says so and why; the SDK half runs.
 */
import { startEmulator, Emulator } from '../../emulator';
import type { EmulatorOptions } from '../../types';
import { findAwsCli } from './awsCli';
import { Caller, Outcome, SdkClients, cliCaller, sdkCaller } from './callers';
import { CONFORMANCE_FIXTURE } from './fixture';

/**
 * The emulator's clock. It moves only when told to, so deployment delays,
 * wait periods and token buckets need no sleeping. It starts at the real
 * time and is brought up to it before each case, because the CLI signs with
 * the machine's clock and the emulator refuses a signature more than five
 * minutes away from its own.
 */
export class ManualClock {
  private time = Date.now();

  readonly now = (): number => this.time;

  advance(ms: number): void {
    this.time += ms;
  }

  /** Never backwards: the emulator's pending changes and buckets only see time pass. */
  catchUp(): void {
    this.time = Math.max(this.time, Date.now());
  }

  /**
   * Runs `fn` with the clock `ms` ahead, then sets it back, so that later
   * cases can still sign with the machine's time. Only safe because every
   * case starts from a reset emulator.
   */
  async shifted<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    this.time += ms;
    try {
      return await fn();
    } finally {
      this.time -= ms;
    }
  }
}

export interface Conformance {
  readonly emu: Emulator;
  readonly clock: ManualClock;
  /** Raw SDK clients (waiters, middleware). */
  readonly clients: SdkClients;
  /** The SDK with valid credentials, for a case's setup whichever client it tests. */
  readonly setup: Caller;
  caller(kind: 'sdk' | 'cli'): Caller;
}

/** The options each file must choose itself; the rest stays at the emulator's defaults unless a file overrides it. */
export type ConformanceOptions = Omit<EmulatorOptions, 'fixture' | 'clock'>;

/**
 * Starts the emulator for this file (random ports, the conformance fixture,
 * the manual clock) and puts it back to the fixture before each case.
 */
export function useConformanceEmulator(
  options: ConformanceOptions,
): Conformance {
  const clock = new ManualClock();
  let emu: Emulator | undefined;
  const current = () => {
    if (!emu) throw new Error('The conformance emulator is not running');
    return emu;
  };
  const clients = new SdkClients(current);
  const sdk = sdkCaller(clients);
  const cli = cliCaller(current);

  beforeAll(async () => {
    emu = await startEmulator({
      ...options,
      fixture: CONFORMANCE_FIXTURE,
      clock: clock.now,
    });
  });
  afterAll(async () => {
    clients.destroy();
    await emu?.stop();
  });
  beforeEach(async () => {
    await current().reset();
    clock.catchUp();
  });

  return {
    get emu() {
      return current();
    },
    clock,
    clients,
    setup: sdk,
    caller: kind => (kind === 'sdk' ? sdk : cli),
  };
}

/** One row of a conformance table: a case written once, run with each client. */
export interface ConformanceCase {
  title: string;
  run(client: Caller, h: Conformance): Promise<void>;
  /** Only for one client; say why in the title. */
  only?: 'sdk' | 'cli';
}

const AWS_CLI = findAwsCli();

/** Generous: one `aws` call takes about a second here, more on a loaded machine. */
const CLI_TIMEOUT_MS = 180_000;
const SDK_TIMEOUT_MS = 60_000;

/** Registers every case twice: under the SDK and under the CLI (or skipped, visibly, without the CLI). */
export function conformanceCases(
  h: Conformance,
  cases: ConformanceCase[],
): void {
  const sdkCases = cases.filter(c => c.only !== 'cli');
  const cliCases = cases.filter(c => c.only !== 'sdk');
  describe('AWS SDK for JavaScript v3', () => {
    for (const c of sdkCases) {
      it(`${c.title}`, () => c.run(h.caller('sdk'), h), SDK_TIMEOUT_MS);
    }
  });
  if (AWS_CLI.found) {
    describe(`AWS CLI (${AWS_CLI.version})`, () => {
      for (const c of cliCases) {
        it(`${c.title}`, () => c.run(h.caller('cli'), h), CLI_TIMEOUT_MS);
      }
    });
  } else {
    const title = `${AWS_CLI.reason}: ${cliCases.length} CLI cases skipped`;
    // eslint-disable-next-line no-console
    console.warn(`Conformance (${expect.getState().testPath}): ${title}`);
    describe(`${title}`, () => {
      for (const c of cliCases) it.skip(`${c.title}`, () => {});
    });
  }
}

/** The output of a call that must succeed; otherwise the error, as the client saw it. */
export function expectOk(outcome: Outcome): any {
  if (!outcome.ok) {
    throw new Error(
      `Expected success, got ${outcome.code}: ${outcome.message}${
        outcome.stderr ? `\nstderr: ${outcome.stderr}` : ''
      }`,
    );
  }
  return outcome.output;
}

export interface ExpectedError {
  /** The AWS error code. */
  code: string;
  /** HTTP status; the SDK reports it, the CLI does not print it. */
  status: number;
  /** The operation the CLI's error line must name. */
  operation: string;
  message?: RegExp | string;
}

/**
 * An AWS error as each client reports it: the SDK's `error.name` and
 * `$metadata.httpStatusCode`; the CLI's exit code 255 and its line `An error
 * occurred (<Code>) when calling the <Op> operation: <message>`.
 */
export function expectAwsError(
  client: Caller,
  outcome: Outcome,
  expected: ExpectedError,
): void {
  const message =
    expected.message === undefined
      ? expect.any(String)
      : expect.stringMatching(expected.message);
  const view =
    client.kind === 'sdk'
      ? { ok: false, code: expected.code, status: expected.status, message }
      : {
          ok: false,
          code: expected.code,
          operation: expected.operation,
          exitCode: 255,
          message,
        };
  expect(outcome).toMatchObject(view);
}

/**
 * Resolves once `condition()` holds: for waiting on another process (the
 * CLI) to reach a point, never for a fixed time.
 */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/** A regular expression matching `text` literally. */
export function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

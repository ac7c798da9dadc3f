/**
 * Runs the AWS CLI (v1, botocore) against the emulator as a user would:
 * `--endpoint-url`, `--region`, credentials from the environment, no config
 * or credentials file, one attempt, no network beyond loopback.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Whether `aws` can be run here, and which one. */
export type AwsCliAvailability =
  | { found: true; version: string }
  | { found: false; reason: string };

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Looks for `aws` on PATH and checks that it runs: a pyenv shim can exist
 * for a Python version that lacks the CLI.
 */
export function findAwsCli(): AwsCliAvailability {
  const file = onPath('aws');
  if (!file) return { found: false, reason: 'AWS CLI not found on PATH' };
  try {
    const out = execFileSync(file, ['--version'], {
      env: cliEnvironment(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return { found: true, version: out.trim().split(/\s+/)[0] };
  } catch (error) {
    const e = error as Error & { stderr?: unknown };
    const why = String(e.stderr ?? '').trim() || e.message;
    return {
      found: false,
      reason: `AWS CLI on PATH (${file}) does not run (${why.split('\n')[0]})`,
    };
  }
}

/** Credentials for one call, or `unsigned` for `--no-sign-request`. */
export type CliCredentials =
  | { accessKeyId: string; secretAccessKey: string }
  | 'unsigned';

/**
 * Only what `aws` needs to start (PATH, HOME, pyenv) plus our settings: no
 * AWS_* variable of the machine leaks in, no profile or IMDS is consulted.
 */
function cliEnvironment(
  credentials?: CliCredentials,
  configFile = '/dev/null',
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'PYENV_ROOT', 'PYENV_VERSION']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  Object.assign(env, {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
  });
  if (credentials && credentials !== 'unsigned') {
    env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  }
  return env;
}

/** What one CLI call printed and how it ended. */
export interface AwsCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface AwsCliCall {
  /** `route53-recovery-cluster`, `route53-recovery-control-config` or `route53`. */
  service: string;
  /** The CLI command, e.g. `get-routing-control-state`. */
  command: string;
  args: string[];
  endpointUrl: string;
  region: string;
  credentials: CliCredentials;
  /** A botocore config file instead of /dev/null (e.g. `parameter_validation = false`). */
  configFile?: string;
}

/** Runs one CLI command; never rejects on a failing command, only on a failure to start it. */
export function runAwsCli(call: AwsCliCall): Promise<AwsCliResult> {
  const args = [
    call.service,
    call.command,
    ...call.args,
    '--endpoint-url',
    call.endpointUrl,
    '--region',
    call.region,
    '--output',
    'json',
    ...(call.credentials === 'unsigned' ? ['--no-sign-request'] : []),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      args,
      {
        env: cliEnvironment(call.credentials, call.configFile),
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') {
          reject(
            new Error(`aws ${args.join(' ')} did not run: ${error.message}`),
          );
          return;
        }
        resolve({ exitCode: error ? (code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** The AWS error as the CLI reports it on stderr. */
export interface CliServiceError {
  code: string;
  operation: string;
  message: string;
}

/**
 * Parses botocore's ClientError line: `An error occurred (<Code>) when
 * calling the <Op> operation: <message>`, with ` (reached max retries: N)`
 * before the colon when the retry handler gave up.
 */
export function parseCliError(stderr: string): CliServiceError | undefined {
  const match =
    /^An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: ?(.*)$/m.exec(
      stderr,
    );
  return match
    ? { code: match[1], operation: match[2], message: match[3] }
    : undefined;
}

/** `ListAssociatedRoute53HealthChecks` -> `list-associated-route53-health-checks`, as botocore names commands and options. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * An operation's input as CLI options: `--member-name value`, structures and
 * lists as JSON (the CLI accepts JSON for any of them), booleans as
 * `--flag`/`--no-flag`.
 */
export function cliOptions(input: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const option = `--${kebab(key)}`;
    if (typeof value === 'boolean') {
      args.push(value ? option : `--no-${kebab(key)}`);
    } else if (typeof value === 'object' && value !== null) {
      args.push(option, JSON.stringify(value));
    } else {
      args.push(option, String(value));
    }
  }
  return args;
}

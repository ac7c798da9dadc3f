import { Config } from '@backstage/config';
import { MultiRegionConfigError } from '@multi-region-failover/plugin-multi-region-node';

/**
 * How an action polls for an asynchronous AWS change, in the units of the
 * SDK's waiters (seconds): the first poll at once, then pauses growing from
 * `minDelaySeconds` to `maxDelaySeconds` (exponential, with jitter), giving up
 * after `maxWaitSeconds`.
 */
export interface PollTiming {
  minDelaySeconds: number;
  maxDelaySeconds: number;
  maxWaitSeconds: number;
}

/** Where the ARC deployment wait is configured. */
export const ARC_DEPLOYMENT_WAIT_KEY =
  'multiRegionScaffolder.arc.deploymentWait';
/** Where the Route 53 change wait is configured. */
export const ROUTE53_CHANGE_WAIT_KEY =
  'multiRegionScaffolder.route53.changeWait';

/**
 * Defaults for real AWS. Faster than the SDK's own defaults (ARC 5 s,
 * Route 53 30 s between polls), which would make a template run take
 * minutes; a poll is one request, far below every quota (Route 53 polls also
 * take their token from the suite's Route 53 budget).
 */
export const POLL_DEFAULTS: Record<'arc' | 'route53', PollTiming> = {
  arc: { minDelaySeconds: 2, maxDelaySeconds: 30, maxWaitSeconds: 300 },
  route53: { minDelaySeconds: 2, maxDelaySeconds: 30, maxWaitSeconds: 300 },
};

/** The key that `multiRegionScaffolder.arc.deploymentWait.maxWaitSeconds` replaced. */
const REMOVED_DEPLOY_TIMEOUT_KEY =
  'multiRegionScaffolder.arcDeployTimeoutSeconds';

/**
 * `multiRegionScaffolder.arc.deploymentWait`, validated: a bad value stops
 * the backend at start with a message naming the key.
 */
export function readArcDeploymentWait(config: Config): PollTiming {
  if (config.has(REMOVED_DEPLOY_TIMEOUT_KEY)) {
    throw new MultiRegionConfigError(
      REMOVED_DEPLOY_TIMEOUT_KEY,
      `replaced by ${ARC_DEPLOYMENT_WAIT_KEY}.maxWaitSeconds (default ${POLL_DEFAULTS.arc.maxWaitSeconds})`,
    );
  }
  // The pinned ARC client's waiter refuses pauses under one second.
  return readPollTiming(config, ARC_DEPLOYMENT_WAIT_KEY, POLL_DEFAULTS.arc, 1);
}

/** `multiRegionScaffolder.route53.changeWait`, validated like {@link readArcDeploymentWait}. */
export function readRoute53ChangeWait(config: Config): PollTiming {
  return readPollTiming(
    config,
    ROUTE53_CHANGE_WAIT_KEY,
    POLL_DEFAULTS.route53,
    0,
  );
}

function readPollTiming(
  root: Config,
  key: string,
  defaults: PollTiming,
  /** The smallest pause the waiter accepts (exclusive when 0). */
  minimumDelaySeconds: number,
): PollTiming {
  const config = root.getOptionalConfig(key);
  const read = (name: keyof PollTiming, fallback: number, min: number) => {
    const value = config?.getOptionalNumber(name);
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < min || value <= 0) {
      throw new MultiRegionConfigError(
        `${key}.${name}`,
        `${value} must be a number of seconds ${
          min > 0 ? `of at least ${min}` : 'greater than 0'
        }`,
      );
    }
    return value;
  };
  const minDelaySeconds = read(
    'minDelaySeconds',
    defaults.minDelaySeconds,
    minimumDelaySeconds,
  );
  const maxDelaySeconds = read(
    'maxDelaySeconds',
    Math.max(defaults.maxDelaySeconds, minDelaySeconds),
    minDelaySeconds,
  );
  const maxWaitSeconds = read('maxWaitSeconds', defaults.maxWaitSeconds, 0);
  // the SDK waiters' own rule: at least one pause must fit in the wait
  if (maxWaitSeconds <= minDelaySeconds) {
    throw new MultiRegionConfigError(
      `${key}.maxWaitSeconds`,
      `${maxWaitSeconds} must be greater than minDelaySeconds (${minDelaySeconds})`,
    );
  }
  return { minDelaySeconds, maxDelaySeconds, maxWaitSeconds };
}

import { ConfigReader } from '@backstage/config';
import {
  POLL_DEFAULTS,
  readArcDeploymentWait,
  readRoute53ChangeWait,
} from './pollTiming';

const config = (multiRegionScaffolder: object) =>
  new ConfigReader({ multiRegionScaffolder } as any);

describe('the poll timings of the actions', () => {
  it('default to real-AWS values faster than the SDK defaults', () => {
    expect(readArcDeploymentWait(config({}))).toEqual(POLL_DEFAULTS.arc);
    expect(readRoute53ChangeWait(config({}))).toEqual(POLL_DEFAULTS.route53);
  });

  it('take the configured values; maxDelaySeconds follows a larger minDelaySeconds', () => {
    expect(
      readArcDeploymentWait(
        config({ arc: { deploymentWait: { minDelaySeconds: 45 } } }),
      ),
    ).toEqual({
      minDelaySeconds: 45,
      maxDelaySeconds: 45,
      maxWaitSeconds: 300,
    });
    expect(
      readRoute53ChangeWait(
        config({
          route53: {
            changeWait: {
              minDelaySeconds: 0.1,
              maxDelaySeconds: 0.5,
              maxWaitSeconds: 10,
            },
          },
        }),
      ),
    ).toEqual({
      minDelaySeconds: 0.1,
      maxDelaySeconds: 0.5,
      maxWaitSeconds: 10,
    });
  });

  it.each([
    [
      'an ARC pause under the pinned waiter minimum of one second',
      { arc: { deploymentWait: { minDelaySeconds: 0.5 } } },
      readArcDeploymentWait,
      'Invalid config at multiRegionScaffolder.arc.deploymentWait.minDelaySeconds: 0.5 must be a number of seconds of at least 1',
    ],
    [
      'a Route 53 pause of 0',
      { route53: { changeWait: { minDelaySeconds: 0 } } },
      readRoute53ChangeWait,
      'Invalid config at multiRegionScaffolder.route53.changeWait.minDelaySeconds: 0 must be a number of seconds greater than 0',
    ],
    [
      'a maxDelaySeconds under minDelaySeconds',
      { arc: { deploymentWait: { minDelaySeconds: 5, maxDelaySeconds: 2 } } },
      readArcDeploymentWait,
      'Invalid config at multiRegionScaffolder.arc.deploymentWait.maxDelaySeconds: 2 must be a number of seconds of at least 5',
    ],
    [
      'a wait no longer than one pause',
      { route53: { changeWait: { minDelaySeconds: 3, maxWaitSeconds: 3 } } },
      readRoute53ChangeWait,
      'Invalid config at multiRegionScaffolder.route53.changeWait.maxWaitSeconds: 3 must be greater than minDelaySeconds (3)',
    ],
    [
      'the key maxWaitSeconds replaced',
      { arcDeployTimeoutSeconds: 120 },
      readArcDeploymentWait,
      'Invalid config at multiRegionScaffolder.arcDeployTimeoutSeconds: replaced by multiRegionScaffolder.arc.deploymentWait.maxWaitSeconds (default 300)',
    ],
  ])('refuse %s, naming the key', (_, value, read, message) => {
    expect(() => read(config(value))).toThrow(message);
  });
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../__testUtils__/loadEntities';
import { endpointMismatches } from './endpointMismatches';
import { startEmulator } from '@multi-region-failover/aws-emulator';
import awsEmulatorModule from './module';

// the real emulator, watched: which options the module starts it with
jest.mock('@multi-region-failover/aws-emulator', () => {
  const actual = jest.requireActual('@multi-region-failover/aws-emulator');
  return { ...actual, startEmulator: jest.fn(actual.startEmulator) };
});

const fixture = path.join(repoRoot, 'examples/emulator/fixture.yaml');
const devConfig = new ConfigReader(
  parse(fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8')),
);

/** What the emulator serves at basePort 7411 (its documented port layout). */
const emulatorAt7411 = {
  clusterArn:
    'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10',
  clusterEndpoints: [
    'us-east-1',
    'us-west-2',
    'eu-west-1',
    'ap-northeast-1',
    'ap-southeast-2',
  ].map((Region, i) => ({
    Endpoint: `http://127.0.0.1:${7411 + i}/v1`,
    Region,
  })),
  controlPlaneEndpoint: 'http://127.0.0.1:7416',
  route53Endpoint: 'http://127.0.0.1:7417',
  // the admin API is on 7418
  cloudWatchEndpoint: 'http://127.0.0.1:7419',
};

describe('endpointMismatches', () => {
  it('finds none between app-config.yaml and the emulator it starts', () => {
    expect(devConfig.getNumber('awsEmulator.basePort')).toBe(7411);
    expect(endpointMismatches(devConfig, emulatorAt7411)).toEqual([]);
  });

  it('names each key that points elsewhere, with both values', () => {
    const moved = {
      ...emulatorAt7411,
      route53Endpoint: 'http://127.0.0.1:9417',
      cloudWatchEndpoint: 'http://127.0.0.1:9419',
      clusterEndpoints: emulatorAt7411.clusterEndpoints.map((e, i) =>
        i === 2 ? { ...e, Endpoint: 'http://127.0.0.1:9413/v1' } : e,
      ),
    };
    expect(endpointMismatches(devConfig, moved)).toEqual([
      'multiRegion.route53.endpoint is http://127.0.0.1:7417, the emulator serves http://127.0.0.1:9417',
      'multiRegion.cloudWatch.endpoint is http://127.0.0.1:7419, the emulator serves http://127.0.0.1:9419',
      'multiRegion.clusters[0].endpoints[2].url is http://127.0.0.1:7413/v1, the emulator serves http://127.0.0.1:9413/v1',
    ]);
  });

  it("says so when no configured cluster is the emulator's", () => {
    expect(
      endpointMismatches(devConfig, {
        ...emulatorAt7411,
        clusterArn:
          'arn:aws:route53-recovery-control::111122223333:cluster/other',
      }),
    ).toEqual([
      "multiRegion.clusters has no cluster with the emulator's ARN arn:aws:route53-recovery-control::111122223333:cluster/other",
    ]);
  });
});

describe('the dev-only AWS emulator module', () => {
  /** Stands in for the multi-region plugin, whose module this is. */
  const plugin = (init: () => void) =>
    createBackendPlugin({
      pluginId: 'multi-region',
      register(env) {
        env.registerInit({
          deps: { logger: coreServices.logger },
          async init() {
            init();
          },
        });
      },
    });

  it('starts nothing unless awsEmulator.enabled is true', async () => {
    let started = false;
    const backend = await startTestBackend({
      features: [
        awsEmulatorModule,
        plugin(() => (started = true)),
        mockServices.rootConfig.factory({
          data: { awsEmulator: { enabled: false, fixture: 'missing.yaml' } },
        }),
      ],
    });
    expect(started).toBe(true);
    await backend.stop();
  });

  it('starts the emulator, and fails the start when multiRegion points elsewhere', async () => {
    const starting = startTestBackend({
      features: [
        awsEmulatorModule,
        plugin(() => {}),
        mockServices.rootConfig.factory({
          data: {
            awsEmulator: { enabled: true, fixture, basePort: 0 },
            multiRegion: devConfig.get('multiRegion') as object,
          },
        }),
      ],
    });
    await expect(starting).rejects.toThrow(
      /does not point at the AWS emulator that awsEmulator started: multiRegion.controlPlane.endpoint is http:\/\/127.0.0.1:7416, the emulator serves http:\/\/127.0.0.1:\d+/,
    );
  });

  it('passes the deployment and Route 53 change delays, and leaves them to the emulator when unset', async () => {
    const start = (awsEmulator: object) =>
      startTestBackend({
        features: [
          awsEmulatorModule,
          plugin(() => {}),
          mockServices.rootConfig.factory({
            data: {
              awsEmulator: {
                enabled: true,
                fixture,
                basePort: 0,
                ...awsEmulator,
              },
              multiRegion: devConfig.get('multiRegion') as object,
            },
          }),
        ],
      }).catch(() => undefined); // multiRegion points at 7411: refused after the start
    const started = jest.mocked(startEmulator);
    started.mockClear();
    await start({ deploymentDelayMs: 2000, route53ChangeDelayMs: 1500 });
    await start({});
    expect(started).toHaveBeenCalledTimes(2);
    expect(started.mock.calls[0][0]).toMatchObject({
      deploymentDelayMs: 2000,
      route53ChangeDelayMs: 1500,
    });
    expect(started.mock.calls[1][0]).not.toHaveProperty('deploymentDelayMs');
    expect(started.mock.calls[1][0]).not.toHaveProperty('route53ChangeDelayMs');
  });

  it('says which fixture it could not start with', async () => {
    await expect(
      startTestBackend({
        features: [
          awsEmulatorModule,
          plugin(() => {}),
          mockServices.rootConfig.factory({
            data: {
              awsEmulator: {
                enabled: true,
                fixture: '/nonexistent/fixture.yaml',
                basePort: 0,
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'Could not start the AWS emulator (awsEmulator, fixture /nonexistent/fixture.yaml, basePort 0)',
    );
  });
});

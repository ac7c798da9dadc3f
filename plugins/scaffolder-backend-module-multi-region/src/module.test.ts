import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { JsonObject } from '@backstage/types';
import { MultiRegionAwsClients } from '@multi-region-failover/plugin-multi-region-node';
import request from 'supertest';
import scaffolderModuleMultiRegion from '.';
import { ACCOUNT, offlineAppConfig } from './__testUtils__/emulator';

jest.setTimeout(60_000);

// no request is made in these tests
const appConfig = offlineAppConfig();

function startScaffolderWith(config: JsonObject) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMultiRegion,
      mockServices.rootConfig.factory({
        data: { backend: { baseUrl: 'http://localhost:7007' }, ...config },
      }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
}

describe('scaffolderModuleMultiRegion', () => {
  afterEach(() => jest.restoreAllMocks());

  it('registers the five actions, and closes its AWS clients at shutdown', async () => {
    const destroy = jest.spyOn(MultiRegionAwsClients.prototype, 'destroy');
    const backend = await startScaffolderWith(appConfig);
    try {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.map((a: { id: string }) => a.id)).toEqual(
        expect.arrayContaining([
          'multi-region:arc:provision',
          'multi-region:route53:provision',
          'multi-region:external-api:add-route',
          'multi-region:publish:local',
          'multi-region:catalog:register-published',
        ]),
      );
      expect(destroy).not.toHaveBeenCalled();
    } finally {
      await backend.stop();
    }
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('refuses to start with an invalid multiRegion config, naming the key', async () => {
    const [cluster] = (appConfig.multiRegion as any).clusters;
    await expect(
      startScaffolderWith({
        ...appConfig,
        multiRegion: {
          ...(appConfig.multiRegion as JsonObject),
          clusters: [{ ...cluster, accountId: '999999999999' }],
        },
      }),
    ).rejects.toThrow(
      new RegExp(
        `multiRegion\\.clusters\\[0\\]\\.accountId: "999999999999" does not match the account in the cluster ARN \\(${ACCOUNT}\\)`,
      ),
    );
  });

  it('refuses to start with an invalid wait of the actions, naming the key', async () => {
    await expect(
      startScaffolderWith({
        ...appConfig,
        multiRegionScaffolder: {
          arc: { deploymentWait: { minDelaySeconds: 1, maxWaitSeconds: 1 } },
        },
      }),
    ).rejects.toThrow(
      'Invalid config at multiRegionScaffolder.arc.deploymentWait.maxWaitSeconds: 1 must be greater than minDelaySeconds (1)',
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';
import { repoRoot } from '../__testUtils__/loadEntities';

function configFile(name: string) {
  return {
    context: name,
    data: parse(fs.readFileSync(path.join(repoRoot, name), 'utf8')),
  };
}

const dev = ConfigReader.fromConfigs([configFile('app-config.yaml')]);
const production = ConfigReader.fromConfigs([
  configFile('app-config.yaml'),
  configFile('app-config.production.yaml'),
]);

describe('app-config.yaml (dev portal)', () => {
  it('points the shared-arc cluster at the emulator on 7411..7415, in region order', () => {
    const [cluster] = dev.getConfigArray('multiRegion.clusters');
    expect(cluster.getString('name')).toBe('shared-arc');
    expect(cluster.getString('arn')).toBe(
      'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10',
    );
    expect(cluster.getString('accountId')).toBe('111122223333');
    expect(cluster.getConfigArray('endpoints').map(e => e.get())).toEqual([
      { url: 'http://127.0.0.1:7411/v1', region: 'us-east-1' },
      { url: 'http://127.0.0.1:7412/v1', region: 'us-west-2' },
      { url: 'http://127.0.0.1:7413/v1', region: 'eu-west-1' },
      { url: 'http://127.0.0.1:7414/v1', region: 'ap-northeast-1' },
      { url: 'http://127.0.0.1:7415/v1', region: 'ap-southeast-2' },
    ]);
  });

  it('starts the AWS emulator in the dev portal and gives the plugins its endpoints and keys as ordinary config', () => {
    expect(dev.get('awsEmulator')).toEqual({
      enabled: true,
      fixture: '../../examples/emulator/fixture.yaml',
      basePort: 7411,
      // asynchronous like AWS: a couple of seconds PENDING
      deploymentDelayMs: 2000,
      route53ChangeDelayMs: 2000,
    });
    expect(dev.getOptional('multiRegion.emulator')).toBeUndefined();
    expect(dev.getString('multiRegion.controlPlane.endpoint')).toBe(
      'http://127.0.0.1:7416',
    );
    expect(dev.getString('multiRegion.route53.endpoint')).toBe(
      'http://127.0.0.1:7417',
    );
    expect(dev.get('aws.accounts')).toEqual([
      { accountId: '111122223333', ...EMULATOR_CREDENTIALS },
    ]);
  });

  it('names files that exist for the emulator fixture and every catalog location', () => {
    const backendDir = path.join(repoRoot, 'packages/backend');
    const files = [
      dev.getString('awsEmulator.fixture'),
      ...dev
        .getConfigArray('catalog.locations')
        .map(l => l.getString('target')),
    ];
    for (const file of files) {
      expect({
        file,
        exists: fs.existsSync(path.resolve(backendDir, file)),
      }).toEqual({
        file,
        exists: true,
      });
    }
  });
});

describe('app-config.production.yaml', () => {
  it('removes the emulator, its endpoints and its fake keys', () => {
    expect(production.getBoolean('awsEmulator.enabled')).toBe(false);
    expect(
      production.getOptional('multiRegion.controlPlane.endpoint'),
    ).toBeUndefined();
    expect(
      production.getOptional('multiRegion.route53.endpoint'),
    ).toBeUndefined();
    expect(
      production.getOptional('multiRegion.cloudWatch.endpoint'),
    ).toBeUndefined();
    expect(production.get('aws.accounts')).toEqual([]);
    expect(production.getOptional('aws.mainAccount')).toBeUndefined();
  });

  it('uses PostgreSQL from POSTGRES_* variables', () => {
    expect(production.get('backend.database')).toEqual({
      client: 'pg',
      connection: {
        host: '${POSTGRES_HOST}',
        port: '${POSTGRES_PORT}',
        user: '${POSTGRES_USER}',
        password: '${POSTGRES_PASSWORD}',
      },
    });
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import scaffolderModuleMultiRegion from '..';

/** The template of this repository, on disk. */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/multi-region-service',
);

/** Values a person would enter in the form. */
export const defaultValues = {
  name: 'inventory',
  description: 'Stock levels: "how many", by warehouse',
  owner: 'group:default/team-orders',
  system: 'system:default/public-api',
  rtoMinutes: 30,
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  subdomain: 'inventory',
  topLevelDomain: 'example.com',
  hostedZoneId: 'Z0EXAMPLE1PUBLIC',
  cluster: 'shared-arc',
  safetyRule: true,
  provisionDns: true,
  exposeOnExternalApi: true,
  externalApiPath: '/inventory',
  publishTarget: 'local',
};

function readTree(
  dir: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    return entry.isDirectory()
      ? readTree(full, rel)
      : [
          {
            path: rel,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}

export interface DryRunResult {
  status: number;
  body: any;
  /** Rendered files by path (text). */
  files: Record<string, string>;
  executable: Record<string, boolean>;
}

/** The template of this repository and its files, as the dry-run API takes them. */
export function readTemplate(): {
  template: any;
  directoryContents: Array<{ path: string; base64Content: string }>;
} {
  return {
    template: yaml.parse(
      fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    ),
    directoryContents: readTree(TEMPLATE_DIR),
  };
}

/**
 * Dry-runs `template` on the scaffolder backend behind `server`: the same
 * request the template editor sends.
 */
export async function dryRunOn(
  server: Parameters<typeof request>[0],
  body: ReturnType<typeof readTemplate> & { values: JsonObject },
): Promise<DryRunResult> {
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header('user:default/guest'))
    .send(body);
  const files: Record<string, string> = {};
  const executable: Record<string, boolean> = {};
  for (const file of res.body.directoryContents ?? []) {
    files[file.path] = Buffer.from(file.base64Content, 'base64').toString(
      'utf8',
    );
    executable[file.path] = Boolean(file.executable);
  }
  return { status: res.status, body: res.body, files, executable };
}

/**
 * Starts a real scaffolder backend with our module and dry-runs the template:
 * the same request the template editor sends.
 */
export async function startScaffolder(config: JsonObject) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMultiRegion,
      // The template's "GitHub repository" option needs publish:github.
      scaffolderModuleGithub,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  const body = readTemplate();
  const dryRun = (values: JsonObject) =>
    dryRunOn(backend.server, { ...body, values });
  return { backend, dryRun };
}

/** Polls a condition (an HTTP resource becoming ready), failing after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

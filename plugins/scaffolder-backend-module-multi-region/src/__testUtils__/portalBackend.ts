import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { JsonObject } from '@backstage/types';
import path from 'node:path';
import request from 'supertest';
import scaffolderModuleMultiRegion, { localPublishUrlReader } from '..';
import { appConfigFor, Emulator, FAST_POLLS } from './emulator';
import { TEMPLATE_DIR, until } from './templateDryRun';

/**
 * The permissions of a portal where people may not register catalog
 * locations themselves (the dev portal's policy gives
 * `catalog.location.create` to platform admins only): denied for every user,
 * allowed for plugins (as the real permission client allows service
 * principals), everything else allowed.
 */
export const usersCannotRegisterLocations = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = (
      requests: Array<{ permission: { name: string } }>,
      options?: { credentials: { principal: unknown } },
    ) =>
      requests.map(r => ({
        result:
          r.permission.name === 'catalog.location.create' &&
          (options?.credentials.principal as { type?: string })?.type === 'user'
            ? 'DENY' // AuthorizeResult.DENY
            : 'ALLOW',
      }));
    return {
      authorize: async (requests: any, options: any) =>
        decide(requests, options) as any,
      authorizeConditional: async (requests: any, options: any) =>
        decide(requests, options) as any,
    };
  },
});

/** Who calls the portal in these tests: the dev portal's guest, a member of team-orders. */
export const GUEST_AUTH = mockCredentials.user.header('user:default/guest');

/**
 * The dev-portal flow for real: catalog + scaffolder + this module + the URL
 * reader, against the emulator, with the template from disk in the catalog
 * and {@link usersCannotRegisterLocations}. Resolves once the template is in
 * the catalog.
 */
export async function startPortalBackend(
  emu: Emulator,
  dir: ReturnType<typeof createMockDirectory>,
  extraConfig: JsonObject = {},
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      scaffolderModuleMultiRegion,
      scaffolderModuleGithub,
      localPublishUrlReader,
      usersCannotRegisterLocations,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          catalog: {
            rules: [{ allow: ['Component', 'Location', 'Template'] }],
            locations: [
              {
                type: 'file',
                target: path.join(TEMPLATE_DIR, 'template.yaml'),
              },
            ],
          },
          ...appConfigFor(emu),
          multiRegionScaffolder: {
            localPublishDir: dir.resolve('published'),
            arc: FAST_POLLS.arc,
            route53: {
              ...FAST_POLLS.route53,
              // the dev portal's setting: the emulator has no API Gateway domains
              placeholderAliasTargets: true,
            },
          },
          ...extraConfig,
        },
      }),
    ],
  });
  try {
    await until('the template in the catalog', async () => {
      const res = await request(backend.server)
        .get(
          '/api/catalog/entities/by-name/template/default/multi-region-service',
        )
        .set('Authorization', GUEST_AUTH);
      return res.status === 200 ? res.body : undefined;
    });
  } catch (error) {
    await backend.stop();
    throw error;
  }

  /** Starts the template as the guest; the answer of POST /v2/tasks. */
  const createTask = (values: JsonObject) =>
    request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', GUEST_AUTH)
      .send({ templateRef: 'template:default/multi-region-service', values });

  /** Waits until a task has completed or failed; its body, and its log when it failed. */
  const finished = async (taskId: string) => {
    const task = await until(`task ${taskId} to finish`, async () => {
      const res = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', GUEST_AUTH);
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    });
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', GUEST_AUTH);
    const log = (events.body as any[])
      .map(e => e.body?.message)
      .filter(Boolean)
      .join('\n');
    return { task, log };
  };

  /** The catalog entity `ref` (`kind/namespace/name`) as the guest sees it, or undefined. */
  const entity = async (kindNamespaceName: string) => {
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-name/${kindNamespaceName}`)
      .set('Authorization', GUEST_AUTH);
    return res.status === 200 ? res.body : undefined;
  };

  return { backend, createTask, finished, entity };
}

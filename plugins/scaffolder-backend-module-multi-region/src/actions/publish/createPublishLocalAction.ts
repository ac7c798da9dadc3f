import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, ForwardedError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  requireInput,
  SERVICE_NAME_RULE,
  serviceNameInput,
} from '../../lib/inputs';
import {
  ensureLocalPublishDir,
  exists,
  PUBLISH_MARKER,
  readPublishMarker,
  requireLocalPublishDir,
} from '../../localPublish/localPublishDir';
import { examples } from './local.examples';

/**
 * Creates `multi-region:publish:local`: copies the workspace into
 * `<multiRegionScaffolder.localPublishDir>/<name>` and outputs a `file:` URL of
 * its catalog-info.yaml for `catalog:register`. For portals that cannot reach
 * a git host (the dev portal); the catalog reads the URL through
 * `localPublishUrlReader`.
 *
 * @public
 */
export function createPublishLocalAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'multi-region:publish:local',
    description:
      "Copies the workspace to the portal's local publish directory (multiRegionScaffolder.localPublishDir) and outputs the file: URL of its catalog-info.yaml.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: serviceNameInput(
          'Directory name under the publish directory, normally the service name',
        ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace sub-directory to publish (default: the whole workspace)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog file inside the published directory (default catalog-info.yaml)',
            ),
      },
      output: {
        path: z =>
          z.string().describe('Absolute path of the published directory'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('file: URL of the catalog file, for catalog:register'),
        remoteUrl: z =>
          z.string().describe('file: URL of the published directory'),
      },
    },
    async handler(ctx) {
      const name = requireInput('name', ctx.input.name, SERVICE_NAME_RULE);
      const root = requireLocalPublishDir(options.config);
      const target = resolveSafeChildPath(root, name);
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const catalogFile = resolveSafeChildPath(target, catalogInfoPath);

      const outputs = () => {
        ctx.output('path', target);
        ctx.output('remoteUrl', pathToFileURL(target).href);
        ctx.output('catalogInfoUrl', pathToFileURL(catalogFile).href);
      };
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${source} to ${target}`);
        outputs();
        return;
      }

      if (!(await exists(resolveSafeChildPath(source, catalogInfoPath)))) {
        throw new InputError(
          `Nothing to register: ${catalogInfoPath} is missing from the workspace.`,
        );
      }
      await ensureLocalPublishDir(root);
      const previous = await readPublishMarker(target);
      if (previous === null) {
        throw new ConflictError(
          `${target} already exists and was not published by the portal; choose another name or remove that directory.`,
        );
      }
      if (previous && previous.taskId !== ctx.task.id) {
        throw new ConflictError(
          `A service named "${name}" was already published to ${target} (task ${previous.taskId}, ${previous.publishedAt}); choose another name, or delete that directory and unregister its entity first.`,
        );
      }
      try {
        // Same task retrying: replace what the earlier attempt wrote.
        await fs.rm(target, { recursive: true, force: true });
        await fs.cp(source, target, {
          recursive: true,
          filter: src => path.basename(src) !== '.git',
        });
        await fs.writeFile(
          path.join(target, PUBLISH_MARKER),
          JSON.stringify(
            { taskId: ctx.task.id, publishedAt: new Date().toISOString() },
            null,
            2,
          ),
        );
      } catch (error) {
        throw new ForwardedError(
          `Could not publish ${source} to ${target}`,
          error,
        );
      }
      ctx.logger.info(`Published ${source} to ${target}`);
      outputs();
    },
  });
}

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ForwardedError, InputError, isError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DNS_NAME_RULE,
  dnsNameInput,
  EXTERNAL_API_PATH_RULE,
  ownerRefInput,
  requireInput,
  requireOwnerRef,
  ruleInput,
  SERVICE_NAME_RULE,
  serviceNameInput,
} from '../../lib/inputs';
import { addRoute, emptyRoutesDocument } from './openApiRoutes';
import { examples } from './addRoute.examples';

const OPENAPI_FILE_KEY = 'multiRegionScaffolder.externalApi.openApiFile';
const DEFAULT_WORKSPACE_FILE = 'external-api/route.openapi.yaml';

/**
 * Creates `multi-region:external-api:add-route`: adds `<path>` and
 * `<path>/{proxy+}` HTTP-proxy routes to the service's custom domain to an
 * OpenAPI document of the external API. By default the document is a file in
 * the new service's workspace, for the external API's owners to merge (the
 * portal does not write into another team's repository); with
 * `destination: config` it is the operator-configured OpenAPI file.
 *
 * @public
 */
export function createAddRouteAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'multi-region:external-api:add-route',
    description:
      "Adds a path of the external API that proxies to the service's custom domain, to an OpenAPI document (API Gateway import format) in the workspace or at multiRegionScaffolder.externalApi.openApiFile.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: serviceNameInput('Service (component) name'),
        path: ruleInput(EXTERNAL_API_PATH_RULE, 'Path on the external API'),
        dnsName: dnsNameInput("The service's custom domain"),
        owner: z =>
          ownerRefInput(
            'Owning group (e.g. group:default/team-orders), recorded beside the route',
          )(z).optional(),
        destination: z =>
          z
            .enum(['workspace', 'config'])
            .optional()
            .describe(
              `workspace (default): a file in the workspace; config: the file at ${OPENAPI_FILE_KEY}`,
            ),
        file: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace-relative file (default ${DEFAULT_WORKSPACE_FILE})`,
            ),
      },
      output: {
        file: z =>
          z.string().describe('The OpenAPI document that holds the route'),
        url: z => z.string().describe('The integration target'),
        changed: z =>
          z.boolean().describe('False when the route was already there'),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        name: requireInput('name', ctx.input.name, SERVICE_NAME_RULE),
        path: requireInput('path', ctx.input.path, EXTERNAL_API_PATH_RULE),
        dnsName: requireInput('dnsName', ctx.input.dnsName, DNS_NAME_RULE),
        owner:
          ctx.input.owner === undefined
            ? undefined
            : requireOwnerRef('owner', ctx.input.owner),
      };
      const destination = input.destination ?? 'workspace';
      let file: string;
      if (destination === 'config') {
        const configured = options.config.getOptionalString(OPENAPI_FILE_KEY);
        if (!configured) {
          throw new InputError(
            `destination "config" needs ${OPENAPI_FILE_KEY} in app-config.`,
          );
        }
        file = path.resolve(configured);
      } else {
        file = resolveSafeChildPath(
          ctx.workspacePath,
          input.file ?? DEFAULT_WORKSPACE_FILE,
        );
      }

      const current = await fs.readFile(file, 'utf8').catch(error => {
        const missing = isError(error) && error.code === 'ENOENT';
        if (missing && destination === 'workspace') {
          return emptyRoutesDocument(`External API routes of ${input.name}`);
        }
        throw missing
          ? new InputError(
              `The external API document ${file} does not exist`,
              error,
            )
          : new ForwardedError(
              `Could not read the external API document ${file}`,
              error,
            );
      });
      const updated = addRoute(current, {
        service: input.name,
        owner: input.owner,
        path: input.path,
        dnsName: input.dnsName,
      });
      ctx.output('file', file);
      ctx.output('url', `https://${input.dnsName}/`);
      ctx.output('changed', updated !== undefined);
      if (updated === undefined) {
        ctx.logger.info(
          `${input.path} already routes to https://${input.dnsName}/ in ${file}`,
        );
        return;
      }
      // The workspace is scratch space even in a dry run; a configured file is not.
      if (ctx.isDryRun && destination === 'config') {
        ctx.logger.info(
          `Dry run: would add ${input.path} -> https://${input.dnsName}/ to ${file}`,
        );
        return;
      }
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, updated);
      } catch (error) {
        throw new ForwardedError(
          `Could not write the external API document ${file}`,
          error,
        );
      }
      ctx.logger.info(
        `Added ${input.path} -> https://${input.dnsName}/ to ${file}`,
      );
    },
  });
}

import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import {
  ownerRefInput,
  quoteInput,
  requireDescription,
  requireInput,
  requireOwnerRef,
  requireSystemRef,
  ruleInput,
  SERVICE_NAME_RULE,
  serviceNameInput,
  SYSTEM_REF_RULE,
} from '../../lib/inputs';
import {
  readPublishMarker,
  requireLocalPublishDir,
} from '../../localPublish/localPublishDir';
import { examples } from './register.examples';

/**
 * Creates `multi-region:catalog:register-published`: registers in the catalog
 * the `catalog-info.yaml` that `multi-region:publish:local` published for
 * this very task, after checking that it describes exactly one Component, the
 * one the template was asked for (its name, owner and system).
 *
 * It registers with the scaffolder's own service credentials, so that people
 * who may not register catalog locations themselves (the dev portal's policy
 * gives `catalog.location.create` to platform admins only) can still
 * scaffold a service. It can register nothing else: the location is derived
 * from `name` under `multiRegionScaffolder.localPublishDir` (no URL input),
 * must have been published by the same task, and must hold that one entity;
 * the catalog's rules still apply to it like to any registered location.
 *
 * @param options - `config`: the root config (`localPublishDir`);
 *   `discovery` and `auth`: to call the catalog as the scaffolder plugin.
 * @public
 */
export function createRegisterPublishedAction(options: {
  config: Config;
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'multi-region:catalog:register-published',
    description:
      'Registers in the catalog the catalog-info.yaml that multi-region:publish:local published for this task, once it is checked to hold exactly the one Component asked for; registers as the scaffolder plugin, so the user needs no catalog.location.create permission.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: serviceNameInput(
          'The published service (the directory under the publish directory), also the name the Component must have',
        ),
        owner: ownerRefInput('The owner spec.owner must name'),
        system: z =>
          ruleInput(
            SYSTEM_REF_RULE,
            'The system spec.system must name',
          )(z).optional(),
      },
      output: {
        entityRef: z => z.string().describe('The registered Component'),
        catalogInfoUrl: z =>
          z.string().describe('The file: URL of the registered location'),
      },
    },
    async handler(ctx) {
      const name = requireInput('name', ctx.input.name, SERVICE_NAME_RULE);
      const owner = requireOwnerRef('owner', ctx.input.owner);
      const system =
        ctx.input.system === undefined
          ? undefined
          : requireSystemRef('system', ctx.input.system);
      const root = requireLocalPublishDir(options.config);
      const dir = resolveSafeChildPath(root, name);
      const file = resolveSafeChildPath(dir, 'catalog-info.yaml');
      const catalogInfoUrl = pathToFileURL(file).href;
      ctx.output('catalogInfoUrl', catalogInfoUrl);

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${catalogInfoUrl}`);
        ctx.output(
          'entityRef',
          stringifyEntityRef({ kind: 'component', name }),
        );
        return;
      }

      const marker = await readPublishMarker(dir);
      if (!marker || marker.taskId !== ctx.task.id) {
        throw new NotAllowedError(
          `${dir} was not published by this task (${
            marker ? `task ${marker.taskId}` : 'no publish marker'
          }); only what multi-region:publish:local published in the same task can be registered.`,
        );
      }
      const entity = await readOneComponent(file, { name, owner, system });
      const entityRef = stringifyEntityRef(entity);

      const baseUrl = await options.discovery.getBaseUrl('catalog');
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await options.auth.getOwnServiceCredentials(),
        targetPluginId: 'catalog',
      });
      const res = await fetch(`${baseUrl}/locations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ type: 'url', target: catalogInfoUrl }),
        signal: ctx.signal,
      });
      if (res.status === 409) {
        // the same task retrying: the publish marker says the location is ours
        ctx.logger.info(`${catalogInfoUrl} is already registered`);
      } else if (!res.ok) {
        throw await ResponseError.fromResponse(res);
      } else {
        ctx.logger.info(`Registered ${catalogInfoUrl} (${entityRef})`);
      }
      ctx.output('entityRef', entityRef);
    },
  });
}

/**
 * The one Component of a published catalog-info.yaml, or an InputError: a
 * second document (an injected Group, say), a Component other than the one
 * asked for or fields the template's form would refuse mean the rendering
 * went wrong, and nothing is registered.
 */
async function readOneComponent(
  file: string,
  expected: { name: string; owner: string; system?: string },
) {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Nothing to register: cannot read ${file}`, error);
  }
  const documents = yaml.parseAllDocuments(text);
  const problem = (what: string) =>
    new InputError(
      `Refusing to register ${file}: ${what}. It must hold exactly one Component named ${quoteInput(
        expected.name,
      )}, owned by ${expected.owner}.`,
    );
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw problem(
      `it holds ${Array.isArray(documents) ? documents.length : 0} documents`,
    );
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw problem(`it is not valid YAML (${document.errors[0].message})`);
  }
  const entity = document.toJS();
  if (entity?.kind !== 'Component') {
    throw problem(`its entity is a ${quoteInput(entity?.kind)}`);
  }
  const namespace = entity.metadata?.namespace ?? 'default';
  if (entity.metadata?.name !== expected.name || namespace !== 'default') {
    throw problem(
      `its Component is ${quoteInput(namespace)}/${quoteInput(
        entity.metadata?.name,
      )}`,
    );
  }
  if (entity.metadata.description !== undefined) {
    requireDescription('metadata.description', entity.metadata.description);
  }
  const owner = requireOwnerRef('spec.owner', entity.spec?.owner);
  if (owner !== expected.owner) {
    throw problem(`its spec.owner is ${quoteInput(entity.spec?.owner)}`);
  }
  if (expected.system !== undefined) {
    const system = requireSystemRef('spec.system', entity.spec?.system);
    if (system !== expected.system) {
      throw problem(`its spec.system is ${quoteInput(entity.spec?.system)}`);
    }
  }
  return {
    kind: 'component',
    namespace,
    name: expected.name,
  };
}

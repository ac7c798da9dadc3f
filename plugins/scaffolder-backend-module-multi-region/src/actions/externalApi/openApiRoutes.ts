import { ConflictError, InputError } from '@backstage/errors';
import yaml from 'yaml';

/** The route that sends `<path>` and `<path>/*` of the external API to a service's custom domain. */
export interface ServiceRoute {
  service: string;
  owner?: string;
  path: string;
  dnsName: string;
}

const INTEGRATION_KEY = 'x-amazon-apigateway-integration';
const ANY_METHOD = 'x-amazon-apigateway-any-method';

/**
 * The two OpenAPI path items of a route, in API Gateway's import format: HTTP
 * proxy integrations to the service's custom domain (never to an execute-api
 * URL), so the external API follows the service's own failover.
 */
export function routePathItems(route: ServiceRoute): Record<string, unknown> {
  const origin = `https://${route.dnsName}`;
  const meta = {
    'x-multi-region-failover': {
      service: route.service,
      ...(route.owner ? { owner: route.owner } : {}),
    },
  };
  return {
    [route.path]: {
      ...meta,
      [ANY_METHOD]: {
        [INTEGRATION_KEY]: {
          type: 'http_proxy',
          httpMethod: 'ANY',
          uri: `${origin}/`,
          passthroughBehavior: 'when_no_match',
        },
      },
    },
    [`${route.path}/{proxy+}`]: {
      ...meta,
      [ANY_METHOD]: {
        parameters: [
          {
            name: 'proxy',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ],
        [INTEGRATION_KEY]: {
          type: 'http_proxy',
          httpMethod: 'ANY',
          uri: `${origin}/{proxy}`,
          requestParameters: {
            'integration.request.path.proxy': 'method.request.path.proxy',
          },
          passthroughBehavior: 'when_no_match',
        },
      },
    },
  };
}

/** A fresh OpenAPI document holding nothing but routes. */
export function emptyRoutesDocument(title: string): string {
  return yaml.stringify({
    openapi: '3.0.1',
    info: { title, version: '1.0.0' },
    paths: {},
  });
}

/**
 * Merges a route into an OpenAPI document, keeping its comments and layout.
 * Returns the new text, or undefined when the route is already there. A path
 * that already routes somewhere else is a conflict, never overwritten.
 */
export function addRoute(
  documentText: string,
  route: ServiceRoute,
): string | undefined {
  const doc = yaml.parseDocument(documentText);
  if (doc.errors.length > 0) {
    throw new InputError(
      'The OpenAPI document is not valid YAML',
      doc.errors[0],
    );
  }
  const items = routePathItems(route);
  let changed = false;
  for (const [path, item] of Object.entries(items)) {
    const existing = doc.getIn(['paths', path]);
    if (existing === undefined) {
      if (!doc.has('paths')) doc.set('paths', doc.createNode({}));
      doc.setIn(['paths', path], doc.createNode(item));
      changed = true;
      continue;
    }
    const current = yaml.isNode(existing) ? existing.toJSON() : existing;
    const currentUri = current?.[ANY_METHOD]?.[INTEGRATION_KEY]?.uri;
    const wantedUri = (item as any)[ANY_METHOD][INTEGRATION_KEY].uri;
    if (currentUri !== wantedUri) {
      throw new ConflictError(
        `The external API already routes ${path} to ${
          currentUri ?? 'something that is not an HTTP proxy'
        }; choose another path for ${route.service}.`,
      );
    }
  }
  return changed ? doc.toString() : undefined;
}

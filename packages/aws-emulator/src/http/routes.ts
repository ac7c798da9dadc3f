/**
 * Tiny REST router for the restJson/restXml listeners: each route binds a
 * method and a path shape (`*` standing for one percent-decoded label) to an
 * operation name and its handler, so an operation is listed exactly once.
 */
import { AwsError, pathSegments } from './wire';

/** One operation: `method` and `path` (e.g. `controlpanel/x/routingcontrols`, x = `*`) to its handler. */
export interface RestRoute<Handler> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  operation: string;
  handler: Handler;
}

/** A matched route; `label` is the value of its `*` segment ('' when it has none). */
export interface RouteMatch<Handler> {
  route: RestRoute<Handler>;
  label: string;
}

/** Routes requests of one REST listener; unknown routes get UnknownOperationException. */
export class RestRouter<Handler> {
  private readonly routes: Array<{
    route: RestRoute<Handler>;
    parts: string[];
  }>;

  /** `prefix` is a fixed first path segment every route shares (Route 53's API version). */
  constructor(routes: RestRoute<Handler>[], prefix?: string) {
    const seen = new Set<string>();
    this.routes = routes.map(route => {
      const key = `${route.method} ${route.path}`;
      // A repeated route would shadow the later one silently.
      if (seen.has(key) || seen.has(route.operation))
        throw new Error(`Route listed twice: ${key} (${route.operation})`);
      seen.add(key);
      seen.add(route.operation);
      const parts = route.path.split('/');
      return { route, parts: prefix ? [prefix, ...parts] : parts };
    });
  }

  /** The operation name for the request log, `unknown` when no route matches. */
  operationOf(method: string, path: string): string {
    return this.find(method, path)?.route.operation ?? 'unknown';
  }

  /** The route of a request, or a 404 UnknownOperationException (the answer AWS gives). */
  resolve(method: string, path: string): RouteMatch<Handler> {
    const found = this.find(method, path);
    if (found) return found;
    const methods = this.methodsOf(path);
    throw new AwsError(
      'UnknownOperationException',
      404,
      methods.length > 0
        ? `No operation for ${method} ${path}: this path takes ${methods.join(
            ', ',
          )}`
        : `No operation for ${method} ${path}`,
    );
  }

  private find(method: string, path: string): RouteMatch<Handler> | undefined {
    const segments = pathSegments(path);
    for (const { route, parts } of this.routes) {
      if (route.method !== method) continue;
      const label = matchShape(parts, segments);
      if (label !== undefined) return { route, label };
    }
    return undefined;
  }

  private methodsOf(path: string): string[] {
    const segments = pathSegments(path);
    return this.routes
      .filter(({ parts }) => matchShape(parts, segments) !== undefined)
      .map(({ route }) => route.method);
  }
}

/** The `*` label when the segments fit the shape ('' without a `*`), undefined otherwise. */
function matchShape(parts: string[], segments: string[]): string | undefined {
  if (parts.length !== segments.length) return undefined;
  let label = '';
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') label = segments[i];
    else if (parts[i] !== segments[i]) return undefined;
  }
  return label;
}

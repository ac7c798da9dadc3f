/**
 * Tiny REST router for the restJson/restXml listeners: path shapes with `*`
 * standing for one (percent-decoded) label.
 */

/** One operation bound to a method and a path shape such as `controlpanel/x/routingcontrols` (x = `*`). */
export interface RestRoute {
  method: string;
  shape: string;
  operation: string;
}

/** Finds the route for a request; `label` is the value of the `*` segment, if any. */
export function matchRoute(
  routes: RestRoute[],
  method: string,
  segments: string[],
): { operation: string; label: string } | undefined {
  for (const route of routes) {
    const parts = route.shape.split('/');
    if (route.method !== method || parts.length !== segments.length) continue;
    let label = '';
    const matches = parts.every((part, i) => {
      if (part !== '*') return part === segments[i];
      label = segments[i];
      return true;
    });
    if (matches) return { operation: route.operation, label };
  }
  return undefined;
}

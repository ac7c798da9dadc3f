import { parseEntityRef } from '@backstage/catalog-model';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';

/** Display name of a service: its title, or the entity name. */
export function serviceName(
  service: Pick<ServiceSummary, 'entityRef' | 'title'>,
): string {
  if (service.title) return service.title;
  try {
    return parseEntityRef(service.entityRef).name;
  } catch {
    return service.entityRef;
  }
}

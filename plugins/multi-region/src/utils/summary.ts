import { parseEntityRef } from '@backstage/catalog-model';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';

/** The region a service answers from, or undefined when it is unknown. */
export function activeRegionOf(service: ServiceSummary): string | undefined {
  const active = service.active;
  return active && active.certainty !== 'unknown'
    ? active.activeRegion
    : undefined;
}

/** True when the service answers from its secondary region. */
export function isAwayFromPrimary(service: ServiceSummary): boolean {
  const active = service.active;
  return Boolean(
    active &&
      active.certainty !== 'unknown' &&
      active.activeRole === 'secondary',
  );
}

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

import { Entity } from '@backstage/catalog-model';
import { hasMultiRegionAnnotations } from '@multi-region-failover/plugin-multi-region-common';

/**
 * For `EntitySwitch`: true when the entity carries any multi-region annotation,
 * so a malformed one still gets the card (which then explains what is wrong).
 *
 * @public
 */
export function isMultiRegionAvailable(entity: Entity): boolean {
  return hasMultiRegionAnnotations(entity);
}

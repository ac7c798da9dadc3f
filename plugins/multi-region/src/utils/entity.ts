import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { shortRef } from './format';

/** Who owns the entity, for display only (never for authorization). */
export function ownerOf(entity: Entity): string | undefined {
  const owners = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => shortRef(r.targetRef));
  if (owners.length > 0) return owners.join(', ');
  const owner = entity.spec?.owner;
  return typeof owner === 'string' ? shortRef(owner) : undefined;
}

export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

import { Entity } from '@backstage/catalog-model';
import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';
import {
  EntityStatusResponse,
  multiRegionFailoverExecutePermission,
} from '@multi-region-failover/plugin-multi-region-common';
import { ownerOf } from '../utils/entity';
import { READ_ONLY_TEXT } from '../utils/format';

/**
 * May the signed-in user fail this entity over? The server decides (its answer
 * is in `status.permissions`); the permission framework's answer for
 * `multi-region.failover.execute` mirrors it so the button never lies.
 * Must be called below an EntityProvider.
 */
export function useFailoverPermission(
  entity: Entity,
  status: EntityStatusResponse | undefined,
): { allowed: boolean; loading: boolean; reason?: string } {
  const mirror = useEntityPermission(multiRegionFailoverExecutePermission);
  if (!status) return { allowed: false, loading: true };
  if (status.readOnly) {
    return {
      allowed: false,
      loading: false,
      reason: status.permissions.failoverDeniedReason ?? READ_ONLY_TEXT,
    };
  }
  const owner = ownerOf(entity);
  const missing = `You need the ${
    multiRegionFailoverExecutePermission.name
  } permission on this entity${
    owner ? `, which is owned by ${owner}` : ''
  }. Ask its owners or a platform admin to fail it over.`;
  if (!status.permissions.canFailover) {
    return {
      allowed: false,
      loading: false,
      reason: status.permissions.failoverDeniedReason ?? missing,
    };
  }
  if (mirror.loading) return { allowed: false, loading: true };
  if (!mirror.allowed)
    return { allowed: false, loading: false, reason: missing };
  return { allowed: true, loading: false };
}

import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of every multi-region permission: they are decided per catalog entity. @public */
export const MULTI_REGION_RESOURCE_TYPE = 'catalog-entity';

/** Read an entity's regions, routing-control and DNS state and its history. @public */
export const multiRegionStatusReadPermission = createPermission({
  name: 'multi-region.status.read',
  attributes: { action: 'read' },
  resourceType: MULTI_REGION_RESOURCE_TYPE,
});

/** Fail an entity over to its secondary region or back to its primary. @public */
export const multiRegionFailoverExecutePermission = createPermission({
  name: 'multi-region.failover.execute',
  attributes: { action: 'update' },
  resourceType: MULTI_REGION_RESOURCE_TYPE,
});

/**
 * Break-glass: fail over while overriding ARC safety rules. Deliberately a
 * separate permission so owners do not get it by default.
 *
 * @public
 */
export const multiRegionSafetyRuleOverridePermission = createPermission({
  name: 'multi-region.safety-rule.override',
  attributes: { action: 'update' },
  resourceType: MULTI_REGION_RESOURCE_TYPE,
});

/** Every permission of the plugin, for `permissionsRegistry.addPermissions`. @public */
export const multiRegionPermissions = [
  multiRegionStatusReadPermission,
  multiRegionFailoverExecutePermission,
  multiRegionSafetyRuleOverridePermission,
];

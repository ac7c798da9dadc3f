import { Entity } from '@backstage/catalog-model';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';

const ACCOUNT = '111122223333';
const PANEL_PREFIX = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/`;

function multiRegionEntity(options: {
  name: string;
  owner: string;
  panelId: string;
  primaryRc: string;
  secondaryRc: string;
  primary: string;
  secondary: string;
  role?: 'external-api' | 'service';
  dependsOn?: string[];
}): Entity {
  const panel = `${PANEL_PREFIX}${options.panelId}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: options.name,
      namespace: 'default',
      annotations: {
        [A.cluster]: 'shared-arc',
        [A.controlPanelArn]: panel,
        [A.primaryRegion]: options.primary,
        [A.secondaryRegion]: options.secondary,
        [A.primaryRoutingControlArn]: `${panel}/routingcontrol/${options.primaryRc}`,
        [A.secondaryRoutingControlArn]: `${panel}/routingcontrol/${options.secondaryRc}`,
        [A.dnsName]: `${
          options.name === 'external-api' ? 'api' : options.name
        }.example.com`,
        [A.hostedZoneId]: 'Z0EXAMPLE1PUBLIC',
        [A.rtoMinutes]: '15',
        ...(options.role ? { [A.role]: options.role } : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${options.owner}`,
      system: 'storefront',
      dependsOn: options.dependsOn,
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${options.owner}` },
    ],
  };
}

export const ordersEntity = multiRegionEntity({
  name: 'orders',
  owner: 'team-orders',
  panelId: '1b2c3d4e5f60718293a4b5c6d7e8f90a',
  primaryRc: '3c4d5e6f708192a3',
  secondaryRc: '4d5e6f708192a3b4',
  primary: 'us-east-1',
  secondary: 'us-west-2',
});

export const paymentsEntity = multiRegionEntity({
  name: 'payments',
  owner: 'team-payments',
  panelId: '2c3d4e5f60718293a4b5c6d7e8f90a1b',
  primaryRc: '5e6f708192a3b4c5',
  secondaryRc: '6f708192a3b4c5d6',
  primary: 'eu-west-1',
  secondary: 'eu-central-1',
});

export const externalApiEntity = multiRegionEntity({
  name: 'external-api',
  owner: 'team-edge',
  panelId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  primaryRc: '1a2b3c4d5e6f7081',
  secondaryRc: '2b3c4d5e6f708192',
  primary: 'us-east-1',
  secondary: 'us-west-2',
  role: 'external-api',
  dependsOn: ['component:default/orders', 'component:default/payments'],
});

/** orders with a typo'd region and a missing DNS name. */
export const malformedEntity: Entity = {
  ...ordersEntity,
  metadata: {
    ...ordersEntity.metadata,
    annotations: Object.fromEntries(
      Object.entries({
        ...ordersEntity.metadata.annotations,
        [A.secondaryRegion]: 'us-west2',
      }).filter(([key]) => key !== A.dnsName),
    ),
  },
};

export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: {
    type: 'website',
    lifecycle: 'production',
    owner: 'group:default/team-edge',
  },
};

import { Entity } from '@backstage/catalog-model';
import { MULTI_REGION_ANNOTATIONS as A } from '../annotations';

export const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
export const OTHER_PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/2c3d4e5f60718293a4b5c6d7e8f90a1b';

export const validAnnotations: Record<string, string> = {
  [A.cluster]: 'shared-arc',
  [A.controlPanelArn]: PANEL,
  [A.primaryRegion]: 'us-east-1',
  [A.secondaryRegion]: 'us-west-2',
  [A.primaryRoutingControlArn]: `${PANEL}/routingcontrol/3c4d5e6f708192a3`,
  [A.secondaryRoutingControlArn]: `${PANEL}/routingcontrol/4d5e6f708192a3b4`,
  [A.dnsName]: 'orders.example.com',
  [A.hostedZoneId]: 'Z0EXAMPLE1PUBLIC',
  [A.primaryHealthCheckId]: '3f1c2a4e-0b1d-4c5e-8f6a-7b8c9d0e1f21',
  [A.secondaryHealthCheckId]: '4a2d3b5f-1c2e-4d6f-9a7b-8c9d0e1f2a32',
  [A.rtoMinutes]: '15',
};

export function entityWith(
  annotations: Record<string, string | undefined>,
): Entity {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...validAnnotations,
    ...annotations,
  })) {
    if (value !== undefined) merged[key] = value;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations: merged },
    spec: {
      type: 'service',
      owner: 'group:default/team-orders',
      lifecycle: 'production',
    },
  };
}

/** The two regions of an app, as the failover rules take them. */
export const regions = {
  primary: {
    role: 'primary' as const,
    region: 'us-east-1',
    routingControlArn: 'arn-p',
  },
  secondary: {
    role: 'secondary' as const,
    region: 'us-west-2',
    routingControlArn: 'arn-s',
  },
};

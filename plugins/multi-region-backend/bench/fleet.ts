import { EmulatorFixture } from '@multi-region-failover/aws-emulator';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';
import { ACCOUNT, hex } from './measure';

export const CLUSTER_ARN = `arn:aws:route53-recovery-control::${ACCOUNT}:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10`;
export const ZONE = 'Z0EXAMPLE1PUBLIC';
/** The owners the fleet's services alternate between (examples/org.yaml). */
export const FLEET_OWNERS = ['team-orders', 'team-payments'];

/**
 * `panels` control panels of `perPanel` services each (svc-0, svc-1, ...):
 * the emulator's fixture (routing controls, failover records, RECOVERY_CONTROL
 * health checks) and the catalog's Components, owners alternating over
 * {@link FLEET_OWNERS}. Every bench builds its estate here.
 */
export function fleet(panels: number, perPanel: number) {
  const fixture: EmulatorFixture = {
    cluster: { name: 'shared-arc', arn: CLUSTER_ARN },
    controlPanels: [],
    hostedZones: [{ id: ZONE, name: 'example.com.', records: [] }],
    healthChecks: [],
  };
  const entities: any[] = [];
  let app = 0;
  for (let p = 0; p < panels; p++) {
    const panelArn = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/${hex(
      p + 1,
      32,
    )}`;
    const panel = {
      name: `panel-${p}`,
      arn: panelArn,
      routingControls: [] as any[],
      tags: {},
    };
    for (let i = 0; i < perPanel; i++, app++) {
      const name = `svc-${app}`;
      const base = app * 2 + 1;
      const rc = [base, base + 1].map(
        n => `${panelArn}/routingcontrol/${hex(n, 16)}`,
      );
      const hc = [base, base + 1].map(
        n => `1e0f7a10-0000-4000-8000-${hex(n, 12)}`,
      );
      panel.routingControls.push(
        { name: `${name}-primary-rc`, arn: rc[0], state: 'On' },
        { name: `${name}-secondary-rc`, arn: rc[1], state: 'Off' },
      );
      [0, 1].forEach(r => {
        fixture.healthChecks!.push({
          id: hc[r],
          type: 'RECOVERY_CONTROL',
          routingControlArn: rc[r],
        });
        fixture.hostedZones![0].records!.push({
          name: `${name}.example.com.`,
          type: 'A',
          setIdentifier: String(r + 1),
          failover: r === 0 ? 'PRIMARY' : 'SECONDARY',
          aliasTarget: {
            hostedZoneId: 'Z1UJRXOUMOOFQ8',
            dnsName: `d-${r}${name}.execute-api.us-east-1.amazonaws.com.`,
          },
          healthCheckId: hc[r],
        });
      });
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            [A.cluster]: 'shared-arc',
            [A.controlPanelArn]: panelArn,
            [A.primaryRegion]: 'us-east-1',
            [A.secondaryRegion]: 'us-west-2',
            [A.primaryRoutingControlArn]: rc[0],
            [A.secondaryRoutingControlArn]: rc[1],
            [A.dnsName]: `${name}.example.com`,
            [A.hostedZoneId]: ZONE,
          },
        },
        spec: {
          type: 'service',
          owner: FLEET_OWNERS[app % FLEET_OWNERS.length],
          lifecycle: 'production',
        },
      });
    }
    fixture.controlPanels!.push(panel);
  }
  return { fixture, entities };
}

/**
 * Control-plane routing controls: list per panel, describe, create (Off, as
 * on AWS; idempotent by ClientToken), rename, delete, and the Route 53 health
 * checks that watch one.
 */
import { randomHex } from '../../arns';
import { RoutingControlSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  conflict,
  createOnce,
  findControl,
  findPanel,
  notFound,
  pageOf,
  rename,
  resourceName,
} from './common';

function controlView(c: RoutingControlSnapshot) {
  return {
    ControlPanelArn: c.ControlPanelArn,
    Name: c.Name,
    RoutingControlArn: c.RoutingControlArn,
    Status: 'DEPLOYED',
    Owner: c.Owner,
  };
}

function createControl(call: ControlPlaneCall): RoutingControlSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const clusterArn = v.arn('ClusterArn', body.ClusterArn, true);
  const panelArn = v.arn('ControlPanelArn', body.ControlPanelArn, false);
  const name = resourceName(v, 'RoutingControlName', body.RoutingControlName);
  if (body.ControlPanelArn === undefined) {
    v.custom(
      'ControlPanelArn',
      undefined,
      'Member must not be null (this emulator has no default control panel)',
    );
  }
  v.throwIfAny();
  return createOnce(
    call,
    'CreateRoutingControl',
    store.controls,
    c => c.RoutingControlArn,
    () => {
      if (clusterArn !== store.cluster.ClusterArn)
        throw notFound('Cluster', clusterArn!);
      const panel = findPanel(store, panelArn!);
      return {
        RoutingControlArn: `${panel.ControlPanelArn}/routingcontrol/${randomHex(
          8,
        )}`,
        Name: name!,
        ControlPanelArn: panel.ControlPanelArn,
        Owner: panel.Owner,
        // A new routing control is Off, as on AWS.
        State: 'Off',
      };
    },
  );
}

function deleteControl({ store, arn }: ControlPlaneCall) {
  findControl(store, arn);
  const user = [...store.rules.values()].find(r =>
    [
      ...(r.AssertedControls ?? []),
      ...(r.GatingControls ?? []),
      ...(r.TargetControls ?? []),
    ].includes(arn),
  );
  if (user)
    throw conflict(
      `Routing control ${arn} is used by safety rule ${user.SafetyRuleArn}; delete the rule first`,
    );
  store.controls.delete(arn);
  store.changed();
  return {};
}

export const ROUTING_CONTROL_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanel/*/routingcontrols',
    operation: 'ListRoutingControls',
    handler: ({ store, arn, query }) =>
      pageOf(
        query,
        store
          .controlsOfPanel(findPanel(store, arn).ControlPanelArn)
          .map(controlView),
        'RoutingControls',
      ),
  },
  {
    method: 'GET',
    path: 'routingcontrol/*',
    operation: 'DescribeRoutingControl',
    handler: ({ store, arn }) => ({
      RoutingControl: controlView(findControl(store, arn)),
    }),
  },
  {
    method: 'POST',
    path: 'routingcontrol',
    operation: 'CreateRoutingControl',
    handler: call => ({ RoutingControl: controlView(createControl(call)) }),
  },
  {
    method: 'PUT',
    path: 'routingcontrol',
    operation: 'UpdateRoutingControl',
    handler: call => ({
      RoutingControl: controlView(
        rename(call, 'RoutingControlArn', 'RoutingControlName', findControl),
      ),
    }),
  },
  {
    method: 'DELETE',
    path: 'routingcontrol/*',
    operation: 'DeleteRoutingControl',
    handler: deleteControl,
  },
  {
    method: 'GET',
    path: 'routingcontrol/*/associatedRoute53HealthChecks',
    operation: 'ListAssociatedRoute53HealthChecks',
    handler: ({ store, arn, query }) => {
      findControl(store, arn);
      const ids = [...store.healthChecks.values()]
        .filter(hc => hc.HealthCheckConfig.RoutingControlArn === arn)
        .map(hc => hc.Id);
      return pageOf(query, ids, 'HealthCheckIds');
    },
  },
];

/**
 * Control-plane routing controls: list per panel, describe, create (Off, as
 * on AWS; idempotent by ClientToken), rename, delete, and the Route 53 health
 * checks that watch one. Names are unique within a panel; each change is
 * PENDING, with its panel, until deployed.
 */
import { callerOwns } from '../../accounts';
import { randomHex } from '../../arns';
import { ownerOf } from '../../route53/common';
import { EmulatorStore } from '../../store';
import { RoutingControlSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  assertNameFree,
  assertPanelDeployed,
  changeDeploying,
  conflict,
  createOnce,
  findControl,
  findPanel,
  notFound,
  owned,
  pageOf,
  resourceName,
} from './common';

function controlView(store: EmulatorStore, c: RoutingControlSnapshot) {
  return {
    ControlPanelArn: c.ControlPanelArn,
    Name: c.Name,
    RoutingControlArn: c.RoutingControlArn,
    Status: store.statusOf(c.RoutingControlArn),
    Owner: c.Owner,
  };
}

function assertControlNameFree(
  store: EmulatorStore,
  name: string,
  panelArn: string,
  selfArn?: string,
) {
  assertNameFree(
    'routing control',
    name,
    panelArn,
    store
      .controlsOfPanel(panelArn)
      .map(c => ({ Name: c.Name, arn: c.RoutingControlArn })),
    selfArn,
  );
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
  owned(call, clusterArn!);
  return createOnce(
    call,
    'CreateRoutingControl',
    store.controls,
    c => ({ arn: c.RoutingControlArn, panelArn: c.ControlPanelArn }),
    () => {
      if (clusterArn !== store.cluster.ClusterArn)
        throw notFound('Cluster', clusterArn!);
      const panel = findPanel(call, panelArn!);
      assertPanelDeployed(store, panel.ControlPanelArn);
      assertControlNameFree(store, name!, panel.ControlPanelArn);
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

function updateControl(call: ControlPlaneCall): RoutingControlSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const arn = v.arn('RoutingControlArn', body.RoutingControlArn, true);
  const name = resourceName(v, 'RoutingControlName', body.RoutingControlName);
  v.throwIfAny();
  const control = findControl(call, arn!);
  assertPanelDeployed(store, control.ControlPanelArn);
  assertControlNameFree(store, name!, control.ControlPanelArn, arn);
  control.Name = name!;
  changeDeploying(call, arn!, control.ControlPanelArn, 'update');
  return control;
}

function deleteControl(call: ControlPlaneCall) {
  const { store, arn } = call;
  const control = findControl(call, arn);
  assertPanelDeployed(store, control.ControlPanelArn);
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
  changeDeploying(call, arn, control.ControlPanelArn, 'delete');
  return {};
}

export const ROUTING_CONTROL_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanel/*/routingcontrols',
    operation: 'ListRoutingControls',
    handler: call =>
      pageOf(
        call.query,
        call.store
          .controlsOfPanel(findPanel(call, call.arn).ControlPanelArn)
          .map(c => controlView(call.store, c)),
        'RoutingControls',
      ),
  },
  {
    method: 'GET',
    path: 'routingcontrol/*',
    operation: 'DescribeRoutingControl',
    handler: call => ({
      RoutingControl: controlView(call.store, findControl(call, call.arn)),
    }),
  },
  {
    method: 'POST',
    path: 'routingcontrol',
    operation: 'CreateRoutingControl',
    handler: call => ({
      RoutingControl: controlView(call.store, createControl(call)),
    }),
  },
  {
    method: 'PUT',
    path: 'routingcontrol',
    operation: 'UpdateRoutingControl',
    handler: call => ({
      RoutingControl: controlView(call.store, updateControl(call)),
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
    handler: call => {
      findControl(call, call.arn);
      const ids = [...call.store.healthChecks.values()]
        .filter(
          hc =>
            hc.HealthCheckConfig.RoutingControlArn === call.arn &&
            callerOwns(call.ctx, ownerOf(call.store, hc)),
        )
        .map(hc => hc.Id);
      return pageOf(call.query, ids, 'HealthCheckIds');
    },
  },
];

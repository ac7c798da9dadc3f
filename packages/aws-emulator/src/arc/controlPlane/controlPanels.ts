/**
 * Control-plane control panels: list, describe, create (idempotent by
 * ClientToken), rename and delete, each change PENDING until deployed.
 */
import { accountOfArn, callerOwns } from '../../accounts';
import { newArcArn, randomHex } from '../../arns';
import { EmulatorStore } from '../../store';
import { ControlPanelSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  assertPanelDeployed,
  changeDeploying,
  conflict,
  createOnce,
  findPanel,
  notFound,
  owned,
  pageOf,
  resourceName,
  tagsOf,
} from './common';

function panelView(store: EmulatorStore, p: ControlPanelSnapshot) {
  return {
    ClusterArn: p.ClusterArn,
    ControlPanelArn: p.ControlPanelArn,
    DefaultControlPanel: false,
    Name: p.Name,
    RoutingControlCount: store.controlsOfPanel(p.ControlPanelArn).length,
    Status: store.statusOf(p.ControlPanelArn),
    Owner: p.Owner,
  };
}

function createPanel(call: ControlPlaneCall): ControlPanelSnapshot {
  const { store, body } = call;
  const v = new Validator(body);
  const clusterArn = v.arn('ClusterArn', body.ClusterArn, true);
  const name = resourceName(v, 'ControlPanelName', body.ControlPanelName);
  const tags = tagsOf(v, body.Tags);
  v.throwIfAny();
  owned(call, clusterArn!);
  return createOnce(
    call,
    'CreateControlPanel',
    store.panels,
    p => ({ arn: p.ControlPanelArn, panelArn: p.ControlPanelArn }),
    () => {
      if (clusterArn !== store.cluster.ClusterArn)
        throw notFound('Cluster', clusterArn!);
      return {
        ControlPanelArn: newArcArn(
          clusterArn!,
          `controlpanel/${randomHex(16)}`,
        ),
        Name: name!,
        ClusterArn: clusterArn!,
        Owner: store.cluster.Owner,
        Tags: tags,
      };
    },
  );
}

function updatePanel(call: ControlPlaneCall): ControlPanelSnapshot {
  const { body } = call;
  const v = new Validator(body);
  const arn = v.arn('ControlPanelArn', body.ControlPanelArn, true);
  const name = resourceName(v, 'ControlPanelName', body.ControlPanelName);
  v.throwIfAny();
  const panel = findPanel(call, arn!);
  assertPanelDeployed(call.store, panel.ControlPanelArn);
  panel.Name = name!;
  changeDeploying(call, panel.ControlPanelArn, panel.ControlPanelArn, 'update');
  return panel;
}

function deletePanel(call: ControlPlaneCall) {
  const { store, arn } = call;
  findPanel(call, arn);
  assertPanelDeployed(store, arn);
  if (store.controlsOfPanel(arn).length > 0) {
    throw conflict(
      `Control panel ${arn} still has routing controls; delete them first`,
    );
  }
  changeDeploying(call, arn, arn, 'delete');
  return {};
}

export const CONTROL_PANEL_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanels',
    operation: 'ListControlPanels',
    handler: call => {
      const { store, query, ctx } = call;
      const clusterArn = query.get('ClusterArn');
      if (clusterArn) owned(call, clusterArn);
      const panels = [...store.panels.values()].filter(
        p =>
          (!clusterArn || p.ClusterArn === clusterArn) &&
          callerOwns(ctx, accountOfArn(p.ControlPanelArn) ?? ''),
      );
      return pageOf(
        query,
        panels.map(p => panelView(store, p)),
        'ControlPanels',
      );
    },
  },
  {
    method: 'GET',
    path: 'controlpanel/*',
    operation: 'DescribeControlPanel',
    handler: call => ({
      ControlPanel: panelView(call.store, findPanel(call, call.arn)),
    }),
  },
  {
    method: 'POST',
    path: 'controlpanel',
    operation: 'CreateControlPanel',
    handler: call => ({
      ControlPanel: panelView(call.store, createPanel(call)),
    }),
  },
  {
    method: 'PUT',
    path: 'controlpanel',
    operation: 'UpdateControlPanel',
    handler: call => ({
      ControlPanel: panelView(call.store, updatePanel(call)),
    }),
  },
  {
    method: 'DELETE',
    path: 'controlpanel/*',
    operation: 'DeleteControlPanel',
    handler: deletePanel,
  },
];

/**
 * Control-plane control panels: list, describe, create (idempotent by
 * ClientToken), rename and delete.
 */
import { newArcArn, randomHex } from '../../arns';
import { EmulatorStore } from '../../store';
import { ControlPanelSnapshot } from '../../types';
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  conflict,
  createOnce,
  findPanel,
  notFound,
  pageOf,
  rename,
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
    Status: 'DEPLOYED',
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
  return createOnce(
    call,
    'CreateControlPanel',
    store.panels,
    p => p.ControlPanelArn,
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

function deletePanel({ store, arn }: ControlPlaneCall) {
  findPanel(store, arn);
  if (store.controlsOfPanel(arn).length > 0) {
    throw conflict(
      `Control panel ${arn} still has routing controls; delete them first`,
    );
  }
  store.rulesOfPanel(arn).forEach(r => store.rules.delete(r.SafetyRuleArn));
  store.panels.delete(arn);
  store.changed();
  return {};
}

export const CONTROL_PANEL_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'controlpanels',
    operation: 'ListControlPanels',
    handler: ({ store, query }) => {
      const clusterArn = query.get('ClusterArn');
      const panels = [...store.panels.values()].filter(
        p => !clusterArn || p.ClusterArn === clusterArn,
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
    handler: ({ store, arn }) => ({
      ControlPanel: panelView(store, findPanel(store, arn)),
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
      ControlPanel: panelView(
        call.store,
        rename(call, 'ControlPanelArn', 'ControlPanelName', findPanel),
      ),
    }),
  },
  {
    method: 'DELETE',
    path: 'controlpanel/*',
    operation: 'DeleteControlPanel',
    handler: deletePanel,
  },
];

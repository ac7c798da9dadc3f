/**
 * Control-plane clusters: the one emulated cluster, whose endpoints are the
 * five data-plane listeners.
 */
import { accountOfArn, callerOwns } from '../../accounts';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  notFound,
  owned,
  pageOf,
} from './common';

function clusterView({ store, endpoints }: ControlPlaneCall) {
  const c = store.cluster;
  return {
    ClusterArn: c.ClusterArn,
    ClusterEndpoints: endpoints().map(e => ({ ...e })),
    Name: c.Name,
    Status: 'DEPLOYED',
    Owner: c.Owner,
    NetworkType: 'IPV4',
  };
}

export const CLUSTER_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'cluster',
    operation: 'ListClusters',
    handler: call =>
      pageOf(
        call.query,
        callerOwns(call.ctx, accountOfArn(call.store.cluster.ClusterArn) ?? '')
          ? [clusterView(call)]
          : [],
        'Clusters',
      ),
  },
  {
    method: 'GET',
    path: 'cluster/*',
    operation: 'DescribeCluster',
    handler: call => {
      if (owned(call, call.arn) !== call.store.cluster.ClusterArn)
        throw notFound('Cluster', call.arn);
      return { Cluster: clusterView(call) };
    },
  },
];

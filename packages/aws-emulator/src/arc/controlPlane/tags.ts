/**
 * Control-plane tags. Only the cluster, control panels and safety rules take
 * tags, as on AWS. Tags are metadata: changing them deploys nothing.
 */
import { Validator } from '../validation';
import {
  ControlPlaneCall,
  ControlPlaneRoute,
  found,
  owned,
  tagsOf,
} from './common';

function taggable(call: ControlPlaneCall): { Tags: Record<string, string> } {
  const { store, arn } = call;
  owned(call, arn);
  if (arn === store.cluster.ClusterArn) return store.cluster;
  return found(
    store.panels.get(arn) ?? store.rules.get(arn),
    'Taggable resource',
    arn,
  );
}

export const TAG_ROUTES: ControlPlaneRoute[] = [
  {
    method: 'GET',
    path: 'tags/*',
    operation: 'ListTagsForResource',
    handler: call => ({ Tags: { ...taggable(call).Tags } }),
  },
  {
    method: 'POST',
    path: 'tags/*',
    operation: 'TagResource',
    handler: call => {
      const { store, body } = call;
      const v = new Validator(body);
      const tags = tagsOf(v, body.Tags);
      if (body.Tags === undefined)
        v.custom('Tags', undefined, 'Member must not be null');
      v.throwIfAny();
      Object.assign(taggable(call).Tags, tags);
      store.changed();
      return {};
    },
  },
  {
    method: 'DELETE',
    path: 'tags/*',
    operation: 'UntagResource',
    handler: call => {
      const keys = call.query.getAll('TagKeys');
      // TagKeys is a required member of UntagResourceRequest.
      if (keys.length === 0) {
        const v = new Validator({});
        v.custom('TagKeys', undefined, 'Member must not be null');
        v.throwIfAny();
      }
      const resource = taggable(call);
      for (const key of keys) delete resource.Tags[key];
      call.store.changed();
      return {};
    },
  },
];

/**
 * Control-plane tags. Only the cluster, control panels and safety rules take
 * tags, as on AWS.
 */
import { EmulatorStore } from '../../store';
import { Validator } from '../validation';
import { ControlPlaneRoute, found, tagsOf } from './common';

function taggable(
  store: EmulatorStore,
  arn: string,
): { Tags: Record<string, string> } {
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
    handler: ({ store, arn }) => ({ Tags: { ...taggable(store, arn).Tags } }),
  },
  {
    method: 'POST',
    path: 'tags/*',
    operation: 'TagResource',
    handler: ({ store, arn, body }) => {
      const v = new Validator(body);
      const tags = tagsOf(v, body.Tags);
      if (body.Tags === undefined)
        v.custom('Tags', undefined, 'Member must not be null');
      v.throwIfAny();
      Object.assign(taggable(store, arn).Tags, tags);
      store.changed();
      return {};
    },
  },
  {
    method: 'DELETE',
    path: 'tags/*',
    operation: 'UntagResource',
    handler: ({ store, arn, query }) => {
      const resource = taggable(store, arn);
      for (const key of query.getAll('TagKeys')) delete resource.Tags[key];
      store.changed();
      return {};
    },
  },
];

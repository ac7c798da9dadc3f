import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PermissionCriteria,
  PermissionCondition,
} from '@backstage/plugin-permission-common';
import { catalogPredicateOf } from './catalogConditions';

const condition = (
  rule: string,
  params: Record<string, unknown>,
): PermissionCondition => ({
  rule,
  resourceType: 'catalog-entity',
  params: params as PermissionCondition['params'],
});

const decision = (
  conditions: PermissionCriteria<PermissionCondition>,
  overrides: Partial<ConditionalPolicyDecision> = {},
): ConditionalPolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions,
  ...overrides,
});

function entity(
  name: string,
  extra: {
    kind?: string;
    owner?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    lifecycle?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: extra.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: extra.annotations,
      labels: extra.labels,
    },
    spec: { type: 'service', lifecycle: extra.lifecycle ?? 'production' },
    relations: extra.owner ? [{ type: 'ownedBy', targetRef: extra.owner }] : [],
  };
}

const ENTITIES = [
  entity('orders', {
    owner: 'group:default/team-orders',
    annotations: { 'example.com/tier': 'gold' },
  }),
  entity('payments', {
    owner: 'group:default/team-payments',
    labels: { critical: 'yes' },
  }),
  entity('legacy', {
    owner: 'group:default/team-orders',
    lifecycle: 'deprecated',
  }),
  entity('orders-api', { kind: 'API', owner: 'group:default/team-orders' }),
];

/** The names the catalog returns for the predicate (the catalog client's in-memory catalog, which matches like the catalog). */
async function matching(
  conditions: PermissionCriteria<PermissionCondition>,
): Promise<string[]> {
  const predicate = catalogPredicateOf(decision(conditions));
  expect(predicate).toBeDefined();
  const catalog = new InMemoryCatalogClient({ entities: ENTITIES });
  const { items } = await catalog.queryEntities({ query: predicate! });
  return items.map(e => e.metadata.name).sort();
}

describe('catalogPredicateOf', () => {
  it.each([
    [
      'IS_ENTITY_OWNER',
      condition('IS_ENTITY_OWNER', { claims: ['group:default/team-orders'] }),
      ['legacy', 'orders', 'orders-api'],
    ],
    [
      'IS_ENTITY_OWNER without claims',
      condition('IS_ENTITY_OWNER', { claims: [] }),
      [],
    ],
    [
      'IS_ENTITY_KIND (any case)',
      condition('IS_ENTITY_KIND', { kinds: ['api'] }),
      ['orders-api'],
    ],
    [
      'HAS_ANNOTATION with a value',
      condition('HAS_ANNOTATION', {
        annotation: 'example.com/tier',
        value: 'gold',
      }),
      ['orders'],
    ],
    [
      'HAS_LABEL without a value',
      condition('HAS_LABEL', { label: 'critical' }),
      ['payments'],
    ],
    [
      'HAS_SPEC',
      condition('HAS_SPEC', { key: 'lifecycle', value: 'deprecated' }),
      ['legacy'],
    ],
    [
      'HAS_METADATA',
      condition('HAS_METADATA', { key: 'name', value: 'payments' }),
      ['payments'],
    ],
  ])('%s matches what the rule allows', async (_, rule, names) => {
    expect(await matching(rule)).toEqual(names);
  });

  it('keeps allOf, anyOf and not', async () => {
    const owned = condition('IS_ENTITY_OWNER', {
      claims: ['group:default/team-orders'],
    });
    const api = condition('IS_ENTITY_KIND', { kinds: ['API'] });
    expect(await matching({ allOf: [owned, { not: api }] })).toEqual([
      'legacy',
      'orders',
    ]);
    expect(
      await matching({
        anyOf: [api, condition('HAS_LABEL', { label: 'critical' })],
      }),
    ).toEqual(['orders-api', 'payments']);
  });

  it('gives up on a rule it does not know, anywhere in the criteria', () => {
    const owned = condition('IS_ENTITY_OWNER', { claims: ['user:default/a'] });
    const custom = condition('IS_IN_SYSTEM', { systemRef: 'system:default/x' });
    expect(catalogPredicateOf(decision(custom))).toBeUndefined();
    expect(
      catalogPredicateOf(decision({ allOf: [owned, { not: custom }] })),
    ).toBeUndefined();
  });

  it('gives up on parameters of another shape', () => {
    expect(
      catalogPredicateOf(
        decision(condition('IS_ENTITY_OWNER', { claims: 'user:default/a' })),
      ),
    ).toBeUndefined();
    expect(
      catalogPredicateOf(
        decision(condition('HAS_ANNOTATION', { annotation: 'a', value: 1 })),
      ),
    ).toBeUndefined();
  });

  it("only takes the catalog's decisions on catalog entities", () => {
    const owned = condition('IS_ENTITY_OWNER', { claims: ['user:default/a'] });
    expect(
      catalogPredicateOf(decision(owned, { pluginId: 'scaffolder' })),
    ).toBeUndefined();
    expect(
      catalogPredicateOf(
        decision(
          { ...owned, resourceType: 'scaffolder-task' },
          { resourceType: 'catalog-entity' },
        ),
      ),
    ).toBeUndefined();
  });
});

import { QueryEntitiesInitialRequest } from '@backstage/catalog-client';
import {
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/** A catalog query predicate (`$all`, `$any`, `$not`, field matches), as the catalog client takes it. */
export type CatalogPredicate = NonNullable<
  QueryEntitiesInitialRequest['query']
>;

type Params = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every(isString);
const optionalString = (v: unknown) => v === undefined || isString(v);

/**
 * A match on one field of the catalog's search table. (A computed key is
 * wider than the predicate type's own keys, which also reserve `$all` etc.)
 */
export function fieldMatch(
  key: string,
  value: string | { $exists: true } | { $in: string[] },
): CatalogPredicate {
  return { [key]: value } as CatalogPredicate;
}

/** `key` equals `value`, or has any value when `value` is undefined. */
const field = (key: string, value: string | undefined) =>
  fieldMatch(key, value === undefined ? { $exists: true } : value);

/** Matches one of `values`; none at all matches nothing. */
const oneOf = (key: string, values: string[]): CatalogPredicate =>
  values.length === 0 ? { $any: [] } : fieldMatch(key, { $in: values });

/**
 * The catalog's own permission rules (plugin-catalog-backend), each as the
 * query its `toQuery` gives the catalog for list reads: the catalog matches
 * these on its search table exactly as it filters its own lists under a
 * conditional `catalog.entity.read`. A rule not listed here (a custom rule a
 * catalog module added), or parameters not of the documented shape, make the
 * whole decision unconvertible; the caller then asks per entity.
 */
const CATALOG_RULES: Record<
  string,
  (params: Params) => CatalogPredicate | undefined
> = {
  IS_ENTITY_OWNER: ({ claims }) =>
    isStrings(claims) ? oneOf('relations.ownedBy', claims) : undefined,
  IS_ENTITY_KIND: ({ kinds }) =>
    isStrings(kinds)
      ? oneOf(
          'kind',
          kinds.map(k => k.toLocaleLowerCase('en-US')),
        )
      : undefined,
  HAS_ANNOTATION: ({ annotation, value }) =>
    isString(annotation) && optionalString(value)
      ? field(`metadata.annotations.${annotation}`, value as string | undefined)
      : undefined,
  HAS_LABEL: ({ label, value }) =>
    isString(label) && optionalString(value)
      ? field(`metadata.labels.${label}`, value as string | undefined)
      : undefined,
  HAS_METADATA: ({ key, value }) =>
    isString(key) && optionalString(value)
      ? field(`metadata.${key}`, value as string | undefined)
      : undefined,
  HAS_SPEC: ({ key, value }) =>
    isString(key) && optionalString(value)
      ? field(`spec.${key}`, value as string | undefined)
      : undefined,
};

function convert(
  criteria: PermissionCriteria<PermissionCondition>,
): CatalogPredicate | undefined {
  if ('allOf' in criteria || 'anyOf' in criteria) {
    const list = 'allOf' in criteria ? criteria.allOf : criteria.anyOf;
    const parts = list.map(convert);
    if (parts.some(p => p === undefined)) return undefined;
    return 'allOf' in criteria
      ? { $all: parts as CatalogPredicate[] }
      : { $any: parts as CatalogPredicate[] };
  }
  if ('not' in criteria) {
    const inner = convert(criteria.not);
    return inner && { $not: inner };
  }
  if (criteria.resourceType !== 'catalog-entity') return undefined;
  const rule = CATALOG_RULES[criteria.rule];
  return rule ? rule((criteria.params ?? {}) as Params) : undefined;
}

/**
 * A conditional decision on catalog entities as ONE catalog query, so that a
 * list is filtered by the catalog in its database instead of each entity
 * being decided apart; undefined when a condition cannot be expressed so.
 */
export function catalogPredicateOf(
  decision: ConditionalPolicyDecision,
): CatalogPredicate | undefined {
  if (
    decision.pluginId !== 'catalog' ||
    decision.resourceType !== 'catalog-entity'
  ) {
    return undefined;
  }
  return convert(decision.conditions);
}

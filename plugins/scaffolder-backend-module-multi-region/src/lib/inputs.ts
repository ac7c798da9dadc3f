import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import {
  DNS_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
  normaliseGroupRef,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  DESCRIPTION_MAX_LENGTH,
  EXTERNAL_API_PATH_PATTERN,
  NAMESPACE_PATTERN,
  OWNER_REF_PATTERN,
  SERVICE_NAME_PATTERN,
  SINGLE_LINE_TEXT_PATTERN,
  SYSTEM_REF_PATTERN,
} from './naming';

/** The zod the scaffolder hands to each input schema function. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/**
 * Input rules that several actions share, so that every action accepts the
 * same values, and the same values as the annotation parser and the
 * template's form. Each rule is applied twice: by the scaffolder, through the
 * JSON schema of the action's input (the zod schemas below), and by the
 * action itself (`require*` below), because a handler can be called without
 * the scaffolder's validation (another runner, a test, a future refactor).
 */
export interface InputRule {
  pattern: RegExp;
  /** What a valid value looks like, for error messages. */
  expected: string;
}

/** The service (component) name: a catalog name, a DNS label and the stem of its ARC names. */
export const SERVICE_NAME_RULE: InputRule = {
  pattern: SERVICE_NAME_PATTERN,
  expected: 'lower-case letters, digits and dashes, at most 40 characters',
};

/** A fully qualified lower-case domain name without a trailing dot, as the annotation parser accepts it. */
export const DNS_NAME_RULE: InputRule = {
  pattern: DNS_NAME_PATTERN,
  expected:
    'a lower-case domain name without a trailing dot, e.g. inventory.example.com',
};

/** A bare Route 53 hosted zone id (no `/hostedzone/` prefix). */
export const HOSTED_ZONE_ID_RULE: InputRule = {
  pattern: HOSTED_ZONE_ID_PATTERN,
  expected: 'a bare hosted zone id',
};

/** One path segment of the external API. */
export const EXTERNAL_API_PATH_RULE: InputRule = {
  pattern: EXTERNAL_API_PATH_PATTERN,
  expected: 'a single path segment such as /inventory',
};

/** A catalog namespace. */
export const NAMESPACE_RULE: InputRule = {
  pattern: NAMESPACE_PATTERN,
  expected:
    'a catalog namespace: lower-case letters, digits and dashes, at most 63 characters',
};

/** The owning group. */
export const OWNER_REF_RULE: InputRule = {
  pattern: OWNER_REF_PATTERN,
  expected:
    'a group entity ref such as group:default/team-orders (letters, digits and -_. only)',
};

/** The system of the component. */
export const SYSTEM_REF_RULE: InputRule = {
  pattern: SYSTEM_REF_PATTERN,
  expected:
    'a system entity ref such as system:default/public-api (letters, digits and -_. only)',
};

/** A description: one line of text, at most {@link DESCRIPTION_MAX_LENGTH} characters. */
export const DESCRIPTION_RULE: InputRule = {
  pattern: SINGLE_LINE_TEXT_PATTERN,
  expected: `one line of text of at most ${DESCRIPTION_MAX_LENGTH} characters, without control characters or line separators`,
};

/** A zod input schema that applies `rule`. */
export function ruleInput(rule: InputRule, description: string) {
  return (z: Zod) =>
    z.string().regex(rule.pattern, rule.expected).describe(description);
}

/** The service (component) name input. */
export function serviceNameInput(description: string) {
  return ruleInput(SERVICE_NAME_RULE, description);
}

/** A domain name input, as the annotation parser accepts it. */
export function dnsNameInput(description: string) {
  return ruleInput(DNS_NAME_RULE, description);
}

/** A bare hosted zone id input. */
export function hostedZoneIdInput(description: string) {
  return ruleInput(HOSTED_ZONE_ID_RULE, description);
}

/** An owning group input (required). */
export function ownerRefInput(description: string) {
  return ruleInput(OWNER_REF_RULE, description);
}

/**
 * A value as an error message shows it: JSON-quoted, so that control
 * characters and line breaks are visible and cannot forge log lines, and cut
 * short so that a huge value cannot flood the task log.
 */
export function quoteInput(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Returns `value` when it follows `rule`, else throws an InputError naming the input. */
export function requireInput(
  field: string,
  value: unknown,
  rule: InputRule,
): string {
  if (typeof value !== 'string' || !rule.pattern.test(value)) {
    throw new InputError(
      `${field} ${quoteInput(value)} is not valid: expected ${rule.expected}.`,
    );
  }
  return value;
}

/** Returns `value` when it is a description ({@link DESCRIPTION_RULE}), else throws an InputError. */
export function requireDescription(field: string, value: unknown): string {
  const text = requireInput(field, value, DESCRIPTION_RULE);
  if ([...text].length > DESCRIPTION_MAX_LENGTH) {
    throw new InputError(
      `${field} ${quoteInput(value)} is too long (${
        [...text].length
      } characters): expected ${DESCRIPTION_RULE.expected}.`,
    );
  }
  return text;
}

/**
 * Reads an entity ref input of one kind (after {@link requireInput}) with the
 * catalog's own parser, and returns it in full form (`group:default/team-orders`).
 */
function requireEntityRef(
  field: string,
  value: unknown,
  rule: InputRule,
  kind: 'group' | 'system',
  defaultNamespace: string,
): string {
  const text = requireInput(field, value, rule);
  const ref = parseEntityRef(text, { defaultKind: kind, defaultNamespace });
  if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${field} ${quoteInput(value)} is a ${ref.kind} ref: expected ${
        rule.expected
      }.`,
    );
  }
  return stringifyEntityRef(ref);
}

/** The owning group as a full group ref; `defaultNamespace` is the component's. */
export function requireOwnerRef(
  field: string,
  value: unknown,
  defaultNamespace = 'default',
): string {
  return requireEntityRef(
    field,
    value,
    OWNER_REF_RULE,
    'group',
    defaultNamespace,
  );
}

/** The component's system as a full system ref; `defaultNamespace` is the component's. */
export function requireSystemRef(
  field: string,
  value: unknown,
  defaultNamespace = 'default',
): string {
  return requireEntityRef(
    field,
    value,
    SYSTEM_REF_RULE,
    'system',
    defaultNamespace,
  );
}

/**
 * Whether the owner tag value `tag` names the group `groupRef`, read as the
 * backend reads it (`normaliseGroupRef`: full, lower-case form, so a short
 * `team-orders` is `group:default/team-orders`). A tag that is not a ref
 * names no group.
 */
export function tagNamesGroup(tag: string, groupRef: string): boolean {
  try {
    return normaliseGroupRef(tag) === normaliseGroupRef(groupRef);
  } catch {
    return false;
  }
}

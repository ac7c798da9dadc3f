import YAML from 'yaml';

/**
 * Attacks on what the catalog ingests, rather than on the failover API: a
 * template run whose input tries to add entities to the generated
 * catalog-info.yaml, and a registered location whose file holds users and
 * groups. Used by registration.test.ts against the dev portal's own catalog
 * rules (app-config.yaml) and permission policy.
 */

/**
 * The reported attack: an `owner` that ends the owner scalar and starts a
 * second YAML document, a Group that makes the guest a member of a team of
 * the attacker's choosing.
 */
export const INJECTED_GROUP_OWNER = [
  'group:default/team-orders',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata:',
  '  name: attackers',
  'spec:',
  '  type: team',
  '  children: []',
  '  members: [guest]',
].join('\n');

/** Template inputs the scaffolder must refuse before any step runs. */
export const HOSTILE_TEMPLATE_INPUTS: Array<{
  why: string;
  values: Record<string, unknown>;
  /** The form field the refusal names. */
  field: string;
}> = [
  {
    why: 'owner that injects a Group document',
    values: { owner: INJECTED_GROUP_OWNER },
    field: 'owner',
  },
  {
    why: 'system that injects a key',
    values: { system: 'public-api\n  owner: group:default/platform-admins' },
    field: 'system',
  },
  {
    why: 'owner that is a user, not a group',
    values: { owner: 'user:default/guest' },
    field: 'owner',
  },
  {
    why: 'description with a line separator (U+2028) and a document marker',
    values: { description: 'orders\u2028---\u2028kind: Group' },
    field: 'description',
  },
  {
    why: 'description with a NUL and a terminal escape',
    values: { description: 'orders\u0000\u001b[2J' },
    field: 'description',
  },
  {
    why: 'description of 100,000 characters',
    values: { description: 'a'.repeat(100_000) },
    field: 'description',
  },
  {
    why: 'name with a newline',
    values: { name: 'inventory\nkind: Group' },
    field: 'name',
  },
  {
    why: 'subdomain that breaks out of shell quoting',
    values: { subdomain: "x'; touch /tmp/pwned; echo '" },
    field: 'subdomain',
  },
  {
    why: 'organisation domain with a TOML break-out (a read-only field, sent anyway)',
    values: { topLevelDomain: 'example.com"\nstack_name = "evil' },
    field: 'topLevelDomain',
  },
];

/**
 * A description that is unusual but harmless text: it must reach the catalog
 * exactly, as the only entity of its file.
 */
export const HOSTILE_BUT_PRINTABLE_DESCRIPTION =
  '--- !!js/function \'x\' &a *a # not a comment: "quoted" ${{ parameters.owner }} {{ 7*7 }} $(id) <b>bold</b>';

/** What a location registered to attack the organisation holds. */
export const HOSTILE_LOCATION_ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'attackers' },
    spec: { type: 'team', children: [], members: ['guest'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mallory' },
    spec: { memberOf: ['platform-admins'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'innocent-looking' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'attackers' },
  },
];

/** A harmless location: one Component, which the same registration must bring in. */
export const BENIGN_LOCATION_ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'registered-by-admin' },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'team-orders',
    },
  },
];

/** The YAML of a multi-document catalog file. */
export function catalogYaml(entities: object[]): string {
  return entities.map(e => YAML.stringify(e)).join('---\n');
}

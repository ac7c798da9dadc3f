import YAML from 'yaml';

const A = 'multi-region-failover.io/';
const PANEL = 'arn:aws:route53-recovery-control::111122223333:controlpanel/';
const PAYMENTS_PANEL = `${PANEL}2c3d4e5f60718293a4b5c6d7e8f90a1b`;
const ORDERS_PANEL = `${PANEL}1b2c3d4e5f60718293a4b5c6d7e8f90a`;

/** Valid annotations of one example app (its panel, regions, controls, name). */
const appAnnotations = (
  panel: string,
  [primary, secondary]: [string, string],
  [primaryRc, secondaryRc]: [string, string],
  dnsName: string,
): Record<string, string> => ({
  [`${A}arc-cluster`]: 'shared-arc',
  [`${A}control-panel-arn`]: panel,
  [`${A}primary-region`]: primary,
  [`${A}secondary-region`]: secondary,
  [`${A}primary-routing-control-arn`]: `${panel}/routingcontrol/${primaryRc}`,
  [`${A}secondary-routing-control-arn`]: `${panel}/routingcontrol/${secondaryRc}`,
  [`${A}dns-name`]: dnsName,
  [`${A}hosted-zone-id`]: 'Z0EXAMPLE1PUBLIC',
});

/** The example `payments` entity's annotations. */
const payments = appAnnotations(
  PAYMENTS_PANEL,
  ['eu-west-1', 'eu-central-1'],
  ['5e6f708192a3b4c5', '6f708192a3b4c5d6'],
  'payments.example.com',
);

/** The example `orders` entity's annotations. */
const orders = appAnnotations(
  ORDERS_PANEL,
  ['us-east-1', 'us-west-2'],
  ['3c4d5e6f708192a3', '4d5e6f708192a3b4'],
  'orders.example.com',
);

/**
 * What a hostile catalog entity must produce: `annotation-error` = status 200
 * with annotationErrors naming `annotation`, execute 400; `hijack` = execute
 * by its owner 403 (the panel's tag names `taggedFor`), status still readable,
 * and the entity named by the tag keeps its failover (the hijacker listed as
 * an ignored claimant in its plan).
 */
export interface HostileEntity {
  name: string;
  why: string;
  expect: 'annotation-error' | 'hijack';
  /** For annotation errors: the annotation the error must name. */
  annotation?: string;
  /** For hijacks: the entity the panel's tag names. */
  taggedFor?: string;
  /** Owning group (default team-orders). */
  owner?: 'team-orders' | 'team-payments';
  annotations: Record<string, string>;
}

const broken = (
  name: string,
  why: string,
  annotation: string,
  value: string | undefined,
): HostileEntity => {
  const annotations = { ...payments };
  if (value === undefined) delete annotations[`${A}${annotation}`];
  else annotations[`${A}${annotation}`] = value;
  return {
    name,
    why,
    expect: 'annotation-error',
    annotation: `${A}${annotation}`,
    annotations,
  };
};

/**
 * Entities with malformed or hijacking multi-region annotations, owned by
 * team-orders unless said otherwise (so its member holds the execute
 * permission on them and only the annotation checks stand between the
 * request and ARC).
 */
export const HOSTILE_ENTITIES: HostileEntity[] = [
  {
    name: 'hostile-hijack-payments',
    why: 'names the payments control panel and routing controls (panel tag says component:default/payments)',
    expect: 'hijack',
    taggedFor: 'component:default/payments',
    annotations: payments,
  },
  {
    // squats on the panel of orders, which every later scenario fails over
    name: 'hostile-squat-orders',
    why: 'another team names the orders control panel and routing controls (panel tag says component:default/orders)',
    expect: 'hijack',
    taggedFor: 'component:default/orders',
    owner: 'team-payments',
    annotations: orders,
  },
  broken(
    'hostile-bad-panel-arn',
    'control panel ARN is not an ARN',
    'control-panel-arn',
    'not-an-arn',
  ),
  {
    ...broken(
      'hostile-foreign-account',
      'control panel in another account (its controls no longer match it)',
      'control-panel-arn',
      PAYMENTS_PANEL.replace('111122223333', '999999999999'),
    ),
    annotation: `${A}primary-routing-control-arn`,
  },
  broken(
    'hostile-iam-arn',
    'control panel ARN of another service',
    'control-panel-arn',
    'arn:aws:iam::111122223333:role/admin',
  ),
  // (a routing control of ANOTHER entity here no longer blocks that entity:
  // its panel's tag names it, so this one is a squatter, logged and ignored;
  // see docs/security.md)
  broken(
    'hostile-rc-outside-panel',
    'routing control outside the named panel',
    'primary-routing-control-arn',
    `${PANEL}ffffffffffffffffffffffffffffffff/routingcontrol/ffffffffffffffff`,
  ),
  broken(
    'hostile-unknown-region',
    'region that does not exist',
    'primary-region',
    'mars-north-1',
  ),
  broken(
    'hostile-same-regions',
    'primary and secondary the same',
    'secondary-region',
    'eu-west-1',
  ),
  broken(
    'hostile-unknown-cluster',
    'cluster not in the config',
    'arc-cluster',
    'someone-elses-cluster',
  ),
  broken(
    'hostile-missing-zone',
    'required annotation missing',
    'hosted-zone-id',
    undefined,
  ),
  broken(
    'hostile-control-chars',
    'control characters in the DNS name',
    'dns-name',
    'payments.example.com\u0007\u001b[2J',
  ),
  broken(
    'hostile-huge-dns',
    '5,000-character DNS name',
    'dns-name',
    `${'a'.repeat(5000)}.example.com`,
  ),
  broken('hostile-rto', 'RTO that is not a number', 'rto-minutes', 'soon'),
  broken(
    'hostile-health-check',
    'health check id that is not an id',
    'primary-health-check-id',
    '../../etc/passwd',
  ),
];

/** The catalog YAML of {@link HOSTILE_ENTITIES}. */
export function hostileEntitiesYaml(): string {
  return HOSTILE_ENTITIES.map(e =>
    YAML.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: e.name,
        description: e.why,
        annotations: e.annotations,
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: e.owner ?? 'team-orders',
      },
    }),
  ).join('---\n');
}

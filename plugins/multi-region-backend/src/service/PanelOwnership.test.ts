import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ENTITY_REF_TAG,
  MultiRegionConfig,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  entityOwners,
  ownerTagProblem,
  PanelOwnership,
  panelTagVerdict,
} from './PanelOwnership';

const ORDERS = 'component:default/orders';
const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
const config = {
  accountId: '111122223333',
  controlPanelArn: PANEL,
} as MultiRegionConfig;

describe('panelTagVerdict', () => {
  it.each([
    [{ [ENTITY_REF_TAG]: ORDERS }, { kind: 'tagged-for-this' }],
    // short forms name the same entity
    [{ [ENTITY_REF_TAG]: 'orders' }, { kind: 'tagged-for-this' }],
    [{ [ENTITY_REF_TAG]: 'component:orders' }, { kind: 'tagged-for-this' }],
    [{}, { kind: 'untagged' }],
    [{ [ENTITY_REF_TAG]: '' }, { kind: 'untagged' }],
    [{ other: ORDERS }, { kind: 'untagged' }],
    [
      { [ENTITY_REF_TAG]: 'component:default/payments' },
      { kind: 'tagged-for-other', tag: 'component:default/payments' },
    ],
    // another kind or namespace is another entity
    [
      { [ENTITY_REF_TAG]: 'resource:default/orders' },
      { kind: 'tagged-for-other', tag: 'resource:default/orders' },
    ],
    [
      { [ENTITY_REF_TAG]: 'component:team-a/orders' },
      { kind: 'tagged-for-other', tag: 'component:team-a/orders' },
    ],
    // not a ref at all: never equal to a real one
    [
      { [ENTITY_REF_TAG]: 'a:b:c/d/e' },
      { kind: 'tagged-for-other', tag: 'a:b:c/d/e' },
    ],
  ])('%j for orders: %j', (tags, verdict) => {
    expect(panelTagVerdict(tags, ORDERS)).toEqual(verdict);
  });
});

const TEAM = 'group:default/team-orders';
const ADMINS = 'group:default/platform-admins';
const ordersEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { owner: 'team-orders' },
  relations: [{ type: 'ownedBy', targetRef: TEAM }],
};

describe('entityOwners', () => {
  it('reads ownedBy relations and spec.owner in full form, once each', () => {
    expect(entityOwners(ordersEntity)).toEqual([TEAM]);
    expect(
      entityOwners({ ...ordersEntity, relations: [], spec: { owner: 'x' } }),
    ).toEqual(['group:default/x']);
    expect(
      entityOwners({ ...ordersEntity, relations: [], spec: { owner: ':' } }),
    ).toEqual([]);
  });
});

describe('ownerTagProblem', () => {
  const problem = (tags: Record<string, string>, admins: string[] = []) =>
    ownerTagProblem(tags, ORDERS, [TEAM], admins);

  it.each([[TEAM], ['team-orders'], ['group:team-orders'], [' team-orders ']])(
    'accepts the owning group written as %s',
    tag => expect(problem({ [OWNER_TAG]: tag })).toBeUndefined(),
  );

  it('accepts a platform-admin group only when configured', () => {
    expect(problem({ [OWNER_TAG]: 'platform-admins' }, [ADMINS])).toBe(
      undefined,
    );
    expect(problem({ [OWNER_TAG]: 'platform-admins' })).toContain(
      'belongs to another team',
    );
  });

  it.each([
    [{}, `has no ${OWNER_TAG} tag`, `Tag the panel with ${OWNER_TAG}=${TEAM}`],
    [
      { [OWNER_TAG]: 'team-evil' },
      `is tagged ${OWNER_TAG}=team-evil, but ${ORDERS} is owned by ${TEAM}`,
      `Expected ${OWNER_TAG}=${TEAM}`,
    ],
    [
      { [OWNER_TAG]: 'user:default/guest' },
      'belongs to another team',
      `Expected ${OWNER_TAG}=${TEAM}`,
    ],
    [
      { [OWNER_TAG]: 'group:' },
      'which is not a group ref',
      `expected ${OWNER_TAG}=${TEAM}`,
    ],
  ])('refuses %j, naming the tag and the expected value', (tags, what, fix) => {
    expect(problem(tags)).toContain(what);
    expect(problem(tags)).toContain(fix);
  });
});

describe('PanelOwnership: the claim matrix', () => {
  type Tags = Record<string, string> | Error;
  type Others = string[] | Error;
  const ownership = (tags: Tags, others: Others) => {
    const logger = mockServices.logger.mock();
    const check = new PanelOwnership({
      controlPlane: {
        listTags: async () => {
          if (tags instanceof Error) throw tags;
          return tags;
        },
      },
      entities: {
        otherClaimants: async () => {
          if (others instanceof Error) throw others;
          return others;
        },
      },
      logger,
      platformAdminGroups: [],
    });
    return { logger, result: check.check(ordersEntity, config) };
  };
  const tagged = (ref: string, owner = TEAM) => ({
    [ENTITY_REF_TAG]: ref,
    [OWNER_TAG]: owner,
  });
  const squatter = 'component:default/mallory';
  const catalogDown = new Error('catalog unavailable');

  it('allows the entity its tag names', async () => {
    const { result, logger } = ownership(tagged(ORDERS), []);
    await expect(result).resolves.toEqual({ squatters: [] });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('allows it with a squatter naming the same panel, and warns', async () => {
    const { result, logger } = ownership(tagged(ORDERS), [squatter]);
    await expect(result).resolves.toEqual({ squatters: [squatter] });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`Possible claim squatting: ${squatter}`),
    );
  });

  it('allows it while the catalog cannot list other claimants, and says so', async () => {
    const { result, logger } = ownership(tagged(ORDERS), catalogDown);
    await expect(result).resolves.toEqual({ squatters: [] });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `(informational only, the panel tag names ${ORDERS}): Error: catalog unavailable`,
      ),
    );
  });

  it.each<[string, Tags, Others, string, string]>([
    [
      'tagged for another entity',
      tagged('component:default/payments'),
      [],
      'NotAllowedError',
      `is tagged ${ENTITY_REF_TAG}=component:default/payments, not ${ORDERS}`,
    ],
    [
      'tagged for another entity, whoever else claims it',
      tagged('component:default/payments'),
      [squatter],
      'NotAllowedError',
      `is tagged ${ENTITY_REF_TAG}=component:default/payments, not ${ORDERS}`,
    ],
    [
      'untagged, claimed by it alone',
      {},
      [],
      'NotAllowedError',
      `has no ${ENTITY_REF_TAG} tag, so the portal cannot verify that it belongs to ${ORDERS}`,
    ],
    [
      'untagged, claimed by others too',
      {},
      [squatter],
      'NotAllowedError',
      `are claimed by ${ORDERS} and by 1 other catalog entity (named in the portal's log)`,
    ],
    [
      'tagged for it, owner tag naming another team',
      tagged(ORDERS, 'group:default/team-payments'),
      [],
      'NotAllowedError',
      `is tagged ${OWNER_TAG}=group:default/team-payments, but ${ORDERS} is owned by ${TEAM}`,
    ],
    [
      'tagged for it, no owner tag',
      { [ENTITY_REF_TAG]: ORDERS },
      [],
      'NotAllowedError',
      `has no ${OWNER_TAG} tag`,
    ],
    [
      'untagged, catalog lookup failing',
      {},
      catalogDown,
      'NotAllowedError',
      `has no ${ENTITY_REF_TAG} tag, so the portal cannot verify`,
    ],
    [
      'tags unreadable',
      new Error('control plane down'),
      [],
      'ServiceUnavailableError',
      `Could not read the tags of control panel ${PANEL} (ARC control plane), so its ownership cannot be verified: Error: control plane down`,
    ],
  ])('refuses: %s', async (_, tags, others, name, message) => {
    const { result } = ownership(tags, others);
    await expect(result).rejects.toMatchObject({
      name,
      message: expect.stringContaining(message),
    });
    // stored in the history, read by people who may not see the others
    await expect(result).rejects.toMatchObject({
      message: expect.not.stringContaining(squatter),
    });
  });
});

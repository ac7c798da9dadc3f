import { mockServices } from '@backstage/backend-test-utils';
import {
  ENTITY_REF_TAG,
  MultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-common';
import { PanelOwnership, panelTagVerdict } from './PanelOwnership';

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
    });
    return { logger, result: check.check(ORDERS, config) };
  };
  const tagged = (ref: string) => ({ [ENTITY_REF_TAG]: ref });
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
      `are claimed by ${ORDERS} and also by ${squatter} in the catalog`,
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
  });
});

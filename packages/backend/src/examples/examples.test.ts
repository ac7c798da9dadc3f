import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MULTI_REGION_ANNOTATIONS,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import { loadEntities as load } from '../__testUtils__/loadEntities';

const entities = load('examples/entities.yaml');
const org = load('examples/org.yaml');

function byName(list: Entity[], kind: string, name: string): Entity {
  const found = list.find(e => e.kind === kind && e.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} is not in the examples`);
  return found;
}

describe('examples/entities.yaml', () => {
  it.each(['external-api', 'orders', 'payments'])(
    '%s carries multi-region annotations the common parser accepts',
    name => {
      const result = parseMultiRegionAnnotations(
        byName(entities, 'Component', name),
      );
      expect(result).toEqual({ ok: true, config: expect.any(Object) });
    },
  );

  it('describes the shared example values', () => {
    const configs = Object.fromEntries(
      ['external-api', 'orders', 'payments'].map(name => {
        const result = parseMultiRegionAnnotations(
          byName(entities, 'Component', name),
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return [name, result.config];
      }),
    );
    expect(configs['external-api']).toMatchObject({
      clusterName: 'shared-arc',
      accountId: '111122223333',
      appRole: 'external-api',
      dnsName: 'api.example.com',
      primary: { region: 'us-east-1' },
      secondary: { region: 'us-west-2' },
    });
    expect(configs.orders).toMatchObject({
      appRole: 'service',
      externalApiPath: '/orders',
      dnsName: 'orders.example.com',
      primary: {
        region: 'us-east-1',
        routingControlArn:
          'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a/routingcontrol/3c4d5e6f708192a3',
      },
      secondary: { region: 'us-west-2' },
    });
    expect(configs.payments).toMatchObject({
      externalApiPath: '/payments',
      primary: { region: 'eu-west-1' },
      secondary: { region: 'eu-central-1' },
      hostedZoneId: 'Z0EXAMPLE1PUBLIC',
    });
  });

  it('keeps legacy-billing malformed, with one problem per mistake', () => {
    const result = parseMultiRegionAnnotations(
      byName(entities, 'Component', 'legacy-billing'),
    );
    expect(result.ok).toBe(false);
    const flagged = result.ok ? [] : result.errors.map(e => e.annotation);
    expect(flagged).toEqual(
      expect.arrayContaining([
        MULTI_REGION_ANNOTATIONS.primaryRegion,
        MULTI_REGION_ANNOTATIONS.dnsName,
        MULTI_REGION_ANNOTATIONS.hostedZoneId,
        MULTI_REGION_ANNOTATIONS.secondaryRoutingControlArn,
        'multi-region-failover.io/rto-minute',
      ]),
    );
  });

  it('names only owners that exist in examples/org.yaml', () => {
    const groups = new Set(
      org.filter(e => e.kind === 'Group').map(e => e.metadata.name),
    );
    const unknownOwners = entities
      .map(entity => ({
        entity: stringifyEntityRef(entity),
        owner: (entity.spec as { owner?: string } | undefined)?.owner,
      }))
      .filter(({ owner }) => owner !== undefined && !groups.has(owner));
    expect(unknownOwners).toEqual([]);
  });
});

describe('examples/org.yaml', () => {
  it.each([
    ['guest', 'team-orders'],
    ['alice', 'team-orders'],
    ['bob', 'team-payments'],
    ['erin', 'team-edge'],
    ['pat', 'platform-admins'],
  ])('%s is a member of %s', (user, group) => {
    expect(byName(org, 'User', user).spec?.memberOf).toEqual([group]);
  });

  it('puts every team under engineering', () => {
    for (const team of [
      'team-edge',
      'team-orders',
      'team-payments',
      'platform-admins',
    ]) {
      expect(byName(org, 'Group', team).spec?.parent).toBe('engineering');
    }
  });
});

/**
 * Route 53 hosted zones: list (by id or by name) and get. Zones come from the
 * fixture only; the name servers are fake.
 */
import { dnsName } from '../fixture';
import { EmulatorStore } from '../store';
import { HostedZoneSnapshot } from '../types';
import {
  Route53Route,
  findZone,
  invalidInput,
  markerPage,
  maxItems,
  pageFrom,
  xmlResponse,
} from './common';
import { compareKeys, recordSortKey } from './records';
import { leaf, leaves, node } from './xml';

function zoneXml(zone: HostedZoneSnapshot): string {
  return node(
    'HostedZone',
    leaf('Id', `/hostedzone/${zone.Id}`),
    ...leaves(zone, ['Name', 'CallerReference']),
    node('Config', ...leaves(zone, ['Comment', 'PrivateZone'])),
    leaf('ResourceRecordSetCount', zone.ResourceRecordSets.length),
  );
}

function listZones(store: EmulatorStore, query: URLSearchParams): string[] {
  const zones = [...store.zones.values()].sort((a, b) =>
    a.Id < b.Id ? -1 : 1,
  );
  const { page, trailer } = markerPage(
    zones,
    query,
    maxItems(query, 100, 100),
    marker => marker.replace(/^\/?hostedzone\//, ''),
  );
  return [node('HostedZones', ...page.map(zoneXml)), ...trailer];
}

/** Ordered by name with labels reversed, then id; starts at `dnsname` (and `hostedzoneid`). */
function listZonesByName(
  store: EmulatorStore,
  query: URLSearchParams,
): string[] {
  const key = (z: HostedZoneSnapshot) => [recordSortKey(z.Name)[0], z.Id];
  const zones = [...store.zones.values()].sort((a, b) =>
    compareKeys(key(a), key(b)),
  );
  const name = query.get('dnsname');
  const zoneId = query.get('hostedzoneid');
  if (zoneId !== null && name === null)
    throw invalidInput('hostedzoneid requires dnsname');
  const max = maxItems(query, 100, 100);
  const from =
    name === null ? undefined : [recordSortKey(name)[0], zoneId ?? ''];
  const start = from ? zones.findIndex(z => compareKeys(key(z), from) >= 0) : 0;
  const { page, next } = pageFrom(zones, start, max);
  return [
    node('HostedZones', ...page.map(zoneXml)),
    leaf('DNSName', name === null ? undefined : dnsName(name)),
    leaf('HostedZoneId', zoneId ?? undefined),
    leaf('IsTruncated', next !== undefined),
    leaf('NextDNSName', next?.Name),
    leaf('NextHostedZoneId', next?.Id),
    leaf('MaxItems', max),
  ];
}

export const HOSTED_ZONE_ROUTES: Route53Route[] = [
  {
    method: 'GET',
    path: 'hostedzone',
    operation: 'ListHostedZones',
    handler: ({ store, query }) =>
      xmlResponse('ListHostedZonesResponse', ...listZones(store, query)),
  },
  {
    method: 'GET',
    path: 'hostedzonesbyname',
    operation: 'ListHostedZonesByName',
    handler: ({ store, query }) =>
      xmlResponse(
        'ListHostedZonesByNameResponse',
        ...listZonesByName(store, query),
      ),
  },
  {
    method: 'GET',
    path: 'hostedzone/*',
    operation: 'GetHostedZone',
    handler: ({ store, id }) =>
      xmlResponse(
        'GetHostedZoneResponse',
        zoneXml(findZone(store, id)),
        node(
          'DelegationSet',
          node(
            'NameServers',
            ...[1, 2, 3, 4].map(n =>
              leaf('NameServer', `ns-${n}.awsdns.emulator.invalid`),
            ),
          ),
        ),
      ),
  },
];

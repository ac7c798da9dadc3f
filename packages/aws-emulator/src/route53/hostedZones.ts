/**
 * Route 53 hosted zones: list (by id or by name) and get. Zones come from the
 * fixture only; the name servers are fake. Lists show the caller's account's
 * zones only.
 */
import { HostedZoneSnapshot } from '../types';
import {
  Route53Call,
  Route53Route,
  callerSees,
  findZone,
  invalidInput,
  markerPage,
  maxItems,
  pageFrom,
  xmlResponse,
} from './common';
import { compareKeys } from './records';
import { canonicalName, zoneNameSortKey } from './names';
import { leaf, leaves, node } from './xml';

function zoneXml(zone: HostedZoneSnapshot): string {
  return node(
    'HostedZone',
    leaf('Id', `/hostedzone/${zone.Id}`),
    leaf('Name', canonicalName(zone.Name)),
    leaf('CallerReference', zone.CallerReference),
    node('Config', ...leaves(zone, ['Comment', 'PrivateZone'])),
    leaf('ResourceRecordSetCount', zone.ResourceRecordSets.length),
  );
}

function callerZones(call: Route53Call): HostedZoneSnapshot[] {
  return [...call.store.zones.values()].filter(z => callerSees(call, z));
}

function listZones(call: Route53Call): string[] {
  const { query } = call;
  const zones = callerZones(call).sort((a, b) => (a.Id < b.Id ? -1 : 1));
  const { page, trailer } = markerPage(
    zones,
    query,
    maxItems(query, 100, 100),
    marker => marker.replace(/^\/?hostedzone\//, ''),
  );
  return [node('HostedZones', ...page.map(zoneXml)), ...trailer];
}

/** Ordered by name with labels reversed, then id; starts at `dnsname` (and `hostedzoneid`). */
function listZonesByName(call: Route53Call): string[] {
  const { query } = call;
  const key = (z: HostedZoneSnapshot) => [zoneNameSortKey(z.Name), z.Id];
  const zones = callerZones(call).sort((a, b) => compareKeys(key(a), key(b)));
  const name = query.get('dnsname');
  const zoneId = query.get('hostedzoneid');
  if (zoneId !== null && name === null)
    throw invalidInput('hostedzoneid requires dnsname');
  const max = maxItems(query, 100, 100);
  const from =
    name === null ? undefined : [zoneNameSortKey(name), zoneId ?? ''];
  const start = from ? zones.findIndex(z => compareKeys(key(z), from) >= 0) : 0;
  const { page, next } = pageFrom(zones, start, max);
  return [
    node('HostedZones', ...page.map(zoneXml)),
    leaf('DNSName', name === null ? undefined : canonicalName(name)),
    leaf('HostedZoneId', zoneId ?? undefined),
    leaf('IsTruncated', next !== undefined),
    leaf('NextDNSName', next && canonicalName(next.Name)),
    leaf('NextHostedZoneId', next?.Id),
    leaf('MaxItems', max),
  ];
}

export const HOSTED_ZONE_ROUTES: Route53Route[] = [
  {
    method: 'GET',
    path: 'hostedzone',
    operation: 'ListHostedZones',
    handler: call => xmlResponse('ListHostedZonesResponse', ...listZones(call)),
  },
  {
    method: 'GET',
    path: 'hostedzonesbyname',
    operation: 'ListHostedZonesByName',
    handler: call =>
      xmlResponse('ListHostedZonesByNameResponse', ...listZonesByName(call)),
  },
  {
    method: 'GET',
    path: 'hostedzone/*',
    operation: 'GetHostedZone',
    handler: call =>
      xmlResponse(
        'GetHostedZoneResponse',
        zoneXml(findZone(call)),
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

/**
 * Resource record sets: Route 53's listing order, (de)serialisation, atomic
 * change batches, and the operations that list and change records and report
 * a change's status.
 */
import { randomHex } from '../arns';
import { dnsName } from '../fixture';
import { AwsError } from '../http/wire';
import { HostedZoneSnapshot, ResourceRecordSetSnapshot } from '../types';
import {
  ChangeRecord,
  Route53Call,
  Route53Route,
  boundedTextOf,
  callerSees,
  integerOf,
  findZone,
  invalidInput,
  maxItems,
  pageFrom,
  xmlResponse,
} from './common';
import { canonicalName, compareAscii, recordNameSortKey } from './names';
import {
  XmlElement,
  child,
  childrenNamed,
  leaf,
  leaves,
  node,
  textOf,
} from './xml';

const RECORD_TYPES = [
  'SOA',
  'A',
  'TXT',
  'NS',
  'CNAME',
  'MX',
  'NAPTR',
  'PTR',
  'SRV',
  'SPF',
  'AAAA',
  'CAA',
  'DS',
  'TLSA',
  'SSHFP',
  'SVCB',
  'HTTPS',
];

/**
 * Route 53 lists records by name with labels reversed and the trailing dot
 * (com.example.api.), then type, then set identifier (the paging tokens).
 */
export function recordSortKey(
  name: string,
  type = '',
  identifier = '',
): string[] {
  return [recordNameSortKey(name), type, identifier];
}

export function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareAscii(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

export function sortRecords(
  records: ResourceRecordSetSnapshot[],
): ResourceRecordSetSnapshot[] {
  return [...records].sort((a, b) =>
    compareKeys(
      recordSortKey(a.Name, a.Type, a.SetIdentifier),
      recordSortKey(b.Name, b.Type, b.SetIdentifier),
    ),
  );
}

export function recordXml(r: ResourceRecordSetSnapshot): string {
  return node(
    'ResourceRecordSet',
    ...leaves({ ...r, Name: canonicalName(r.Name) }, [
      'Name',
      'Type',
      'SetIdentifier',
      'Weight',
      'Region',
      'Failover',
      'TTL',
    ]),
    r.ResourceRecords
      ? node(
          'ResourceRecords',
          ...r.ResourceRecords.map(rr =>
            node('ResourceRecord', leaf('Value', rr.Value)),
          ),
        )
      : '',
    r.AliasTarget
      ? node(
          'AliasTarget',
          ...leaves(r.AliasTarget, [
            'HostedZoneId',
            'DNSName',
            'EvaluateTargetHealth',
          ]),
        )
      : '',
    leaf('HealthCheckId', r.HealthCheckId),
  );
}

/** A member the model marks required: InvalidInput when absent. */
function required(element: XmlElement, shape: string, name: string): string {
  const text = textOf(element, name);
  if (text === undefined) throw invalidInput(`${shape} is missing ${name}`);
  return text;
}

/** Reads a ResourceRecordSet element of a request. */
export function parseRecord(element: XmlElement): ResourceRecordSetSnapshot {
  const name = textOf(element, 'Name');
  const type = textOf(element, 'Type');
  if (!name) throw invalidInput('ResourceRecordSet is missing Name');
  if (!type || !RECORD_TYPES.includes(type))
    throw invalidInput(`Invalid ResourceRecordSet Type: ${type ?? '(none)'}`);
  const record: ResourceRecordSetSnapshot = {
    Name: canonicalName(name),
    Type: type,
  };
  const setIdentifier = boundedTextOf(element, 'SetIdentifier', [1, 128]);
  if (setIdentifier !== undefined) record.SetIdentifier = setIdentifier;
  const failover = textOf(element, 'Failover');
  if (failover !== undefined) {
    if (failover !== 'PRIMARY' && failover !== 'SECONDARY')
      throw invalidInput(`Invalid Failover: ${failover}`);
    record.Failover = failover;
  }
  const weight = integerOf(element, 'Weight', [0, 255]);
  if (weight !== undefined) record.Weight = weight;
  const region = textOf(element, 'Region');
  if (region !== undefined) record.Region = region;
  const ttl = integerOf(element, 'TTL', [0, 2147483647]);
  if (ttl !== undefined) record.TTL = ttl;
  const values = child(element, 'ResourceRecords');
  if (values) {
    record.ResourceRecords = childrenNamed(values, 'ResourceRecord').map(
      rr => ({ Value: required(rr, 'ResourceRecord', 'Value') }),
    );
    if (record.ResourceRecords.length === 0)
      throw invalidInput('ResourceRecords must contain at least 1 element');
  }
  const alias = child(element, 'AliasTarget');
  if (alias) {
    record.AliasTarget = {
      HostedZoneId: required(alias, 'AliasTarget', 'HostedZoneId'),
      DNSName: dnsName(required(alias, 'AliasTarget', 'DNSName')),
      EvaluateTargetHealth:
        required(alias, 'AliasTarget', 'EvaluateTargetHealth') === 'true',
    };
  }
  const healthCheckId = textOf(element, 'HealthCheckId');
  if (healthCheckId !== undefined) record.HealthCheckId = healthCheckId;
  return record;
}

function describeRecord(r: ResourceRecordSetSnapshot): string {
  return `[name='${canonicalName(r.Name)}', type='${r.Type}'${
    r.SetIdentifier !== undefined ? `, set-identifier='${r.SetIdentifier}'` : ''
  }]`;
}

function sameIdentity(
  a: ResourceRecordSetSnapshot,
  b: ResourceRecordSetSnapshot,
): boolean {
  return (
    canonicalName(a.Name) === canonicalName(b.Name) &&
    a.Type === b.Type &&
    (a.SetIdentifier ?? '') === (b.SetIdentifier ?? '')
  );
}

function canonical(r: ResourceRecordSetSnapshot): string {
  return JSON.stringify(recordXml(r));
}

/** Problems with one record that do not depend on the zone's other records. */
function recordProblems(
  r: ResourceRecordSetSnapshot,
  zone: HostedZoneSnapshot,
): string[] {
  const problems: string[] = [];
  const name = canonicalName(r.Name);
  const zoneName = canonicalName(zone.Name);
  if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    problems.push(
      `RRSet with DNS name ${name} is not permitted in zone ${zoneName}`,
    );
  }
  if (!r.AliasTarget === !r.ResourceRecords) {
    problems.push(
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]], but found ${
        r.AliasTarget ? 'both' : 'none of them'
      } in Change with [Action=?, Name=${r.Name}, Type=${r.Type}${
        r.SetIdentifier !== undefined
          ? `, SetIdentifier=${r.SetIdentifier}`
          : ''
      }]`,
    );
  }
  if (r.AliasTarget && r.TTL !== undefined)
    problems.push(`Alias record ${describeRecord(r)} must not have a TTL`);
  if (r.ResourceRecords && r.TTL === undefined)
    problems.push(`Record ${describeRecord(r)} needs a TTL`);
  const routed =
    r.Failover !== undefined ||
    r.Weight !== undefined ||
    r.Region !== undefined;
  if (routed && r.SetIdentifier === undefined)
    problems.push(
      `Record ${describeRecord(r)} has a routing policy but no SetIdentifier`,
    );
  if (!routed && r.SetIdentifier !== undefined)
    problems.push(
      `Record ${describeRecord(r)} has a SetIdentifier but no routing policy`,
    );
  return problems;
}

/** One parsed change of a batch. */
export interface RecordChange {
  action: string;
  record: ResourceRecordSetSnapshot;
}

/** Parses the ChangeBatch of a ChangeResourceRecordSetsRequest. */
export function parseChangeBatch(root: XmlElement): {
  changes: RecordChange[];
  comment?: string;
} {
  const batch = child(root, 'ChangeBatch');
  if (!batch) throw invalidInput('Request is missing ChangeBatch');
  const changes = childrenNamed(child(batch, 'Changes'), 'Change').map(
    change => {
      const action = textOf(change, 'Action') ?? '';
      if (!['CREATE', 'DELETE', 'UPSERT'].includes(action))
        throw invalidInput(`Invalid Action: ${action || '(none)'}`);
      const element = child(change, 'ResourceRecordSet');
      if (!element) throw invalidInput('Change is missing ResourceRecordSet');
      return { action, record: parseRecord(element) };
    },
  );
  if (changes.length === 0)
    throw invalidInput('ChangeBatch must contain at least one Change');
  return { changes, comment: textOf(batch, 'Comment') };
}

/**
 * Applies a batch to a copy of the zone's records; returns the new list, or
 * throws (nothing is changed then): NoSuchHealthCheck when a created or
 * upserted record names a health check the caller does not have (the error
 * the model lists for this operation), else InvalidChangeBatch listing every
 * problem. A DELETE may name a deleted health check: records keep the id of
 * a check deleted under them, and must stay deletable.
 */
export function applyChangeBatch(
  zone: HostedZoneSnapshot,
  changes: RecordChange[],
  healthCheckExists: (id: string) => boolean,
): ResourceRecordSetSnapshot[] {
  const missingCheck = changes.find(
    ({ action, record }) =>
      action !== 'DELETE' &&
      record.HealthCheckId !== undefined &&
      !healthCheckExists(record.HealthCheckId),
  );
  if (missingCheck) {
    throw new AwsError(
      'NoSuchHealthCheck',
      404,
      `No health check exists with the specified ID ${missingCheck.record.HealthCheckId}.`,
    );
  }
  const records = [...zone.ResourceRecordSets];
  const problems: string[] = [];
  for (const { action, record } of changes) {
    const index = records.findIndex(r => sameIdentity(r, record));
    if (action !== 'DELETE') problems.push(...recordProblems(record, zone));
    if (action === 'CREATE') {
      if (index >= 0)
        problems.push(
          `Tried to create resource record set ${describeRecord(
            record,
          )} but it already exists`,
        );
      else records.push(record);
    } else if (action === 'UPSERT') {
      if (index >= 0) records[index] = record;
      else records.push(record);
    } else if (index < 0) {
      problems.push(
        `Tried to delete resource record set ${describeRecord(
          record,
        )} but it was not found`,
      );
    } else if (canonical(records[index]) !== canonical(record)) {
      problems.push(
        `Tried to delete resource record set ${describeRecord(
          record,
        )} but the values provided do not match the current values`,
      );
    } else {
      records.splice(index, 1);
    }
  }
  if (problems.length > 0) {
    throw new AwsError('InvalidChangeBatch', 400, `[${problems.join(', ')}]`, {
      Messages: problems,
    });
  }
  return records;
}

function listRecords(
  zone: HostedZoneSnapshot,
  query: URLSearchParams,
): string[] {
  const name = query.get('name');
  const type = query.get('type');
  const identifier = query.get('identifier');
  if (type !== null && name === null)
    throw invalidInput('The type parameter requires the name parameter');
  if (identifier !== null && type === null)
    throw invalidInput('The identifier parameter requires name and type');
  if (type !== null && !RECORD_TYPES.includes(type))
    throw invalidInput(`Invalid type: ${type}`);
  const max = maxItems(query, 300, 300);
  const records = sortRecords(zone.ResourceRecordSets);
  const from =
    name === null
      ? undefined
      : recordSortKey(name, type ?? '', identifier ?? '');
  const start = from
    ? records.findIndex(
        r =>
          compareKeys(recordSortKey(r.Name, r.Type, r.SetIdentifier), from) >=
          0,
      )
    : 0;
  const { page, next } = pageFrom(records, start, max);
  return [
    node('ResourceRecordSets', ...page.map(recordXml)),
    leaf('IsTruncated', next !== undefined),
    leaf('NextRecordName', next && canonicalName(next.Name)),
    leaf('NextRecordType', next?.Type),
    leaf('NextRecordIdentifier', next?.SetIdentifier),
    leaf('MaxItems', max),
  ];
}

/**
 * A change is PENDING when submitted (the answer to ChangeResourceRecordSets
 * always says so, as "the initial status of all change batch requests"), and
 * INSYNC once the change delay has passed on the emulator's clock.
 */
function changeInfoXml(
  change: ChangeRecord,
  status: 'PENDING' | 'INSYNC',
): string {
  return node(
    'ChangeInfo',
    leaf('Id', `/change/${change.id}`),
    leaf('Status', status),
    leaf('SubmittedAt', new Date(change.submittedAt).toISOString()),
    leaf('Comment', change.comment),
  );
}

function changeRecords(call: Route53Call): string {
  const { store, settings } = call;
  const zone = findZone(call);
  const { changes, comment } = parseChangeBatch(call.xml());
  zone.ResourceRecordSets = applyChangeBatch(zone, changes, id => {
    const hc = store.healthChecks.get(id);
    return hc !== undefined && callerSees(call, hc);
  });
  store.changed();
  const change: ChangeRecord = {
    id: `C${randomHex(10).toUpperCase()}`,
    submittedAt: settings.clock(),
    comment,
    accountId: call.ctx.accountId ?? '',
  };
  call.changes.set(change.id, change);
  return changeInfoXml(change, 'PENDING');
}

/** GetChange; another account's change id is as unknown as a made-up one. */
function getChange(call: Route53Call): string {
  const { settings } = call;
  const change = call.changes.get(call.id);
  if (!change || change.accountId !== (call.ctx.accountId ?? ''))
    throw new AwsError(
      'NoSuchChange',
      404,
      `A change with the specified change ID does not exist: ${call.id}`,
    );
  const synced =
    settings.clock() >= change.submittedAt + settings.changeDelayMs();
  return changeInfoXml(change, synced ? 'INSYNC' : 'PENDING');
}

export const RECORD_ROUTES: Route53Route[] = [
  {
    method: 'GET',
    path: 'hostedzone/*/rrset',
    operation: 'ListResourceRecordSets',
    handler: call =>
      xmlResponse(
        'ListResourceRecordSetsResponse',
        ...listRecords(findZone(call), call.query),
      ),
  },
  {
    method: 'POST',
    path: 'hostedzone/*/rrset',
    operation: 'ChangeResourceRecordSets',
    handler: call =>
      xmlResponse('ChangeResourceRecordSetsResponse', changeRecords(call)),
  },
  {
    method: 'GET',
    path: 'change/*',
    operation: 'GetChange',
    handler: call => xmlResponse('GetChangeResponse', getChange(call)),
  },
];

/**
 * Resource record sets: Route 53's listing order, (de)serialisation and
 * atomic change batches.
 */
import { dnsName } from '../fixture';
import { AwsError } from '../http/wire';
import { HostedZoneSnapshot, ResourceRecordSetSnapshot } from '../types';
import { XmlElement, child, childrenNamed, leaf, node, textOf } from './xml';

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

/** Route 53 lists records by name with labels reversed (com.example.api), then type, then set identifier. */
export function recordSortKey(
  name: string,
  type = '',
  identifier = '',
): string[] {
  return [dnsName(name).split('.').reverse().join('.'), type, identifier];
}

export function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
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
    leaf('Name', r.Name),
    leaf('Type', r.Type),
    leaf('SetIdentifier', r.SetIdentifier),
    leaf('Weight', r.Weight),
    leaf('Region', r.Region),
    leaf('Failover', r.Failover),
    leaf('TTL', r.TTL),
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
          leaf('HostedZoneId', r.AliasTarget.HostedZoneId),
          leaf('DNSName', r.AliasTarget.DNSName),
          leaf('EvaluateTargetHealth', r.AliasTarget.EvaluateTargetHealth),
        )
      : '',
    leaf('HealthCheckId', r.HealthCheckId),
  );
}

function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

function integerOf(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw invalidInput(`Invalid ${what}: ${text}`);
  return Number(text);
}

/** Reads a ResourceRecordSet element of a request. */
export function parseRecord(element: XmlElement): ResourceRecordSetSnapshot {
  const name = textOf(element, 'Name');
  const type = textOf(element, 'Type');
  if (!name) throw invalidInput('ResourceRecordSet is missing Name');
  if (!type || !RECORD_TYPES.includes(type))
    throw invalidInput(`Invalid ResourceRecordSet Type: ${type ?? '(none)'}`);
  const record: ResourceRecordSetSnapshot = { Name: dnsName(name), Type: type };
  const setIdentifier = textOf(element, 'SetIdentifier');
  if (setIdentifier !== undefined) record.SetIdentifier = setIdentifier;
  const failover = textOf(element, 'Failover');
  if (failover !== undefined) {
    if (failover !== 'PRIMARY' && failover !== 'SECONDARY')
      throw invalidInput(`Invalid Failover: ${failover}`);
    record.Failover = failover;
  }
  const weight = integerOf(textOf(element, 'Weight'), 'Weight');
  if (weight !== undefined) record.Weight = weight;
  const region = textOf(element, 'Region');
  if (region !== undefined) record.Region = region;
  const ttl = integerOf(textOf(element, 'TTL'), 'TTL');
  if (ttl !== undefined) record.TTL = ttl;
  const values = child(element, 'ResourceRecords');
  if (values) {
    record.ResourceRecords = childrenNamed(values, 'ResourceRecord').map(
      rr => ({ Value: textOf(rr, 'Value') ?? '' }),
    );
  }
  const alias = child(element, 'AliasTarget');
  if (alias) {
    record.AliasTarget = {
      HostedZoneId: textOf(alias, 'HostedZoneId') ?? '',
      DNSName: dnsName(textOf(alias, 'DNSName') ?? ''),
      EvaluateTargetHealth: textOf(alias, 'EvaluateTargetHealth') === 'true',
    };
  }
  const healthCheckId = textOf(element, 'HealthCheckId');
  if (healthCheckId !== undefined) record.HealthCheckId = healthCheckId;
  return record;
}

function describeRecord(r: ResourceRecordSetSnapshot): string {
  return `[name='${r.Name}', type='${r.Type}'${
    r.SetIdentifier !== undefined ? `, set-identifier='${r.SetIdentifier}'` : ''
  }]`;
}

function sameIdentity(
  a: ResourceRecordSetSnapshot,
  b: ResourceRecordSetSnapshot,
): boolean {
  return (
    a.Name === b.Name &&
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
  healthCheckExists: (id: string) => boolean,
): string[] {
  const problems: string[] = [];
  if (r.Name !== zone.Name && !r.Name.endsWith(`.${zone.Name}`)) {
    problems.push(
      `RRSet with DNS name ${r.Name} is not permitted in zone ${zone.Name}`,
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
  if (r.HealthCheckId !== undefined && !healthCheckExists(r.HealthCheckId)) {
    problems.push(`The health check with ID ${r.HealthCheckId} does not exist`);
  }
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
 * throws InvalidChangeBatch listing every problem (nothing is changed then).
 */
export function applyChangeBatch(
  zone: HostedZoneSnapshot,
  changes: RecordChange[],
  healthCheckExists: (id: string) => boolean,
): ResourceRecordSetSnapshot[] {
  const records = [...zone.ResourceRecordSets];
  const problems: string[] = [];
  for (const { action, record } of changes) {
    const index = records.findIndex(r => sameIdentity(r, record));
    if (action !== 'DELETE')
      problems.push(...recordProblems(record, zone, healthCheckExists));
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

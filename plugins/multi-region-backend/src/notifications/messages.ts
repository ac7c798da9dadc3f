import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { StoredDrill } from '../database/DrillsStore';
import { StoredEvacuation } from '../database/EvacuationsStore';
import { OperationChange } from '../database/OperationsStore';

/*
 * What each notification says. Severity follows what happened: a change
 * that went wrong (or that nobody made through the portal) is high, a drill
 * that needs a person now is critical, the rest normal. Titles name the
 * service and the regions; the free text a person typed (the reason) is
 * quoted in the description only, bounded.
 */

const REASON_SHOWN = 200;

/** The service's Multi-region tab, as the app links entities. */
export function multiRegionTab(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/multi-region`;
}

const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;
const quoted = (text: string) =>
  `"${text.length > REASON_SHOWN ? `${text.slice(0, REASON_SHOWN)}…` : text}"`;
const capitalised = (word: string) =>
  word.charAt(0).toLocaleUpperCase('en-US') + word.slice(1);

export function operationNotification(
  kind: Exclude<OperationChange['kind'], 'updated'>,
  op: OperationChange['operation'],
): NotificationPayload {
  const payload = describeOperation(kind, op);
  // first, so that the list's shortened description still says it
  return op.evacuationId
    ? {
        ...payload,
        description: `Part of the evacuation of ${op.fromRegion} (${op.evacuationId}). ${payload.description}`,
      }
    : payload;
}

function describeOperation(
  kind: Exclude<OperationChange['kind'], 'updated'>,
  op: OperationChange['operation'],
): NotificationPayload {
  const service = nameOf(op.entityRef);
  const what = `${capitalised(op.action)} of ${service} to ${op.toRegion}`;
  const base = {
    link: multiRegionTab(op.entityRef),
    scope: `operation:${op.id}`,
  };
  if (op.source === 'external') {
    return {
      ...base,
      title: `${service} was moved to ${op.toRegion} outside the portal`,
      description: `Its routing controls were changed in the AWS console, CLI or automation: traffic now goes to ${op.toRegion} (was ${op.fromRegion}). Nobody recorded why.`,
      severity: 'high',
    };
  }
  const by = `By ${op.actor}: ${quoted(op.reason)}.`;
  if (kind === 'started') {
    return {
      ...base,
      title: `${what} started`,
      description: by,
      severity: 'normal',
    };
  }
  switch (op.status) {
    case 'succeeded':
      return {
        ...base,
        title: `${service} now runs in ${op.toRegion}`,
        description: `${what} succeeded. ${by}`,
        severity: 'normal',
      };
    case 'reconciled':
      return {
        ...base,
        title: op.error
          ? `${what} did not happen`
          : `${service} now runs in ${op.toRegion}`,
        description: `The portal replica running it stopped; ARC shows the change ${
          op.error ? 'was not' : 'was'
        } applied. ${by}`,
        severity: op.error ? 'high' : 'normal',
      };
    case 'unknown':
      return {
        ...base,
        title: `${what}: unconfirmed`,
        description: `ARC did not confirm the write: look at the service now. ${by}`,
        severity: 'high',
      };
    default:
      return {
        ...base,
        title: `${what} failed`,
        description: `${op.error?.message ?? op.status} ${by}`,
        severity: 'high',
      };
  }
}

export function drillNotification(drill: StoredDrill): NotificationPayload {
  const service = nameOf(drill.entityRef);
  const base = {
    link: multiRegionTab(drill.entityRef),
    scope: `drill:${drill.id}`,
  };
  const by = `By ${drill.actor}: ${quoted(drill.reason)}.`;
  if (!drill.completedAt) {
    return {
      ...base,
      title: `Drill of ${service} started`,
      description: `It fails over to ${drill.secondaryRegion}, soaks for ${drill.soakSeconds} s and fails back to ${drill.primaryRegion}. ${by}`,
      severity: 'normal',
    };
  }
  if (drill.state === 'needs-attention') {
    return {
      ...base,
      title: `Drill of ${service} needs attention: traffic may still be in ${drill.secondaryRegion}`,
      description: `${drill.outcomeDetail ?? ''} ${by}`.trim(),
      severity: 'critical',
    };
  }
  const passed = drill.outcome === 'passed';
  return {
    ...base,
    title: `Drill of ${service} ${
      passed ? 'passed' : `ended: ${drill.outcome}`
    }`,
    description: `${drill.outcomeDetail ?? ''} ${by}`.trim(),
    severity: passed || drill.outcome === 'stopped' ? 'normal' : 'high',
  };
}

export function evacuationNotification(
  evacuation: StoredEvacuation,
): NotificationPayload {
  const moving = evacuation.items.filter(i => i.config);
  const base = { link: '/multi-region', scope: `evacuation:${evacuation.id}` };
  const by = `By ${evacuation.actor}: ${quoted(evacuation.reason)}.`;
  const names = moving.map(i => nameOf(i.entityRef)).join(', ');
  if (evacuation.state === 'running') {
    return {
      ...base,
      title: `Evacuation of ${evacuation.region} started`,
      description: `Moving ${names} out of ${evacuation.region}. ${by}`,
      severity: 'high',
    };
  }
  const moved = moving.filter(i => i.state === 'moved').length;
  return {
    ...base,
    title: `Evacuation of ${evacuation.region} ${
      evacuation.outcome === 'succeeded'
        ? 'succeeded'
        : `ended: ${evacuation.outcome}`
    }`,
    description: `${moved} of ${moving.length} moved (${names}). ${by}`,
    severity:
      evacuation.outcome === 'succeeded' || evacuation.outcome === 'stopped'
        ? 'normal'
        : 'high',
  };
}

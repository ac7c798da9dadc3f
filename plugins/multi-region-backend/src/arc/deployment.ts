import {
  ArcDeploymentNotice,
  PendingArcResource,
} from '@multi-region-failover/plugin-multi-region-common';

const KIND_WORDS: Record<PendingArcResource['kind'], [string, string]> = {
  'control-panel': ['control panel', 'control panels'],
  'routing-control': ['routing control', 'routing controls'],
  'safety-rule': ['safety rule', 'safety rules'],
};

/** `control panel orders-panel, routing controls a and b`. */
function listed(resources: PendingArcResource[]): string {
  const parts: string[] = [];
  for (const kind of Object.keys(KIND_WORDS) as PendingArcResource['kind'][]) {
    const names = resources
      .filter(r => r.kind === kind)
      .map(r => r.name ?? r.arn);
    if (names.length === 0) continue;
    const [one, many] = KIND_WORDS[kind];
    const joined =
      names.length > 1
        ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
        : names[0];
    parts.push(`${names.length > 1 ? many : one} ${joined}`);
  }
  return parts.join(', ');
}

/**
 * The notice of resources ARC has not finished deploying (or deleting), or
 * undefined when there are none. Its message is what the status, the plan
 * and execute's 409 say.
 */
export function deploymentNotice(
  resources: PendingArcResource[],
): ArcDeploymentNotice | undefined {
  if (resources.length === 0) return undefined;
  const deploying = resources.filter(r => r.status === 'PENDING');
  if (deploying.length > 0) {
    return {
      state: 'deploying',
      message: `ARC is still deploying ${listed(
        deploying,
      )} (status PENDING). Their routing-control states are not readable and no failover is possible until ARC reports them DEPLOYED, usually within minutes; this is expected right after the service was created or its safety rules changed.`,
      resources,
    };
  }
  return {
    state: 'deleting',
    message: `ARC is deleting ${listed(
      resources,
    )} (status PENDING_DELETION): no failover is possible.`,
    resources,
  };
}

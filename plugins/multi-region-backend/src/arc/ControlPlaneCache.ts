import { PendingArcResource } from '@multi-region-failover/plugin-multi-region-common';
import {
  ArcControlPlaneClient,
  ArcSafetyRule,
} from '@multi-region-failover/plugin-multi-region-node';

/**
 * How long an answer that shows something PENDING is reused at most: ARC
 * deploys within seconds to minutes, and the card should say "deployed" soon
 * after it is.
 */
const UNSETTLED_TTL_MS = 1000;

/** What the control plane says about a panel the data plane does not show (fully). */
export interface PanelDeployment {
  /** False when the control plane does not know the panel either. */
  exists: boolean;
  /** The panel, its routing controls and its safety rules that are not DEPLOYED. */
  pending: PendingArcResource[];
}

/** True for a deployment status that is not (yet, or any more) DEPLOYED. */
function isPending(
  status: string | undefined,
): status is PendingArcResource['status'] {
  return status === 'PENDING' || status === 'PENDING_DELETION';
}

/** The safety rules of a panel that ARC has not deployed (or is deleting). */
export function pendingRules(rules: ArcSafetyRule[]): PendingArcResource[] {
  return rules.flatMap(rule =>
    isPending(rule.status)
      ? [
          {
            kind: 'safety-rule' as const,
            arn: rule.arn,
            name: rule.name,
            status: rule.status,
          },
        ]
      : [],
  );
}

/**
 * The control-plane reads of every plan and failover (a panel's safety rules
 * and tags, and its deployment when the data plane does not know it), kept
 * for `ttlMs` after they answered, with concurrent callers sharing one read:
 * the control plane is slower than the data plane, throttles, and changes
 * rarely. An answer that shows something still PENDING is kept for at most a
 * second.
 */
export class ControlPlaneCache {
  private readonly cache = new Map<
    string,
    { settledAt?: number; ttlMs: number; promise: Promise<unknown> }
  >();

  constructor(
    private readonly client: ArcControlPlaneClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  listSafetyRules(
    accountId: string,
    controlPanelArn: string,
  ): Promise<ArcSafetyRule[]> {
    return this.cached(
      `rules|${controlPanelArn}`,
      () => this.client.listSafetyRules(accountId, controlPanelArn),
      rules => pendingRules(rules).length === 0,
    );
  }

  /** The panel's tags (ListTagsForResource). */
  listTags(
    accountId: string,
    controlPanelArn: string,
  ): Promise<Record<string, string>> {
    return this.cached(`tags|${controlPanelArn}`, () =>
      this.client.listTags(accountId, controlPanelArn),
    );
  }

  /**
   * Whether ARC is still deploying the panel, the given routing controls or
   * the panel's safety rules: asked when the data plane does not know the
   * panel or some of its controls (ARC's data plane learns of a panel's
   * controls only once they are deployed).
   */
  panelDeployment(
    accountId: string,
    controlPanelArn: string,
  ): Promise<PanelDeployment> {
    return this.cached(
      `deployment|${controlPanelArn}`,
      async () => {
        let panel;
        try {
          panel = await this.client.describeControlPanel(
            accountId,
            controlPanelArn,
          );
        } catch (error) {
          if ((error as Error)?.name === 'ResourceNotFoundException') {
            return { exists: false, pending: [] };
          }
          throw error;
        }
        const [controls, rules] = await Promise.all([
          this.client.listRoutingControls(accountId, controlPanelArn),
          this.listSafetyRules(accountId, controlPanelArn),
        ]);
        const pending: PendingArcResource[] = [];
        if (isPending(panel.status)) {
          pending.push({
            kind: 'control-panel',
            arn: panel.arn,
            name: panel.name,
            status: panel.status,
          });
        }
        for (const control of controls) {
          if (control.RoutingControlArn && isPending(control.Status)) {
            pending.push({
              kind: 'routing-control',
              arn: control.RoutingControlArn,
              name: control.Name,
              status: control.Status,
            });
          }
        }
        pending.push(...pendingRules(rules));
        return { exists: true, pending };
      },
      deployment => deployment.pending.length === 0,
    );
  }

  /**
   * A read in flight is shared by every caller (a burst of plans or
   * failovers makes one request, not one each, which the control plane's
   * throttling would refuse); a finished one is reused for its TTL.
   */
  private cached<T>(
    key: string,
    load: () => Promise<T>,
    settled: (value: T) => boolean = () => true,
  ): Promise<T> {
    const hit = this.cache.get(key);
    if (
      hit &&
      (hit.settledAt === undefined || this.now() - hit.settledAt < hit.ttlMs)
    ) {
      return hit.promise as Promise<T>;
    }
    const promise = load();
    const entry: { settledAt?: number; ttlMs: number; promise: Promise<T> } = {
      ttlMs: this.ttlMs,
      promise,
    };
    this.cache.set(key, entry);
    promise.then(
      value => {
        entry.settledAt = this.now();
        if (!settled(value))
          entry.ttlMs = Math.min(this.ttlMs, UNSETTLED_TTL_MS);
      },
      // a failed read is not kept: the next caller tries again
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return promise;
  }
}

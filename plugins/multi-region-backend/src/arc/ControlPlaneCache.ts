import {
  ArcControlPlaneClient,
  ArcSafetyRule,
} from '@multi-region-failover/plugin-multi-region-node';

/**
 * The control-plane reads of every plan and failover (a panel's safety rules
 * and tags), kept for `ttlMs` with concurrent callers sharing one read: the
 * control plane is slower than the data plane and changes rarely.
 */
export class ControlPlaneCache {
  private readonly cache = new Map<
    string,
    { at: number; promise: Promise<unknown> }
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
    return this.cached(`rules|${controlPanelArn}`, () =>
      this.client.listSafetyRules(accountId, controlPanelArn),
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

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) {
      return hit.promise as Promise<T>;
    }
    const promise = load();
    const entry = { at: this.now(), promise };
    this.cache.set(key, entry);
    // a failed read is not kept: the next caller tries again
    promise.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return promise;
  }
}

import {
  ListSafetyRulesCommand,
  ListTagsForResourceCommand,
  Route53RecoveryControlConfigClient,
} from '@aws-sdk/client-route53-recovery-control-config';
import { CredentialsForAccount } from '../config/credentials';
import { ArcSafetyRule } from './safetyRules';

/** Tag on a control panel that names the one catalog entity allowed to flip it. @public */
export const ENTITY_REF_TAG = 'backstage.io/entity-ref';

/**
 * The few control-plane reads the plugin needs (safety rules and panel tags),
 * cached for `ttlMs` with concurrent callers sharing one read.
 */
export class ArcControlPlane {
  private readonly clients = new Map<
    string,
    Route53RecoveryControlConfigClient
  >();
  private readonly cache = new Map<
    string,
    { at: number; promise: Promise<unknown> }
  >();

  constructor(
    private readonly options: {
      endpoint?: string;
      region: string;
      credentialsFor: CredentialsForAccount;
      ttlMs: number;
      timeoutMs: number;
    },
  ) {}

  listSafetyRules(
    accountId: string,
    controlPanelArn: string,
  ): Promise<ArcSafetyRule[]> {
    return this.cached(`rules|${controlPanelArn}`, async () => {
      const client = this.client(accountId);
      const rules: ArcSafetyRule[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new ListSafetyRulesCommand({
            ControlPanelArn: controlPanelArn,
            NextToken,
            MaxResults: 100,
          }),
          { abortSignal: AbortSignal.timeout(this.options.timeoutMs) as any },
        );
        for (const rule of page.SafetyRules ?? []) {
          if (rule.ASSERTION) {
            const a = rule.ASSERTION;
            rules.push({
              arn: a.SafetyRuleArn!,
              name: a.Name ?? a.SafetyRuleArn!,
              type: 'assertion',
              assertedControls: a.AssertedControls ?? [],
              config: ruleConfig(a.RuleConfig),
            });
          } else if (rule.GATING) {
            const g = rule.GATING;
            rules.push({
              arn: g.SafetyRuleArn!,
              name: g.Name ?? g.SafetyRuleArn!,
              type: 'gating',
              gatingControls: g.GatingControls ?? [],
              targetControls: g.TargetControls ?? [],
              config: ruleConfig(g.RuleConfig),
            });
          }
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return rules;
    });
  }

  /** The panel's tags (ListTagsForResource). */
  listTags(
    accountId: string,
    controlPanelArn: string,
  ): Promise<Record<string, string>> {
    return this.cached(`tags|${controlPanelArn}`, async () => {
      const out = await this.client(accountId).send(
        new ListTagsForResourceCommand({ ResourceArn: controlPanelArn }),
        { abortSignal: AbortSignal.timeout(this.options.timeoutMs) as any },
      );
      return out.Tags ?? {};
    });
  }

  destroy(): void {
    this.clients.forEach(c => c.destroy());
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.options.ttlMs) {
      return hit.promise as Promise<T>;
    }
    const promise = load();
    const entry = { at: Date.now(), promise };
    this.cache.set(key, entry);
    promise.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return promise;
  }

  private client(accountId: string): Route53RecoveryControlConfigClient {
    let client = this.clients.get(accountId);
    if (!client) {
      const { credentialsFor, endpoint, region } = this.options;
      client = new Route53RecoveryControlConfigClient({
        region,
        endpoint,
        maxAttempts: 2,
        credentials: async () => (await credentialsFor(accountId))() as any,
      });
      this.clients.set(accountId, client);
    }
    return client;
  }
}

function ruleConfig(
  config: { Type?: string; Threshold?: number; Inverted?: boolean } | undefined,
): ArcSafetyRule['config'] {
  return {
    type: (config?.Type ?? 'ATLEAST') as ArcSafetyRule['config']['type'],
    threshold: config?.Threshold ?? 0,
    inverted: config?.Inverted ?? false,
  };
}

import {
  ControlPanel,
  ListTagsForResourceCommand,
  paginateListControlPanels,
  paginateListRoutingControls,
  paginateListSafetyRules,
  Route53RecoveryControlConfigClient,
  RoutingControl,
  Rule,
} from '@aws-sdk/client-route53-recovery-control-config';
import { AccountClients, accountCredentials } from '../aws/AccountClients';
import { CredentialsForAccount } from '../aws/credentials';

/** A safety rule as ListSafetyRules describes it. @public */
export interface ArcSafetyRule {
  arn: string;
  name: string;
  type: 'assertion' | 'gating';
  assertedControls?: string[];
  gatingControls?: string[];
  targetControls?: string[];
  config: {
    type: 'ATLEAST' | 'AND' | 'OR';
    threshold: number;
    inverted: boolean;
  };
  /** How long after a change the rule keeps refusing the next one. */
  waitPeriodMs?: number;
}

/**
 * The ARC control plane (route53-recovery-control-config): the reads both
 * backend packages need, every list through the SDK's paginator, each call
 * bounded by `timeoutMs`. Creates go through {@link ArcControlPlaneClient.sdk}.
 *
 * @public
 */
export class ArcControlPlaneClient {
  private readonly clients: AccountClients<Route53RecoveryControlConfigClient>;
  private readonly timeoutMs: number;

  constructor(options: {
    credentialsFor: CredentialsForAccount;
    /** The control plane's region: us-west-2, its only region. */
    region: string;
    /** Override of the control-plane URL (a local emulator). */
    endpoint?: string;
    /** Budget of one read, across its pages and the SDK's retry. */
    timeoutMs: number;
  }) {
    this.timeoutMs = options.timeoutMs;
    this.clients = new AccountClients(
      accountId =>
        new Route53RecoveryControlConfigClient({
          region: options.region,
          endpoint: options.endpoint,
          maxAttempts: 2,
          credentials: accountCredentials(options.credentialsFor, accountId),
        }),
    );
  }

  /** The SDK client of an account, for the calls this class does not wrap. */
  sdk(accountId: string): Route53RecoveryControlConfigClient {
    return this.clients.forAccount(accountId);
  }

  async listSafetyRules(
    accountId: string,
    controlPanelArn: string,
    signal?: AbortSignal,
  ): Promise<ArcSafetyRule[]> {
    const rules = await collect(
      paginateListSafetyRules(
        { client: this.sdk(accountId), pageSize: 100 },
        { ControlPanelArn: controlPanelArn },
        this.options(signal),
      ),
      page => page.SafetyRules,
    );
    return rules.flatMap(rule => toSafetyRule(rule) ?? []);
  }

  async listTags(
    accountId: string,
    resourceArn: string,
    signal?: AbortSignal,
  ): Promise<Record<string, string>> {
    const out = await this.sdk(accountId).send(
      new ListTagsForResourceCommand({ ResourceArn: resourceArn }),
      this.options(signal),
    );
    return out.Tags ?? {};
  }

  async listControlPanels(
    accountId: string,
    clusterArn: string,
    signal?: AbortSignal,
  ): Promise<ControlPanel[]> {
    return collect(
      paginateListControlPanels(
        { client: this.sdk(accountId) },
        { ClusterArn: clusterArn },
        this.options(signal),
      ),
      page => page.ControlPanels,
    );
  }

  /** The control plane's view of a panel's controls: names and deployment status, no states. */
  async listRoutingControls(
    accountId: string,
    controlPanelArn: string,
    signal?: AbortSignal,
  ): Promise<RoutingControl[]> {
    return collect(
      paginateListRoutingControls(
        { client: this.sdk(accountId) },
        { ControlPanelArn: controlPanelArn },
        this.options(signal),
      ),
      page => page.RoutingControls,
    );
  }

  destroy(): void {
    this.clients.destroy();
  }

  /**
   * Send options bounding a call by the timeout and the caller's signal. The
   * pinned control-plane client types its signal with an older interface of
   * the same shape, hence the cast.
   */
  private options(signal?: AbortSignal): { abortSignal: any } {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return {
      abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    };
  }
}

/** Every item of every page a paginator yields. */
async function collect<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

function toSafetyRule(rule: Rule): ArcSafetyRule | undefined {
  const config = (c?: {
    Type?: string;
    Threshold?: number;
    Inverted?: boolean;
  }): ArcSafetyRule['config'] => ({
    type: (c?.Type ?? 'ATLEAST') as ArcSafetyRule['config']['type'],
    threshold: c?.Threshold ?? 0,
    inverted: c?.Inverted ?? false,
  });
  if (rule.ASSERTION) {
    const a = rule.ASSERTION;
    return {
      arn: a.SafetyRuleArn!,
      name: a.Name ?? a.SafetyRuleArn!,
      type: 'assertion',
      assertedControls: a.AssertedControls ?? [],
      config: config(a.RuleConfig),
      waitPeriodMs: a.WaitPeriodMs,
    };
  }
  if (rule.GATING) {
    const g = rule.GATING;
    return {
      arn: g.SafetyRuleArn!,
      name: g.Name ?? g.SafetyRuleArn!,
      type: 'gating',
      gatingControls: g.GatingControls ?? [],
      targetControls: g.TargetControls ?? [],
      config: config(g.RuleConfig),
      waitPeriodMs: g.WaitPeriodMs,
    };
  }
  return undefined;
}

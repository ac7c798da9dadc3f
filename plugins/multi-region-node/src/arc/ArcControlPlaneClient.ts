import {
  ControlPanel,
  DescribeControlPanelCommand,
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
import { ThrottlingRetryStrategy } from '../aws/ThrottlingRetryStrategy';
import { bounded, DeadlineWords, withTimeout } from '../aws/deadline';

/**
 * Where a control-plane resource is in ARC's asynchronous deployment: a
 * create or update answers PENDING, and the data plane knows the resource
 * only once it is DEPLOYED; a delete answers PENDING_DELETION.
 *
 * @public
 */
export type ArcDeploymentStatus = 'PENDING' | 'DEPLOYED' | 'PENDING_DELETION';

/** Why a control-plane call ended early. */
const DEADLINE: DeadlineWords = {
  timeout:
    'The ARC control plane did not answer within the deadline (throttled requests included)',
  aborted: 'The ARC control-plane call was aborted',
};

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
  /** The rule's deployment; a PENDING rule may or may not be enforced yet. */
  status?: ArcDeploymentStatus;
}

/** A control panel as DescribeControlPanel describes it. @public */
export interface ArcControlPanel {
  arn: string;
  name?: string;
  status?: ArcDeploymentStatus;
}

/**
 * The ARC control plane (route53-recovery-control-config): the reads both
 * backend packages need, every list through the SDK's paginator, each call
 * bounded by `timeoutMs`. A throttled request (429 `ThrottlingException`) is
 * retried after a doubling pause, within that bound. Creates go through
 * {@link ArcControlPlaneClient.sdk}.
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
    /** Budget of one read, across its pages and the SDK's retries. */
    timeoutMs: number;
    /** Attempts per request in all when throttled (the timeout bounds them too). Default 6. */
    maxAttempts?: number;
    /** Pause before the first retry of a throttled request; doubles for each later one. Default 200 ms. */
    retryBaseDelayMs?: number;
  }) {
    this.timeoutMs = options.timeoutMs;
    const maxAttempts = options.maxAttempts ?? 6;
    this.clients = new AccountClients(
      accountId =>
        new Route53RecoveryControlConfigClient({
          region: options.region,
          endpoint: options.endpoint,
          maxAttempts,
          retryStrategy: new ThrottlingRetryStrategy({
            maxAttempts,
            baseDelayMs: options.retryBaseDelayMs ?? 200,
          }),
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
    const options = this.options(signal);
    const rules = await collect(
      paginateListSafetyRules(
        { client: this.sdk(accountId), pageSize: 100 },
        { ControlPanelArn: controlPanelArn },
        options,
      ),
      page => page.SafetyRules,
      options.abortSignal,
    );
    return rules.flatMap(rule => toSafetyRule(rule) ?? []);
  }

  async listTags(
    accountId: string,
    resourceArn: string,
    signal?: AbortSignal,
  ): Promise<Record<string, string>> {
    const options = this.options(signal);
    const out = await bounded(
      this.sdk(accountId).send(
        new ListTagsForResourceCommand({ ResourceArn: resourceArn }),
        options,
      ),
      options.abortSignal,
      DEADLINE,
    );
    return out.Tags ?? {};
  }

  /** A control panel's name and deployment status. */
  async describeControlPanel(
    accountId: string,
    controlPanelArn: string,
    signal?: AbortSignal,
  ): Promise<ArcControlPanel> {
    const options = this.options(signal);
    const out = await bounded(
      this.sdk(accountId).send(
        new DescribeControlPanelCommand({ ControlPanelArn: controlPanelArn }),
        options,
      ),
      options.abortSignal,
      DEADLINE,
    );
    return {
      arn: out.ControlPanel?.ControlPanelArn ?? controlPanelArn,
      name: out.ControlPanel?.Name,
      status: out.ControlPanel?.Status as ArcDeploymentStatus | undefined,
    };
  }

  async listControlPanels(
    accountId: string,
    clusterArn: string,
    signal?: AbortSignal,
  ): Promise<ControlPanel[]> {
    const options = this.options(signal);
    return collect(
      paginateListControlPanels(
        { client: this.sdk(accountId) },
        { ClusterArn: clusterArn },
        options,
      ),
      page => page.ControlPanels,
      options.abortSignal,
    );
  }

  /** The control plane's view of a panel's controls: names and deployment status, no states. */
  async listRoutingControls(
    accountId: string,
    controlPanelArn: string,
    signal?: AbortSignal,
  ): Promise<RoutingControl[]> {
    const options = this.options(signal);
    return collect(
      paginateListRoutingControls(
        { client: this.sdk(accountId) },
        { ControlPanelArn: controlPanelArn },
        options,
      ),
      page => page.RoutingControls,
      options.abortSignal,
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
    return { abortSignal: withTimeout(this.timeoutMs, signal) };
  }
}

/** Every item of every page a paginator yields, within the deadline. */
async function collect<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
  signal: AbortSignal,
): Promise<T[]> {
  const all: T[] = [];
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await bounded(iterator.next(), signal, DEADLINE);
    if (next.done) return all;
    all.push(...(items(next.value) ?? []));
  }
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
      status: a.Status as ArcDeploymentStatus | undefined,
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
      status: g.Status as ArcDeploymentStatus | undefined,
    };
  }
  return undefined;
}

import {
  AssertionRule,
  ControlPanel,
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  ListControlPanelsCommand,
  ListRoutingControlsCommand,
  ListSafetyRulesCommand,
  ListTagsForResourceCommand,
  Route53RecoveryControlConfigClient,
  RoutingControl,
} from '@aws-sdk/client-route53-recovery-control-config';
import { ConflictError } from '@backstage/errors';
import { ENTITY_REF_TAG, idempotencyToken } from '../../lib/naming';
import { listAll, waitUntilDeployed } from '../../lib/deployment';

/**
 * Lookup-before-create of the ARC resources of one app. Every `ensure*`
 * method returns the existing resource when one with the same name exists, so
 * a re-run (or a resumed task) never creates a second panel or control.
 */
export class ArcProvisioner {
  constructor(
    private readonly client: Route53RecoveryControlConfigClient,
    private readonly options: {
      clusterArn: string;
      /** Seed of the idempotency tokens, normally the scaffolder task id. */
      tokenSeed: string;
      deployTimeoutMs: number;
      signal?: AbortSignal;
    },
  ) {}

  async ensureControlPanel(
    name: string,
    tags: Record<string, string>,
  ): Promise<{ arn: string; created: boolean }> {
    const { clusterArn } = this.options;
    const existing = (await this.listPanels()).find(p => p.Name === name);
    if (existing?.ControlPanelArn) {
      await this.assertPanelBelongsTo(
        existing.ControlPanelArn,
        name,
        tags[ENTITY_REF_TAG],
      );
      await this.waitForPanel(existing.ControlPanelArn, name);
      return { arn: existing.ControlPanelArn, created: false };
    }
    const { ControlPanel: panel } = await this.client.send(
      new CreateControlPanelCommand({
        ClusterArn: clusterArn,
        ControlPanelName: name,
        Tags: tags,
        ClientToken: idempotencyToken(
          this.options.tokenSeed,
          clusterArn,
          'panel',
          name,
        ),
      }),
      { abortSignal: this.options.signal },
    );
    const arn = required(panel?.ControlPanelArn, `CreateControlPanel ${name}`);
    await this.waitForPanel(arn, name);
    return { arn, created: true };
  }

  async ensureRoutingControl(
    controlPanelArn: string,
    name: string,
  ): Promise<{ arn: string; created: boolean }> {
    const existing = (await this.listControls(controlPanelArn)).find(
      c => c.Name === name,
    );
    if (existing?.RoutingControlArn) {
      await this.waitForControl(controlPanelArn, name);
      return { arn: existing.RoutingControlArn, created: false };
    }
    const { RoutingControl: control } = await this.client.send(
      new CreateRoutingControlCommand({
        ClusterArn: this.options.clusterArn,
        ControlPanelArn: controlPanelArn,
        RoutingControlName: name,
        ClientToken: idempotencyToken(
          this.options.tokenSeed,
          controlPanelArn,
          'control',
          name,
        ),
      }),
      { abortSignal: this.options.signal },
    );
    const arn = required(
      control?.RoutingControlArn,
      `CreateRoutingControl ${name}`,
    );
    await this.waitForControl(controlPanelArn, name);
    return { arn, created: true };
  }

  /** "At least one of these controls is On": forbids the fail-open state where both are Off. */
  async ensureAtLeastOneOnRule(
    controlPanelArn: string,
    name: string,
    controlArns: string[],
    tags: Record<string, string>,
    waitPeriodMs: number,
  ): Promise<{ arn: string; created: boolean }> {
    const existing = (await this.listAssertionRules(controlPanelArn)).find(
      r => r.Name === name,
    );
    if (existing?.SafetyRuleArn) {
      return { arn: existing.SafetyRuleArn, created: false };
    }
    const { AssertionRule: rule } = await this.client.send(
      new CreateSafetyRuleCommand({
        AssertionRule: {
          ControlPanelArn: controlPanelArn,
          Name: name,
          AssertedControls: controlArns,
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          WaitPeriodMs: waitPeriodMs,
        },
        Tags: tags,
        ClientToken: idempotencyToken(
          this.options.tokenSeed,
          controlPanelArn,
          'rule',
          name,
        ),
      }),
      { abortSignal: this.options.signal },
    );
    return {
      arn: required(rule?.SafetyRuleArn, `CreateSafetyRule ${name}`),
      created: true,
    };
  }

  private async assertPanelBelongsTo(
    arn: string,
    name: string,
    entityRef?: string,
  ) {
    if (!entityRef) return;
    const { Tags: tags = {} } = await this.client.send(
      new ListTagsForResourceCommand({ ResourceArn: arn }),
      { abortSignal: this.options.signal },
    );
    const owner = tags[ENTITY_REF_TAG];
    if (owner === entityRef) return;
    throw new ConflictError(
      owner
        ? `Control panel "${name}" already exists in the cluster and belongs to ${owner} (tag ${ENTITY_REF_TAG}), not to ${entityRef}. Choose another service name.`
        : `Control panel "${name}" already exists in the cluster without a ${ENTITY_REF_TAG} tag, so it was not made by this template. To adopt it, tag it ${ENTITY_REF_TAG}=${entityRef} (ARN ${arn}); otherwise choose another service name.`,
    );
  }

  private listPanels(): Promise<ControlPanel[]> {
    return listAll(async NextToken => {
      const page = await this.client.send(
        new ListControlPanelsCommand({
          ClusterArn: this.options.clusterArn,
          NextToken,
        }),
        { abortSignal: this.options.signal },
      );
      return { items: page.ControlPanels, nextToken: page.NextToken };
    });
  }

  private listControls(controlPanelArn: string): Promise<RoutingControl[]> {
    return listAll(async NextToken => {
      const page = await this.client.send(
        new ListRoutingControlsCommand({
          ControlPanelArn: controlPanelArn,
          NextToken,
        }),
        { abortSignal: this.options.signal },
      );
      return { items: page.RoutingControls, nextToken: page.NextToken };
    });
  }

  private async listAssertionRules(
    controlPanelArn: string,
  ): Promise<AssertionRule[]> {
    const rules = await listAll(async NextToken => {
      const page = await this.client.send(
        new ListSafetyRulesCommand({
          ControlPanelArn: controlPanelArn,
          NextToken,
        }),
        { abortSignal: this.options.signal },
      );
      return { items: page.SafetyRules, nextToken: page.NextToken };
    });
    return rules.flatMap(r => (r.ASSERTION ? [r.ASSERTION] : []));
  }

  private waitForPanel(arn: string, name: string) {
    return waitUntilDeployed(
      `Control panel ${name}`,
      async () =>
        (await this.listPanels()).find(p => p.ControlPanelArn === arn)?.Status,
      { timeoutMs: this.options.deployTimeoutMs, signal: this.options.signal },
    );
  }

  private waitForControl(controlPanelArn: string, name: string) {
    return waitUntilDeployed(
      `Routing control ${name}`,
      async () =>
        (await this.listControls(controlPanelArn)).find(c => c.Name === name)
          ?.Status,
      { timeoutMs: this.options.deployTimeoutMs, signal: this.options.signal },
    );
  }
}

function required(value: string | undefined, call: string): string {
  if (!value) {
    throw new Error(`${call} returned no ARN`);
  }
  return value;
}

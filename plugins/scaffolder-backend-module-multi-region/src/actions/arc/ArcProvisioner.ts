import {
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  Route53RecoveryControlConfigClient,
} from '@aws-sdk/client-route53-recovery-control-config';
import { ConflictError } from '@backstage/errors';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import { ArcControlPlaneClient } from '@multi-region-failover/plugin-multi-region-node';
import { awsCall } from '../../lib/awsCall';
import { waitUntilDeployed } from '../../lib/deployment';
import { tagNamesGroup } from '../../lib/inputs';
import { idempotencyToken } from '../../lib/naming';

/** What a provisioner works on, and how. */
export interface ArcProvisionerOptions {
  /** The account that owns the cluster; the control-plane calls are made with its credentials. */
  accountId: string;
  clusterArn: string;
  /** Seed of the idempotency tokens, normally the scaffolder task id. */
  tokenSeed: string;
  deployTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Lookup-before-create of the ARC resources of one app. Every `ensure*`
 * method returns the existing resource when one with the same name exists, so
 * a re-run (or a resumed task) never creates a second panel or control.
 */
export class ArcProvisioner {
  constructor(
    private readonly controlPlane: ArcControlPlaneClient,
    private readonly options: ArcProvisionerOptions,
  ) {}

  /**
   * The panel `name`, created with `tags`; or the existing panel of that name,
   * but only when its {@link ENTITY_REF_TAG} and {@link OWNER_TAG} tags name
   * the same entity and group as `tags` (else a ConflictError, before anything
   * is created).
   */
  async ensureControlPanel(
    name: string,
    tags: Record<string, string> & {
      [ENTITY_REF_TAG]: string;
      [OWNER_TAG]: string;
    },
  ): Promise<{ arn: string; created: boolean }> {
    const { clusterArn } = this.options;
    return this.findOrCreate({
      what: `the control panel ${name} in ${clusterArn}`,
      find: async () => {
        const arn = (await this.listPanels()).find(
          p => p.Name === name,
        )?.ControlPanelArn;
        if (arn) {
          await this.assertPanelBelongsTo(arn, name, {
            entityRef: tags[ENTITY_REF_TAG],
            owner: tags[OWNER_TAG],
          });
        }
        return arn;
      },
      create: async (client, options) => {
        const { ControlPanel: panel } = await client.send(
          new CreateControlPanelCommand({
            ClusterArn: clusterArn,
            ControlPanelName: name,
            Tags: tags,
            ClientToken: this.token(clusterArn, 'panel', name),
          }),
          options,
        );
        return panel?.ControlPanelArn;
      },
      waitUntilDeployed: arn => this.waitForPanel(arn, name),
    });
  }

  async ensureRoutingControl(
    controlPanelArn: string,
    name: string,
  ): Promise<{ arn: string; created: boolean }> {
    return this.findOrCreate({
      what: `the routing control ${name} in ${controlPanelArn}`,
      find: async () =>
        (await this.listControls(controlPanelArn)).find(c => c.Name === name)
          ?.RoutingControlArn,
      create: async (client, options) => {
        const { RoutingControl: control } = await client.send(
          new CreateRoutingControlCommand({
            ClusterArn: this.options.clusterArn,
            ControlPanelArn: controlPanelArn,
            RoutingControlName: name,
            ClientToken: this.token(controlPanelArn, 'control', name),
          }),
          options,
        );
        return control?.RoutingControlArn;
      },
      waitUntilDeployed: () => this.waitForControl(controlPanelArn, name),
    });
  }

  /** "At least one of these controls is On": forbids the fail-open state where both are Off. */
  async ensureAtLeastOneOnRule(
    controlPanelArn: string,
    name: string,
    controlArns: string[],
    tags: Record<string, string>,
    waitPeriodMs: number,
  ): Promise<{ arn: string; created: boolean }> {
    const { accountId, signal } = this.options;
    return this.findOrCreate({
      what: `the safety rule ${name} in ${controlPanelArn}`,
      find: async () =>
        (
          await awsCall(`list the safety rules of ${controlPanelArn}`, () =>
            this.controlPlane.listSafetyRules(
              accountId,
              controlPanelArn,
              signal,
            ),
          )
        ).find(r => r.type === 'assertion' && r.name === name)?.arn,
      create: async (client, options) => {
        const { AssertionRule: rule } = await client.send(
          new CreateSafetyRuleCommand({
            AssertionRule: {
              ControlPanelArn: controlPanelArn,
              Name: name,
              AssertedControls: controlArns,
              RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
              WaitPeriodMs: waitPeriodMs,
            },
            Tags: tags,
            ClientToken: this.token(controlPanelArn, 'rule', name),
          }),
          options,
        );
        return rule?.SafetyRuleArn;
      },
    });
  }

  /**
   * The find-or-create of every resource: the existing one when `find` finds
   * it, else a create (idempotent by its ClientToken); then, for parents,
   * a wait until it is DEPLOYED.
   */
  private async findOrCreate(resource: {
    /** What is created, for errors: "the control panel inventory-panel in ...". */
    what: string;
    /** The ARN of the existing resource of that name. */
    find: () => Promise<string | undefined>;
    /** Sends the create; returns the new ARN. */
    create: (
      client: Route53RecoveryControlConfigClient,
      options: { abortSignal?: AbortSignal },
    ) => Promise<string | undefined>;
    waitUntilDeployed?: (arn: string) => Promise<void>;
  }): Promise<{ arn: string; created: boolean }> {
    const existing = await resource.find();
    if (existing) {
      await resource.waitUntilDeployed?.(existing);
      return { arn: existing, created: false };
    }
    const { accountId, signal } = this.options;
    const arn = await awsCall(`create ${resource.what}`, () =>
      resource.create(this.controlPlane.sdk(accountId), {
        abortSignal: signal,
      }),
    );
    if (!arn) {
      throw new Error(`Creating ${resource.what} returned no ARN`);
    }
    await resource.waitUntilDeployed?.(arn);
    return { arn, created: true };
  }

  /**
   * An existing panel is adopted only when it already belongs to this entity
   * and this owning group: its name alone proves nothing (anyone may have
   * created a panel of that name), and a panel of the right entity but
   * another (or no) owning group would hand its controls to whoever
   * scaffolds next.
   */
  private async assertPanelBelongsTo(
    arn: string,
    name: string,
    expected: { entityRef: string; owner: string },
  ) {
    const { accountId, signal } = this.options;
    const tags = await awsCall(`read the tags of ${arn}`, () =>
      this.controlPlane.listTags(accountId, arn, signal),
    );
    const { entityRef, owner } = expected;
    const taggedEntity = tags[ENTITY_REF_TAG];
    if (taggedEntity !== entityRef) {
      throw new ConflictError(
        taggedEntity
          ? `Control panel "${name}" already exists in the cluster and belongs to ${taggedEntity} (tag ${ENTITY_REF_TAG}), not to ${entityRef}. Choose another service name.`
          : `Control panel "${name}" already exists in the cluster without a ${ENTITY_REF_TAG} tag, so it was not made by this template. To adopt it, tag it ${ENTITY_REF_TAG}=${entityRef} and ${OWNER_TAG}=${owner} (ARN ${arn}); otherwise choose another service name.`,
      );
    }
    const taggedOwner = tags[OWNER_TAG];
    if (!taggedOwner) {
      throw new ConflictError(
        `Control panel "${name}" already exists in the cluster for ${entityRef} but has no ${OWNER_TAG} tag, so the group it belongs to is unknown; it was not adopted and nothing was created. If ${owner} owns it, have an administrator tag it ${OWNER_TAG}=${owner} (ARN ${arn}) and run the template again; otherwise choose another service name.`,
      );
    }
    if (!tagNamesGroup(taggedOwner, owner)) {
      throw new ConflictError(
        `Control panel "${name}" already exists in the cluster and is owned by ${taggedOwner} (tag ${OWNER_TAG}), not by ${owner} (expected ${OWNER_TAG}=${owner}); it was not adopted and nothing was created. Choose another service name, or ask ${taggedOwner} to scaffold it.`,
      );
    }
  }

  private listPanels() {
    const { accountId, clusterArn, signal } = this.options;
    return awsCall(`list the control panels of ${clusterArn}`, () =>
      this.controlPlane.listControlPanels(accountId, clusterArn, signal),
    );
  }

  private listControls(controlPanelArn: string) {
    const { accountId, signal } = this.options;
    return awsCall(`list the routing controls of ${controlPanelArn}`, () =>
      this.controlPlane.listRoutingControls(accountId, controlPanelArn, signal),
    );
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

  /** The same create of the same task sends the same token; another task sends another. */
  private token(parent: string, kind: string, name: string): string {
    return idempotencyToken(this.options.tokenSeed, parent, kind, name);
  }
}

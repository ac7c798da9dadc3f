import {
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  Route53RecoveryControlConfigClient,
  waitUntilControlPanelCreated,
  waitUntilRoutingControlCreated,
} from '@aws-sdk/client-route53-recovery-control-config';
import { ConflictError } from '@backstage/errors';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import { ArcControlPlaneClient } from '@multi-region-failover/plugin-multi-region-node';
import { awsCall } from '../../lib/awsCall';
import { awaitChange, WaiterParams } from '../../lib/deployment';
import { tagNamesGroup } from '../../lib/inputs';
import { idempotencyToken } from '../../lib/naming';
import { ARC_DEPLOYMENT_WAIT_KEY, PollTiming } from '../../lib/pollTiming';
import { waitUntilSafetyRuleCreated } from '../../lib/safetyRuleWaiter';

/** What a provisioner works on, and how. */
export interface ArcProvisionerOptions {
  /** The account that owns the cluster; the control-plane calls are made with its credentials. */
  accountId: string;
  clusterArn: string;
  /** Seed of the idempotency tokens, normally the scaffolder task id. */
  tokenSeed: string;
  /** How to poll for deployments (`multiRegionScaffolder.arc.deploymentWait`). */
  deploymentWait: PollTiming;
  /** The task log. */
  log: (message: string) => void;
  signal?: AbortSignal;
}

type ControlPlaneWaiter = (
  params: WaiterParams<Route53RecoveryControlConfigClient>,
  input: any,
) => Promise<unknown>;

/** A resource as a list or a create answers it. */
interface Found {
  arn?: string;
  status?: string;
}

/**
 * Lookup-before-create of the ARC resources of one app. Every `ensure*`
 * method returns the existing resource when one with the same name exists, so
 * a re-run (or a resumed task) never creates a second panel or control.
 * Control-plane changes are asynchronous: each resource (new or found) is
 * waited for until DEPLOYED before the method returns, so the next create
 * never meets a PENDING panel of ours.
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
      what: `control panel ${name}`,
      where: clusterArn,
      find: async () => {
        const panel = (await this.listPanels()).find(p => p.Name === name);
        if (panel?.ControlPanelArn) {
          await this.assertPanelBelongsTo(panel.ControlPanelArn, name, {
            entityRef: tags[ENTITY_REF_TAG],
            owner: tags[OWNER_TAG],
          });
          return { arn: panel.ControlPanelArn, status: panel.Status };
        }
        return undefined;
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
        return { arn: panel?.ControlPanelArn, status: panel?.Status };
      },
      waitUntilDeployed: (arn, known) =>
        this.waitUntilDeployed(
          `control panel ${name}`,
          waitUntilControlPanelCreated,
          { ControlPanelArn: arn },
          a => a?.ControlPanel?.Status,
          known,
        ),
    });
  }

  async ensureRoutingControl(
    controlPanelArn: string,
    name: string,
  ): Promise<{ arn: string; created: boolean }> {
    return this.findOrCreate({
      what: `routing control ${name}`,
      where: controlPanelArn,
      panelArn: controlPanelArn,
      find: async () => {
        const control = (await this.listControls(controlPanelArn)).find(
          c => c.Name === name,
        );
        return control?.RoutingControlArn
          ? { arn: control.RoutingControlArn, status: control.Status }
          : undefined;
      },
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
        return { arn: control?.RoutingControlArn, status: control?.Status };
      },
      waitUntilDeployed: (arn, known) =>
        this.waitUntilDeployed(
          `routing control ${name}`,
          waitUntilRoutingControlCreated,
          { RoutingControlArn: arn },
          a => a?.RoutingControl?.Status,
          known,
        ),
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
      what: `safety rule ${name}`,
      where: controlPanelArn,
      panelArn: controlPanelArn,
      find: async () => {
        const rule = (
          await awsCall(`list the safety rules of ${controlPanelArn}`, () =>
            this.controlPlane.listSafetyRules(
              accountId,
              controlPanelArn,
              signal,
            ),
          )
        ).find(r => r.type === 'assertion' && r.name === name);
        return rule ? { arn: rule.arn, status: rule.status } : undefined;
      },
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
        return { arn: rule?.SafetyRuleArn, status: rule?.Status };
      },
      waitUntilDeployed: (arn, known) =>
        this.waitUntilDeployed(
          `safety rule ${name}`,
          waitUntilSafetyRuleCreated,
          { SafetyRuleArn: arn },
          a => (a?.AssertionRule ?? a?.GatingRule)?.Status,
          known,
        ),
    });
  }

  /**
   * The find-or-create of every resource: the existing one when `find` finds
   * it, else a create (idempotent by its ClientToken); then a wait until it
   * is DEPLOYED. A create refused with a ConflictException because its panel
   * is PENDING (another change of the panel is deploying) waits for the
   * panel and starts over: the other change may even have been this
   * resource.
   */
  private async findOrCreate(resource: {
    /** What is created, for the log and errors: "control panel inventory-panel". */
    what: string;
    /** The cluster or panel ARN it is created in, for errors. */
    where: string;
    /** The panel that a create of this resource changes. */
    panelArn?: string;
    /** The existing resource of that name. */
    find: () => Promise<Found | undefined>;
    /** Sends the create; returns the new resource. */
    create: (
      client: Route53RecoveryControlConfigClient,
      options: { abortSignal?: AbortSignal },
    ) => Promise<Found>;
    waitUntilDeployed: (arn: string, known?: string) => Promise<void>;
  }): Promise<{ arn: string; created: boolean }> {
    const { accountId, signal, deploymentWait } = this.options;
    const what = `the ${resource.what} in ${resource.where}`;
    const giveUpAt = Date.now() + deploymentWait.maxWaitSeconds * 1000;
    for (let conflicts = 0; ; ) {
      const existing = await resource.find();
      if (existing?.arn) {
        if (existing.status === 'PENDING_DELETION') {
          throw new Error(
            `The ${resource.what} is being deleted (PENDING_DELETION); wait for the deletion to finish and run the template again.`,
          );
        }
        await resource.waitUntilDeployed(existing.arn, existing.status);
        return { arn: existing.arn, created: false };
      }
      const made = await awsCall(`create ${what}`, async () => {
        try {
          return await resource.create(this.controlPlane.sdk(accountId), {
            abortSignal: signal,
          });
        } catch (error) {
          if (
            resource.panelArn &&
            (error as Error).name === 'ConflictException' &&
            Date.now() < giveUpAt &&
            (await this.waitOutPendingPanel(
              resource.panelArn,
              resource.what,
              ++conflicts,
            ))
          ) {
            return undefined;
          }
          throw error;
        }
      });
      if (!made) continue;
      if (!made.arn) {
        throw new Error(`Creating ${what} returned no ARN`);
      }
      await resource.waitUntilDeployed(made.arn, made.status ?? 'PENDING');
      return { arn: made.arn, created: true };
    }
  }

  /**
   * After a create in `panelArn` was refused with a ConflictException: true
   * once the panel is DEPLOYED again when it was PENDING (the create is worth
   * another try), or on the first conflict (the panel may have finished
   * deploying in between); false when the conflict is not the panel's
   * deployment.
   */
  private async waitOutPendingPanel(
    panelArn: string,
    refused: string,
    conflicts: number,
  ): Promise<boolean> {
    const { accountId, signal } = this.options;
    const panel = await this.controlPlane.describeControlPanel(
      accountId,
      panelArn,
      signal,
    );
    if (panel.status !== 'PENDING') return conflicts === 1;
    const panelName = `control panel ${panel.name ?? panelArn}`;
    this.options.log(
      `${refused}: ConflictException, ${panelName} is PENDING (another change of it is deploying); waiting, then trying again`,
    );
    await this.waitUntilDeployed(
      panelName,
      waitUntilControlPanelCreated,
      { ControlPanelArn: panelArn },
      a => a?.ControlPanel?.Status,
      panel.status,
    );
    return true;
  }

  private waitUntilDeployed(
    what: string,
    waiter: ControlPlaneWaiter,
    input: object,
    statusOf: (answer: any) => string | undefined,
    known?: string,
  ): Promise<void> {
    const { accountId, deploymentWait, log, signal } = this.options;
    return awaitChange({
      what,
      client: this.controlPlane.sdk(accountId),
      waiter,
      input,
      statusOf,
      done: 'DEPLOYED',
      known,
      timing: deploymentWait,
      timingKey: ARC_DEPLOYMENT_WAIT_KEY,
      log,
      signal,
    });
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

  /** The same create of the same task sends the same token; another task sends another. */
  private token(parent: string, kind: string, name: string): string {
    return idempotencyToken(this.options.tokenSeed, parent, kind, name);
  }
}

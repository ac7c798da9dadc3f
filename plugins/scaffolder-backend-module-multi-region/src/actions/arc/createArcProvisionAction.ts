import { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionAwsClients } from '@multi-region-failover/plugin-multi-region-node';
import { findCluster } from '../../lib/clusters';
import {
  NAMESPACE_RULE,
  ownerRefInput,
  requireInput,
  requireOwnerRef,
  ruleInput,
  SERVICE_NAME_RULE,
  serviceNameInput,
} from '../../lib/inputs';
import {
  arcResourceNames,
  assertRegionPair,
  componentRef,
} from '../../lib/naming';
import { readArcDeploymentWait } from '../../lib/pollTiming';
import { ArcProvisioner } from './ArcProvisioner';
import { examples } from './provision.examples';

/** Placeholder ids used in dry runs: valid ARN shapes that cannot be mistaken for real ones. */
const DRY_RUN_IDS = {
  panel: 'dryrun00000000000000000000000000',
  primary: 'dryrunprimary000',
  secondary: 'dryrunsecondary0',
  rule: 'dryrunrule000000',
};

/**
 * Creates `multi-region:arc:provision`: the app's control panel (tagged with
 * its entity ref and its owning group), its two routing controls and,
 * optionally, an "at least one On" assertion rule, in a shared ARC cluster
 * from app-config. A panel of the same name is adopted only when both tags
 * already name this entity and this owner.
 *
 * Control-plane changes are asynchronous: each resource is created only once
 * the one before it is DEPLOYED (the SDK's waiters; the task log shows each
 * status), so no create meets a PENDING panel.
 *
 * @param options - `config`: the root config
 *   (`multiRegionScaffolder.arc.deploymentWait`, validated here: a bad value
 *   stops the backend at start); `aws`: the configured clusters and the ARC
 *   control-plane client.
 * @public
 */
export function createArcProvisionAction(options: {
  config: Config;
  aws: Pick<MultiRegionAwsClients, 'config' | 'controlPlane'>;
}) {
  const deploymentWait = readArcDeploymentWait(options.config);

  return createTemplateAction({
    id: 'multi-region:arc:provision',
    description:
      'Creates (or finds) the Route 53 ARC control panel, the primary and secondary routing controls and an optional "at least one On" safety rule of a service, and outputs their ARNs.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: serviceNameInput(
          'Service (component) name; ARC names are derived from it',
        ),
        namespace: z =>
          ruleInput(
            NAMESPACE_RULE,
            'Catalog namespace of the component (default "default")',
          )(z).optional(),
        cluster: z =>
          z
            .string()
            .describe('Name of the ARC cluster in multiRegion.clusters'),
        primaryRegion: z =>
          z.string().describe('AWS region of the primary deployment'),
        secondaryRegion: z =>
          z.string().describe('AWS region of the secondary deployment'),
        owner: ownerRefInput(
          `Owning group (e.g. group:default/team-orders), recorded as the panel's ${OWNER_TAG} tag; an existing panel is adopted only if that tag names the same group`,
        ),
        safetyRule: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Default true: create the assertion rule "<name>-at-least-one-on" (ATLEAST 1 of the two controls)',
            ),
        waitPeriodMs: z =>
          z
            .number()
            .int()
            .min(0)
            .optional()
            .describe(
              'WaitPeriodMs of the safety rule (default 5000, as on AWS)',
            ),
      },
      output: {
        clusterArn: z => z.string(),
        controlPanelArn: z => z.string(),
        primaryRoutingControlArn: z => z.string(),
        secondaryRoutingControlArn: z => z.string(),
        safetyRuleArn: z => z.string().optional(),
        entityRef: z => z.string(),
      },
    },
    async handler(ctx) {
      // The scaffolder validates input against the JSON schema but applies no
      // defaults; the rules are applied here again, before anything else, for
      // callers that skip that validation.
      const namespace = requireInput(
        'namespace',
        ctx.input.namespace ?? 'default',
        NAMESPACE_RULE,
      );
      const input = {
        ...ctx.input,
        name: requireInput('name', ctx.input.name, SERVICE_NAME_RULE),
        namespace,
        owner: requireOwnerRef('owner', ctx.input.owner, namespace),
        safetyRule: ctx.input.safetyRule ?? true,
        waitPeriodMs: ctx.input.waitPeriodMs ?? 5000,
      };
      assertRegionPair(input.primaryRegion, input.secondaryRegion);
      const cluster = findCluster(options.aws.config.clusters, input.cluster);
      const names = arcResourceNames(input.name);
      const entityRef = componentRef(input.name, input.namespace);
      ctx.output('clusterArn', cluster.arn);
      ctx.output('entityRef', entityRef);

      if (ctx.isDryRun) {
        const panelArn = `arn:aws:route53-recovery-control::${cluster.accountId}:controlpanel/${DRY_RUN_IDS.panel}`;
        ctx.logger.info(
          `Dry run: would create ${names.panel} with ${names.primaryControl} and ${names.secondaryControl} in ${cluster.name}`,
        );
        ctx.output('controlPanelArn', panelArn);
        ctx.output(
          'primaryRoutingControlArn',
          `${panelArn}/routingcontrol/${DRY_RUN_IDS.primary}`,
        );
        ctx.output(
          'secondaryRoutingControlArn',
          `${panelArn}/routingcontrol/${DRY_RUN_IDS.secondary}`,
        );
        if (input.safetyRule) {
          ctx.output(
            'safetyRuleArn',
            `${panelArn}/safetyrule/${DRY_RUN_IDS.rule}`,
          );
        }
        return;
      }

      const provisioner = new ArcProvisioner(options.aws.controlPlane, {
        accountId: cluster.accountId,
        clusterArn: cluster.arn,
        tokenSeed: ctx.task.id,
        deploymentWait,
        log: message => ctx.logger.info(message),
        signal: ctx.signal,
      });
      const tags = {
        [ENTITY_REF_TAG]: entityRef,
        [OWNER_TAG]: input.owner,
        'multi-region-failover.io/primary-region': input.primaryRegion,
        'multi-region-failover.io/secondary-region': input.secondaryRegion,
      };

      // Each create is its own checkpoint: a resumed task skips what it already
      // made. One after the other: a create makes the panel PENDING until it is
      // deployed, and a create in a PENDING panel is refused.
      const panel = await ctx.checkpoint({
        key: `arc-panel-${cluster.arn}-${names.panel}`,
        fn: () => provisioner.ensureControlPanel(names.panel, tags),
      });
      const primary = await ctx.checkpoint({
        key: `arc-control-${panel.arn}-${names.primaryControl}`,
        fn: () =>
          provisioner.ensureRoutingControl(panel.arn, names.primaryControl),
      });
      const secondary = await ctx.checkpoint({
        key: `arc-control-${panel.arn}-${names.secondaryControl}`,
        fn: () =>
          provisioner.ensureRoutingControl(panel.arn, names.secondaryControl),
      });
      for (const [what, result] of [
        [names.panel, panel],
        [names.primaryControl, primary],
        [names.secondaryControl, secondary],
      ] as const) {
        ctx.logger.info(
          `${result.created ? 'Created' : 'Found existing'} ${what}: ${
            result.arn
          }`,
        );
      }
      ctx.output('controlPanelArn', panel.arn);
      ctx.output('primaryRoutingControlArn', primary.arn);
      ctx.output('secondaryRoutingControlArn', secondary.arn);

      if (input.safetyRule) {
        const rule = await ctx.checkpoint({
          key: `arc-rule-${panel.arn}-${names.assertionRule}`,
          fn: () =>
            provisioner.ensureAtLeastOneOnRule(
              panel.arn,
              names.assertionRule,
              [primary.arn, secondary.arn],
              tags,
              input.waitPeriodMs,
            ),
        });
        ctx.logger.info(
          `${rule.created ? 'Created' : 'Found existing'} ${
            names.assertionRule
          }: ${rule.arn}`,
        );
        ctx.output('safetyRuleArn', rule.arn);
      }
    },
  });
}

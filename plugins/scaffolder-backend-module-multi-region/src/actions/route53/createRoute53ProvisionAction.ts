import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { FAILOVER_RECORD_OF } from '@multi-region-failover/plugin-multi-region-common';
import {
  MultiRegionAwsClients,
  requireArcArn,
} from '@multi-region-failover/plugin-multi-region-node';
import {
  DNS_NAME_RULE,
  dnsNameInput,
  HOSTED_ZONE_ID_RULE,
  hostedZoneIdInput,
  requireInput,
  SERVICE_NAME_RULE,
  serviceNameInput,
} from '../../lib/inputs';
import { assertRegionPair } from '../../lib/naming';
import { readRoute53ChangeWait } from '../../lib/pollTiming';
import { Route53Provisioner } from './Route53Provisioner';
import { examples } from './provision.examples';

/** The config key that lets records alias invented API Gateway names. */
const PLACEHOLDER_TARGETS_KEY =
  'multiRegionScaffolder.route53.placeholderAliasTargets';

/** Placeholder health check ids of a dry run (valid UUID shape, obviously not real). */
const DRY_RUN_HEALTH_CHECKS = {
  primary: '00000000-0000-4000-8000-000000000001',
  secondary: '00000000-0000-4000-8000-000000000002',
};

/**
 * The alias target used when the template gives none and
 * `multiRegionScaffolder.route53.placeholderAliasTargets` is on: the shape of
 * an API Gateway regional domain, for portals where none exists.
 */
function placeholderAliasTarget(
  name: string,
  role: 'primary' | 'secondary',
  region: string,
) {
  return {
    dnsName: `d-${role}${name}.execute-api.${region}.amazonaws.com.`,
    hostedZoneId: 'Z0EXAMPLEAPIGW',
  };
}

/**
 * Creates `multi-region:route53:provision`: the two RECOVERY_CONTROL health
 * checks (one per routing control) and the PRIMARY/SECONDARY failover alias
 * records of a service. Meant for zones that the service's SAM stacks do not
 * manage. Waits until Route 53 reports the record change INSYNC; every
 * request, polls and retries of throttled requests included, is paced by the
 * suite's Route 53 budget.
 *
 * @param options - `config`: the root config
 *   (`multiRegionScaffolder.route53.placeholderAliasTargets` and
 *   `.changeWait`, validated here: a bad value stops the backend at start);
 *   `aws`: the Route 53 clients.
 * @public
 */
export function createRoute53ProvisionAction(options: {
  config: Config;
  aws: Pick<MultiRegionAwsClients, 'route53'>;
}) {
  const placeholderTargets =
    options.config.getOptionalBoolean(PLACEHOLDER_TARGETS_KEY) ?? false;
  const changeWait = readRoute53ChangeWait(options.config);

  return createTemplateAction({
    id: 'multi-region:route53:provision',
    description:
      'Creates (or finds) the RECOVERY_CONTROL health checks bound to the two routing controls and the failover alias A records (SetIdentifier 1 PRIMARY / 2 SECONDARY) of a service.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: serviceNameInput('Service (component) name'),
        dnsName: dnsNameInput(
          "The service's custom domain, e.g. inventory.example.com",
        ),
        hostedZoneId: hostedZoneIdInput('Public hosted zone id'),
        primaryRegion: z => z.string(),
        secondaryRegion: z => z.string(),
        primaryRoutingControlArn: z => z.string(),
        secondaryRoutingControlArn: z => z.string(),
        primaryTarget: z =>
          z
            .object({ dnsName: z.string(), hostedZoneId: z.string() })
            .optional()
            .describe(
              `Alias target of the PRIMARY record (API Gateway regional domain name and its hosted zone id); required unless ${PLACEHOLDER_TARGETS_KEY} is set`,
            ),
        secondaryTarget: z =>
          z
            .object({ dnsName: z.string(), hostedZoneId: z.string() })
            .optional()
            .describe(
              `Alias target of the SECONDARY record (API Gateway regional domain name and its hosted zone id); required unless ${PLACEHOLDER_TARGETS_KEY} is set`,
            ),
      },
      output: {
        primaryHealthCheckId: z => z.string(),
        secondaryHealthCheckId: z => z.string(),
        dnsName: z => z.string(),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        name: requireInput('name', ctx.input.name, SERVICE_NAME_RULE),
        dnsName: requireInput('dnsName', ctx.input.dnsName, DNS_NAME_RULE),
        hostedZoneId: requireInput(
          'hostedZoneId',
          ctx.input.hostedZoneId,
          HOSTED_ZONE_ID_RULE,
        ),
      };
      assertRegionPair(input.primaryRegion, input.secondaryRegion);
      const { accountId } = requireArcArn(
        input.primaryRoutingControlArn,
        'routingcontrol',
        'primaryRoutingControlArn',
      );
      requireArcArn(
        input.secondaryRoutingControlArn,
        'routingcontrol',
        'secondaryRoutingControlArn',
      );
      if (input.primaryRoutingControlArn === input.secondaryRoutingControlArn) {
        throw new InputError(
          'The primary and secondary routing control are the same; each region needs its own.',
        );
      }
      const primaryTarget =
        input.primaryTarget ??
        (placeholderTargets
          ? placeholderAliasTarget(input.name, 'primary', input.primaryRegion)
          : undefined);
      const secondaryTarget =
        input.secondaryTarget ??
        (placeholderTargets
          ? placeholderAliasTarget(
              input.name,
              'secondary',
              input.secondaryRegion,
            )
          : undefined);
      if (!primaryTarget || !secondaryTarget) {
        throw new InputError(
          `primaryTarget and secondaryTarget (the API Gateway custom domains' regional domain names and hosted zone ids) are required unless ${PLACEHOLDER_TARGETS_KEY} is set in app-config (only for portals without real API Gateway domains). Usually the SAM stacks create these records: turn this step off instead.`,
        );
      }
      ctx.output('dnsName', input.dnsName);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create two RECOVERY_CONTROL health checks and the failover records of ${input.dnsName}`,
        );
        ctx.output('primaryHealthCheckId', DRY_RUN_HEALTH_CHECKS.primary);
        ctx.output('secondaryHealthCheckId', DRY_RUN_HEALTH_CHECKS.secondary);
        return;
      }

      const provisioner = new Route53Provisioner(
        options.aws.route53.forAccount(accountId),
        {
          tokenSeed: ctx.task.id,
          changeWait,
          log: message => ctx.logger.info(message),
          signal: ctx.signal,
        },
      );
      const primary = await ctx.checkpoint({
        key: `route53-health-check-${input.primaryRoutingControlArn}`,
        fn: () =>
          provisioner.ensureRecoveryControlHealthCheck(
            input.primaryRoutingControlArn,
          ),
      });
      const secondary = await ctx.checkpoint({
        key: `route53-health-check-${input.secondaryRoutingControlArn}`,
        fn: () =>
          provisioner.ensureRecoveryControlHealthCheck(
            input.secondaryRoutingControlArn,
          ),
      });
      const records = await ctx.checkpoint({
        key: `route53-records-${input.hostedZoneId}-${input.dnsName}`,
        fn: () =>
          provisioner.ensureFailoverRecords(input.hostedZoneId, input.dnsName, [
            {
              failover: FAILOVER_RECORD_OF.primary,
              healthCheckId: primary.id,
              aliasTarget: primaryTarget,
            },
            {
              failover: FAILOVER_RECORD_OF.secondary,
              healthCheckId: secondary.id,
              aliasTarget: secondaryTarget,
            },
          ]),
      });
      // Outside the checkpoint: a resumed task waits for the change again
      // (at once answered when it is INSYNC).
      if (records.change) {
        await provisioner.waitUntilInSync(
          records.change,
          `failover records of ${input.dnsName}`,
        );
      }
      ctx.logger.info(
        `Health checks ${primary.id} (${
          primary.created ? 'created' : 'existing'
        }) and ${secondary.id} (${
          secondary.created ? 'created' : 'existing'
        }); failover records created: ${
          records.created.join(', ') || 'none (already there)'
        }`,
      );
      ctx.output('primaryHealthCheckId', primary.id);
      ctx.output('secondaryHealthCheckId', secondary.id);
    },
  });
}

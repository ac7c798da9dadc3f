import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseArcArn } from '@multi-region-failover/plugin-multi-region-common';
import { AwsClientFactory } from '../../aws/clients';
import { assertRegionPair, SERVICE_NAME_PATTERN } from '../../lib/naming';
import { Route53Provisioner } from './Route53Provisioner';
import { examples } from './provision.examples';

/** Placeholder health check ids of a dry run (valid UUID shape, obviously not real). */
const DRY_RUN_HEALTH_CHECKS = {
  primary: '00000000-0000-4000-8000-000000000001',
  secondary: '00000000-0000-4000-8000-000000000002',
};

/**
 * Alias target used against the emulator when the template gives none: the
 * API Gateway domains only exist once the SAM stacks are deployed.
 */
function emulatorAliasTarget(name: string, role: string, region: string) {
  return {
    dnsName: `d-${role}${name}.execute-api.${region}.amazonaws.com.`,
    hostedZoneId: 'Z0EXAMPLEAPIGW',
  };
}

/**
 * Creates `multi-region:route53:provision`: the two RECOVERY_CONTROL health
 * checks (one per routing control) and the PRIMARY/SECONDARY failover alias
 * records of a service. Meant for the dev portal (emulator) and for zones that
 * the SAM stacks do not manage.
 *
 * @public
 */
export function createRoute53ProvisionAction(options: {
  clients: AwsClientFactory;
}) {
  return createTemplateAction({
    id: 'multi-region:route53:provision',
    description:
      'Creates (or finds) the RECOVERY_CONTROL health checks bound to the two routing controls and the failover alias A records (SetIdentifier 1 PRIMARY / 2 SECONDARY) of a service.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(SERVICE_NAME_PATTERN)
            .describe('Service (component) name'),
        dnsName: z =>
          z
            .string()
            .regex(
              /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$/,
              'a lower-case domain name',
            )
            .describe(
              "The service's custom domain, e.g. inventory.example.com",
            ),
        hostedZoneId: z =>
          z
            .string()
            .regex(/^Z[A-Z0-9]{1,31}$/, 'a bare hosted zone id')
            .describe('Public hosted zone id'),
        primaryRegion: z => z.string(),
        secondaryRegion: z => z.string(),
        primaryRoutingControlArn: z => z.string(),
        secondaryRoutingControlArn: z => z.string(),
        primaryTarget: z =>
          z
            .object({ dnsName: z.string(), hostedZoneId: z.string() })
            .optional()
            .describe(
              'Alias target of the PRIMARY record (API Gateway regional domain name and its hosted zone id); required outside the emulator',
            ),
        secondaryTarget: z =>
          z
            .object({ dnsName: z.string(), hostedZoneId: z.string() })
            .optional()
            .describe(
              'Alias target of the SECONDARY record (API Gateway regional domain name and its hosted zone id); required outside the emulator',
            ),
      },
      output: {
        primaryHealthCheckId: z => z.string(),
        secondaryHealthCheckId: z => z.string(),
        dnsName: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      assertRegionPair(input.primaryRegion, input.secondaryRegion);
      const accountId = accountOf(
        input.primaryRoutingControlArn,
        'primaryRoutingControlArn',
      );
      accountOf(input.secondaryRoutingControlArn, 'secondaryRoutingControlArn');
      if (input.primaryRoutingControlArn === input.secondaryRoutingControlArn) {
        throw new InputError(
          'The primary and secondary routing control are the same; each region needs its own.',
        );
      }
      const emulator = options.clients.settings.emulator;
      const targets = {
        primary:
          input.primaryTarget ??
          (emulator
            ? emulatorAliasTarget(input.name, 'primary', input.primaryRegion)
            : undefined),
        secondary:
          input.secondaryTarget ??
          (emulator
            ? emulatorAliasTarget(
                input.name,
                'secondary',
                input.secondaryRegion,
              )
            : undefined),
      };
      if (!targets.primary || !targets.secondary) {
        throw new InputError(
          "primaryTarget and secondaryTarget (the API Gateway custom domains' regional domain names and hosted zone ids) are required outside the emulator. Usually the SAM stacks create these records: turn this step off instead.",
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
        await options.clients.route53(accountId),
        {
          tokenSeed: ctx.task.id,
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
              failover: 'PRIMARY',
              healthCheckId: primary.id,
              aliasTarget: targets.primary!,
            },
            {
              failover: 'SECONDARY',
              healthCheckId: secondary.id,
              aliasTarget: targets.secondary!,
            },
          ]),
      });
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

function accountOf(arn: string, label: string): string {
  const parsed = parseArcArn(arn);
  if (!parsed.ok || parsed.value.resourceType !== 'routingcontrol') {
    throw new InputError(
      `${label} "${arn}" is not a routing control ARN${
        parsed.ok ? '' : `: it ${parsed.problem}`
      }.`,
    );
  }
  return parsed.value.accountId;
}

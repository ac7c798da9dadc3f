import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { startEmulator } from '@multi-region-failover/aws-emulator';
import { resolve as resolvePath } from 'node:path';
import { endpointMismatches } from './endpointMismatches';

/**
 * Dev portal only: starts the AWS emulator (ARC, Route 53 and CloudWatch on the real wire
 * protocols) when `awsEmulator.enabled` is true, so that `npm start` needs no
 * AWS account. A module of the multi-region plugin because Backstage
 * initialises a plugin's modules before the plugin: the emulator listens
 * before the plugin's first AWS call. The plugins themselves only read
 * ordinary `multiRegion` endpoints and `aws` credentials from app-config.
 */
export default createBackendModule({
  pluginId: 'multi-region',
  moduleId: 'dev-aws-emulator',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const settings = config.getOptionalConfig('awsEmulator');
        if (!settings?.getOptionalBoolean('enabled')) return;
        // relative to the backend's working directory, like catalog file locations
        const fixture = resolvePath(settings.getString('fixture'));
        const basePort = settings.getOptionalNumber('basePort') ?? 7411;
        const stateFile = settings.getOptionalString('stateFile');
        // like AWS, ARC deploys and Route 53 applies changes asynchronously
        const deploymentDelayMs =
          settings.getOptionalNumber('deploymentDelayMs');
        const route53ChangeDelayMs = settings.getOptionalNumber(
          'route53ChangeDelayMs',
        );
        let emulator;
        try {
          emulator = await startEmulator({
            fixture,
            basePort,
            stateFile: stateFile ? resolvePath(stateFile) : undefined,
            ...(deploymentDelayMs !== undefined ? { deploymentDelayMs } : {}),
            ...(route53ChangeDelayMs !== undefined
              ? { route53ChangeDelayMs }
              : {}),
          });
        } catch (error) {
          throw new ForwardedError(
            `Could not start the AWS emulator (awsEmulator, fixture ${fixture}, basePort ${basePort})`,
            error,
          );
        }
        const mismatches = endpointMismatches(config, emulator);
        if (mismatches.length > 0) {
          await emulator.stop();
          throw new Error(
            `The multiRegion config does not point at the AWS emulator that awsEmulator started: ${mismatches.join(
              '; ',
            )}. Change both together (app-config.yaml).`,
          );
        }
        lifecycle.addShutdownHook(() => emulator.stop());
        logger.warn(
          `awsEmulator.enabled: serving an AWS emulator for development (cluster endpoints ${emulator.clusterEndpoints
            .map(e => e.Endpoint)
            .join(', ')}, control plane ${
            emulator.controlPlaneEndpoint
          }, Route 53 ${emulator.route53Endpoint}, CloudWatch ${
            emulator.cloudWatchEndpoint
          }); never enable this in production`,
        );
      },
    });
  },
});

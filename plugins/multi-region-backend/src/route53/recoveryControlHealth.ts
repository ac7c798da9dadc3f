import { HealthCheckStatus } from '@multi-region-failover/plugin-multi-region-common';
import { HealthCheckConfiguration } from './Route53Reader';

/**
 * The status Route 53 gives a RECOVERY_CONTROL health check: healthy exactly
 * when its routing control is On. A disabled check is healthy whatever the
 * control ("Route 53 considers the status of the health check to always be
 * healthy"), and `Inverted` flips the result, disabled or not (the API
 * reference's way to stop routing to a disabled check's resource). `state`
 * is unused for a disabled check.
 */
export function recoveryControlStatus(
  check: Pick<HealthCheckConfiguration, 'inverted' | 'disabled'>,
  state: 'On' | 'Off' | undefined,
): HealthCheckStatus['status'] {
  const healthy = check.disabled || state === 'On';
  return healthy !== check.inverted ? 'Healthy' : 'Unhealthy';
}

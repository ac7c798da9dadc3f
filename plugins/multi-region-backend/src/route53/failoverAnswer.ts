import {
  DnsRecordStatus,
  HealthCheckStatus,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * Which failover record Route 53 answers with, by its documented semantics:
 * the PRIMARY while healthy; else the SECONDARY if it is healthy or has no
 * health check; else the PRIMARY again. Undefined when a record is missing or
 * a needed health status is unknown.
 */
export function answeredRecord(
  records: DnsRecordStatus[],
  healthOf: (healthCheckId: string) => HealthCheckStatus['status'] | undefined,
): 'PRIMARY' | 'SECONDARY' | undefined {
  const primary = records.find(r => r.failover === 'PRIMARY');
  const secondary = records.find(r => r.failover === 'SECONDARY');
  if (!primary || !secondary) return undefined;
  const primaryHealth = primary.healthCheckId
    ? healthOf(primary.healthCheckId)
    : 'Healthy';
  if (primaryHealth === 'Healthy') return 'PRIMARY';
  if (primaryHealth !== 'Unhealthy') return undefined;
  if (!secondary.healthCheckId) return 'SECONDARY';
  const secondaryHealth = healthOf(secondary.healthCheckId);
  if (secondaryHealth === 'Healthy') return 'SECONDARY';
  if (secondaryHealth === 'Unhealthy') return 'PRIMARY';
  return undefined;
}

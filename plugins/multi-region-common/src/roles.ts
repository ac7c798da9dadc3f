import { DnsRecordStatus } from './api';
import { MultiRegionConfig, RegionRole } from './parseMultiRegionAnnotations';

/**
 * The other deployment of an active-passive pair: where a failover from
 * `role` goes, and the control that is switched Off when `role` is made active.
 *
 * @public
 */
export function otherRole(role: RegionRole): RegionRole {
  return role === 'primary' ? 'secondary' : 'primary';
}

/** The Route 53 failover record (`Failover` field) that serves each region. @public */
export const FAILOVER_RECORD_OF: Readonly<
  Record<RegionRole, 'PRIMARY' | 'SECONDARY'>
> = {
  primary: 'PRIMARY',
  secondary: 'SECONDARY',
};

/**
 * The health check of a region: the one its annotation names, else the one on
 * its failover record.
 *
 * @public
 */
export function healthCheckIdOf(
  config: Pick<MultiRegionConfig, 'primary' | 'secondary'>,
  role: RegionRole,
  records: ReadonlyArray<Pick<DnsRecordStatus, 'failover' | 'healthCheckId'>>,
): string | undefined {
  return (
    config[role].healthCheckId ??
    records.find(r => r.failover === FAILOVER_RECORD_OF[role])?.healthCheckId
  );
}

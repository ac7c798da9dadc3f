/**
 * Shared model of the multi-region failover plugins: the annotation
 * vocabulary and its parser, the active-region derivation, permissions and the
 * HTTP API types.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './regions';
export * from './arn';
export * from './patterns';
export * from './tags';
export * from './roles';
export * from './parseMultiRegionAnnotations';
export * from './activeRegion';
export * from './failover';
export * from './permissions';
export * from './api';
export * from './readiness';
export * from './drills';
export * from './drillWindows';
export * from './evacuations';
export * from './signals';
export * from './timeFormat';
export * from './reports';
export * from './waitPeriod';

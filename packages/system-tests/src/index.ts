/**
 * System tests of the multi-region failover suite (not published): a harness
 * that starts two real dev-backend replicas on one PostgreSQL database and one
 * AWS emulator, and the load runner.
 *
 * @packageDocumentation
 */
export { startSystem } from './harness/system';
export type { System, Replica } from './harness/system';
export { runLoad } from './load/runLoad';

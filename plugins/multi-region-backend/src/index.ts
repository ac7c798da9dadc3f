/**
 * Backend plugin of the multi-region failover suite: status and owner-only,
 * audited failover over Route 53 ARC and Route 53.
 *
 * @packageDocumentation
 */
export { multiRegionPlugin as default } from './plugin';
export {
  DRILL_TAKEOVER_TASK_ID,
  EVACUATION_TAKEOVER_TASK_ID,
  READINESS_TASK_ID,
  REFRESH_TASK_ID,
} from './plugin';

export { FailoverDialog } from './FailoverDialog';
export type { FailoverDialogProps } from './FailoverDialog';
export {
  confirmNameMatches,
  planBlockers,
  readinessAcknowledgement,
} from './blockers';
export { ConfirmFields } from './ConfirmFields';
export { PlanReadiness } from './PlanReadiness';
export { RefusedReadiness } from './StartError';
export { RoutingChanges } from './RoutingChanges';
export { WaitPeriodNotice } from './WaitPeriodNotice';
export { RefusalAlert } from './RefusalAlert';

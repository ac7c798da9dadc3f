export { StopReasonDialog } from './StopReasonDialog';

export { FailoverDialog } from './FailoverDialog';
export type { FailoverDialogProps } from './FailoverDialog';

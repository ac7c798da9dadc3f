export { DrillDialog } from './DrillDialog';
export type { DrillDialogProps } from './DrillDialog';

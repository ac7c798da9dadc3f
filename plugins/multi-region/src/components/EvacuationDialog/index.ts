export { EvacuationDialog } from './EvacuationDialog';
export type { EvacuationDialogProps } from './EvacuationDialog';
export type { EvacuationScope } from './evacuationScope';

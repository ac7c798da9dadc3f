export { ReadinessChecklist } from './ReadinessChecklist';
export { ReadinessLine } from './ReadinessLine';
export { ReadinessSummaryChip } from './ReadinessSummaryChip';
export {
  READINESS_STATUS_LABELS,
  useVerdictColor,
  VERDICT_LABELS,
  VerdictIcon,
} from './verdicts';

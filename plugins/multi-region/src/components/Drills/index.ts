export { AlarmReadings } from './AlarmReadings';
export { DrillWatchSummary } from './DrillWatchSummary';
export { SoakCountdown } from './SoakCountdown';
export { StopDrillButton } from './StopDrillButton';

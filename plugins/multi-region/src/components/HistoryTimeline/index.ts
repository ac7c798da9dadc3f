export { HistoryTimeline } from './HistoryTimeline';

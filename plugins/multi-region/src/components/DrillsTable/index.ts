export { DrillsTable } from './DrillsTable';

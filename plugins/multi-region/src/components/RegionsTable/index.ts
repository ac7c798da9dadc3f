export { RegionsTable } from './RegionsTable';

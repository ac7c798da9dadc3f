export { SmallTable } from './SmallTable';

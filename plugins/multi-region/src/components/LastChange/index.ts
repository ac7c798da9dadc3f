export { LastChange } from './LastChange';

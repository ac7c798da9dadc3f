export { ActiveRegion } from './ActiveRegion';

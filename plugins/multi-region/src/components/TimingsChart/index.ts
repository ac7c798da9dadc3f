export { TimingsChart } from './TimingsChart';

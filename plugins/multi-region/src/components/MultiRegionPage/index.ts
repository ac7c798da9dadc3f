export { MultiRegionPage } from './MultiRegionPage';

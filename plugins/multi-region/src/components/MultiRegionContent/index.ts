export { MultiRegionContent } from './MultiRegionContent';
export type { MultiRegionContentProps } from './MultiRegionContent';

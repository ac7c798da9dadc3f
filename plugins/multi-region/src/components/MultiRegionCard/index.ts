export { MultiRegionCard } from './MultiRegionCard';
export type { MultiRegionCardProps } from './MultiRegionCard';

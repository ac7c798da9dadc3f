export { EvacuateRegionButton } from './EvacuateRegionButton';
export { EvacuationsSection } from './EvacuationsSection';

export { TopologyDiagram } from './TopologyDiagram';

import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { shortRef } from '../../utils/format';
import { layoutTopology, TopologyNode, UNKNOWN_REGION } from './layout';

const COL_W = 240;
const NODE_W = 190;
const NODE_H = 52;
const HEADER_H = 40;
const ROW_H = 96;

const nodeX = (n: TopologyNode) => n.column * COL_W + (COL_W - NODE_W) / 2;
const nodeY = (n: TopologyNode) => HEADER_H + 16 + n.row * ROW_H;

/**
 * The external API and each service it calls, each drawn in the column of the
 * region it is active in. Red dashed arrows are calls that cross regions.
 */
export function TopologyDiagram(props: {
  externalApi: ServiceSummary;
  services: ServiceSummary[];
}) {
  const theme = useTheme();
  const layout = layoutTopology(props.externalApi, props.services);
  const maxRow = Math.max(0, ...layout.services.map(s => s.row));
  const width = Math.max(1, layout.columns.length) * COL_W;
  const height = HEADER_H + 32 + (maxRow + 1) * ROW_H;
  const cross = theme.palette.error.main;
  const same = theme.palette.text.secondary;
  const root = layout.externalApi;

  const box = (n: TopologyNode, isRoot: boolean) => (
    <g
      key={n.entityRef}
      data-testid={`topology-node-${n.name}`}
      data-region={n.region}
      data-away-from-primary={n.awayFromPrimary}
    >
      <rect
        x={nodeX(n)}
        y={nodeY(n)}
        width={NODE_W}
        height={NODE_H}
        rx={6}
        fill={
          isRoot ? theme.palette.primary.main : theme.palette.background.paper
        }
        stroke={
          n.awayFromPrimary ? theme.palette.warning.main : theme.palette.divider
        }
        strokeWidth={n.awayFromPrimary ? 3 : 1}
      />
      <text
        x={nodeX(n) + NODE_W / 2}
        y={nodeY(n) + 22}
        textAnchor="middle"
        fontWeight={700}
        fontSize={14}
        fill={
          isRoot
            ? theme.palette.primary.contrastText
            : theme.palette.text.primary
        }
      >
        {n.name}
      </text>
      <text
        x={nodeX(n) + NODE_W / 2}
        y={nodeY(n) + 40}
        textAnchor="middle"
        fontSize={11}
        fill={
          isRoot
            ? theme.palette.primary.contrastText
            : theme.palette.text.secondary
        }
      >
        {n.region === UNKNOWN_REGION
          ? 'active region unknown'
          : `active in ${n.region}`}
        {n.awayFromPrimary ? ' (secondary)' : ''}
      </text>
    </g>
  );

  return (
    <div>
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: width }}
        role="img"
        aria-label={`Topology of ${root.name} and the services it calls`}
        data-testid="topology-diagram"
      >
        <defs>
          {Object.entries({ same, cross }).map(([kind, fill]) => (
            <marker
              key={kind}
              id={`mr-arrow-${kind}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={fill} />
            </marker>
          ))}
        </defs>
        {layout.columns.map((region, i) => (
          <g key={region} data-testid={`topology-column-${region}`}>
            <rect
              x={i * COL_W + 4}
              y={4}
              width={COL_W - 8}
              height={height - 8}
              rx={8}
              fill={theme.palette.background.default}
              stroke={theme.palette.divider}
            />
            <text
              x={i * COL_W + COL_W / 2}
              y={28}
              textAnchor="middle"
              fontWeight={700}
              fontSize={14}
              fill={theme.palette.text.primary}
            >
              {region === UNKNOWN_REGION ? 'region unknown' : region}
            </text>
          </g>
        ))}
        {layout.edges.map(edge => {
          const x1 = nodeX(root) + NODE_W / 2;
          const y1 = nodeY(root) + NODE_H;
          const x2 = nodeX(edge.to) + NODE_W / 2;
          const y2 = nodeY(edge.to);
          return (
            <g
              key={edge.to.entityRef}
              data-testid={`topology-edge-${edge.to.name}`}
              data-cross-region={edge.crossRegion}
            >
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                stroke={edge.crossRegion ? cross : same}
                strokeWidth={edge.crossRegion ? 2.5 : 1.5}
                strokeDasharray={edge.crossRegion ? '6 4' : undefined}
                markerEnd={`url(#mr-arrow-${
                  edge.crossRegion ? 'cross' : 'same'
                })`}
              />
              {edge.crossRegion && (
                <text
                  x={(x1 + x2) / 2}
                  y={(y1 + y2) / 2 - 4}
                  textAnchor="middle"
                  fontSize={11}
                  fill={cross}
                >
                  cross-region
                </text>
              )}
            </g>
          );
        })}
        {box(root, true)}
        {layout.services.map(n => box(n, false))}
      </svg>
      <Typography variant="subtitle2">Calls</Typography>
      <ul style={{ marginTop: 0 }} data-testid="topology-calls">
        {layout.edges.map(edge => (
          <li
            key={edge.to.entityRef}
            data-testid="topology-call"
            data-cross-region={edge.crossRegion}
          >
            <Typography
              variant="body2"
              component="span"
              color={edge.crossRegion ? 'error' : 'textPrimary'}
            >
              {root.name} ({root.region}) → {edge.to.name} ({edge.to.region})
              {edge.crossRegion ? ' — crosses regions' : ' — same region'}
            </Typography>
          </li>
        ))}
        {layout.missing.map(ref => (
          <li key={ref}>
            <Typography variant="body2" component="span" color="textSecondary">
              {shortRef(ref)}: not a multi-region service you can read, so its
              region is not shown
            </Typography>
          </li>
        ))}
        {layout.edges.length === 0 && layout.missing.length === 0 && (
          <li>
            <Typography variant="body2" component="span">
              {root.name} declares no dependsOn relations to multi-region
              services.
            </Typography>
          </li>
        )}
      </ul>
    </div>
  );
}

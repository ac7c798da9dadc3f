import { useId } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { rtoMetOf } from '../../utils/drills';
import { formatDuration } from '../../utils/format';
import { chartSummary, TimingPoint, timingPoints } from './chartData';
import { CHART, chartScale } from './chartScale';

type Scale = ReturnType<typeof chartScale>;

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A switch time is a circle, a healthy time a square; a drill's is hollow. */
function Marker(props: {
  shape: 'circle' | 'square';
  x: number;
  y: number;
  color: string;
  hollow: boolean;
  paper: string;
}) {
  const fill = props.hollow ? props.paper : props.color;
  const common = { fill, stroke: props.color, strokeWidth: 2 };
  return props.shape === 'circle' ? (
    <circle cx={props.x} cy={props.y} r={5} {...common} />
  ) : (
    <rect x={props.x - 4} y={props.y - 4} width={8} height={8} {...common} />
  );
}

/** The five legend entries across the top of the chart. */
function Legend(props: {
  colors: { switch: string; healthy: string; rto: string; text: string };
  paper: string;
}) {
  const { colors, paper } = props;
  const entries = [
    { label: 'switch time', shape: 'circle' as const, color: colors.switch },
    { label: 'healthy time', shape: 'square' as const, color: colors.healthy },
    { label: 'real change', shape: 'circle' as const, color: colors.text },
    {
      label: 'drill (hollow)',
      shape: 'circle' as const,
      color: colors.text,
      hollow: true,
    },
  ];
  return (
    <g data-testid="timings-chart-legend" fontSize={11} fill={colors.text}>
      {entries.map((entry, i) => (
        <g
          key={entry.label}
          transform={`translate(${CHART.left + i * 120},14)`}
        >
          <Marker
            shape={entry.shape}
            x={0}
            y={0}
            color={entry.color}
            hollow={Boolean(entry.hollow)}
            paper={paper}
          />
          <text x={10} y={4}>
            {entry.label}
          </text>
        </g>
      ))}
      <g transform={`translate(${CHART.left + 4 * 120},14)`}>
        <line
          x1={-6}
          x2={6}
          stroke={colors.rto}
          strokeDasharray="4 3"
          strokeWidth={2}
        />
        <text x={10} y={4}>
          RTO
        </text>
      </g>
    </g>
  );
}

function Axes(props: { scale: Scale; points: TimingPoint[]; color: string }) {
  const { scale, points, color } = props;
  const first = points[0].at;
  const last = points[points.length - 1].at;
  const bottom = CHART.height - CHART.bottom;
  return (
    <g fontSize={11} fill={color}>
      {scale.yTicks.map(tick => (
        <g key={tick}>
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={scale.y(tick)}
            y2={scale.y(tick)}
            stroke={color}
            strokeOpacity={0.15}
          />
          <text x={CHART.left - 6} y={scale.y(tick) + 4} textAnchor="end">
            {tick === 0 ? '0' : formatDuration(tick)}
          </text>
        </g>
      ))}
      <text x={scale.x(first)} y={bottom + 20} textAnchor="start">
        {day(first)}
      </text>
      {day(last) !== day(first) && (
        <text x={scale.x(last)} y={bottom + 20} textAnchor="end">
          {day(last)}
        </text>
      )}
    </g>
  );
}

/**
 * Switch time (circles) and healthy time (squares) of each completed
 * failover and failback over time, against a dashed RTO line; a drill's
 * markers are hollow, a real change's filled. Each marker says its change
 * on hover; the chart as a whole is described in words for screen readers.
 */
export function TimingsChart(props: {
  operations: Operation[];
  rtoMinutes?: number;
}) {
  const theme = useTheme();
  const id = useId();
  const points = timingPoints(props.operations);
  if (points.length === 0) {
    return (
      <Typography
        variant="body2"
        data-testid="multi-region-timings-chart-empty"
      >
        No completed failover or drill with measured times yet.
      </Typography>
    );
  }
  const rtoMs =
    props.rtoMinutes !== undefined ? props.rtoMinutes * 60_000 : undefined;
  const durations = points.flatMap(p =>
    [p.switchMs, p.healthyMs].filter((ms): ms is number => ms !== undefined),
  );
  const scale = chartScale(
    points.map(p => p.at),
    durations,
    rtoMs,
  );
  const colors = {
    switch: theme.palette.primary.main,
    healthy: theme.palette.success.main,
    rto: theme.palette.error.main,
    text: theme.palette.text.secondary,
  };
  const paper = theme.palette.background.paper;
  return (
    <svg
      data-testid="multi-region-timings-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      width="100%"
      style={{ maxWidth: CHART.width }}
    >
      <title id={`${id}-title`}>
        Switch and healthy times of each failover and failback
      </title>
      <desc id={`${id}-desc`}>{chartSummary(points, props.rtoMinutes)}</desc>
      <Legend colors={colors} paper={paper} />
      <Axes scale={scale} points={points} color={colors.text} />
      {rtoMs !== undefined && (
        <g data-testid="timings-chart-rto">
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={scale.y(rtoMs)}
            y2={scale.y(rtoMs)}
            stroke={colors.rto}
            strokeDasharray="6 4"
            strokeWidth={2}
          />
          <text
            x={CHART.width - CHART.right}
            y={scale.y(rtoMs) - 4}
            textAnchor="end"
            fontSize={11}
            fill={colors.rto}
          >
            RTO {props.rtoMinutes} min
          </text>
        </g>
      )}
      {points.map(p => (
        <g
          key={p.operationId}
          data-testid="timings-chart-point"
          data-operation-id={p.operationId}
          data-kind={p.drill ? 'drill' : 'change'}
          data-rto-met={rtoMetOf(p.rtoMet)}
        >
          <title>{p.label}</title>
          {p.healthyMs !== undefined && (
            <Marker
              shape="square"
              x={scale.x(p.at)}
              y={scale.y(p.healthyMs)}
              color={colors.healthy}
              hollow={p.drill}
              paper={paper}
            />
          )}
          {p.switchMs !== undefined && (
            <Marker
              shape="circle"
              x={scale.x(p.at)}
              y={scale.y(p.switchMs)}
              color={colors.switch}
              hollow={p.drill}
              paper={paper}
            />
          )}
        </g>
      ))}
    </svg>
  );
}

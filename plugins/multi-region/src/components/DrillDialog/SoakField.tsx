import TextField from '@material-ui/core/TextField';
import { DrillSoakLimits } from '@multi-region-failover/plugin-multi-region-common';
import { formatSoak } from '../../utils/drills';

/** How long the drill stays in the secondary region, in seconds, within the portal's limits. */
export function SoakField(props: {
  value: string;
  onChange: (value: string) => void;
  limits: DrillSoakLimits;
  problem?: string;
  targetRegion: string;
}) {
  const { limits, value } = props;
  const seconds = Number(value);
  return (
    <TextField
      label="Soak (seconds)"
      type="number"
      variant="outlined"
      margin="normal"
      value={value}
      onChange={e => props.onChange(e.target.value)}
      error={Boolean(props.problem)}
      helperText={
        props.problem ??
        `${formatSoak(seconds)} in ${props.targetRegion} before failing back.`
      }
      inputProps={{
        'data-testid': 'drill-soak-seconds',
        min: limits.minSeconds,
        max: limits.maxSeconds,
        step: 1,
      }}
    />
  );
}

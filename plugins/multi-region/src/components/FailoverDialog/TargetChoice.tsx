import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Alert from '@material-ui/lab/Alert';
import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import { regionOfRole, ROLES } from '../../utils/roles';

/** While the active region is unknown, the person chooses where traffic goes. */
export function TargetChoice(props: {
  status: EntityStatusResponse;
  value?: string;
  onChange: (region: string) => void;
}) {
  const choices = ROLES.flatMap(role => {
    const region = regionOfRole(props.status, role);
    return region ? [{ role, region }] : [];
  });
  return (
    <Box mb={2}>
      <Alert severity="warning">
        The active region is unknown, so choose where traffic must go.
      </Alert>
      <RadioGroup
        row
        aria-label="Target region"
        value={props.value ?? ''}
        onChange={e => props.onChange(e.target.value)}
      >
        {choices.map(({ role, region }) => (
          <FormControlLabel
            key={region}
            value={region}
            control={<Radio data-testid={`failover-target-${region}`} />}
            label={`${region} (${role})`}
          />
        ))}
      </RadioGroup>
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { shortRef } from '../../utils/format';
import { EvacuationScope, EvacuationScopeOptions } from './evacuationScope';

/** A native select (quick to drive from a keyboard and a browser test); '' is `emptyLabel`. */
function ScopeSelect(props: {
  id: 'region' | 'owner' | 'system';
  label: string;
  emptyLabel: string;
  value?: string;
  options: string[];
  display?: (value: string) => string;
  disabled: boolean;
  onChange: (value?: string) => void;
}) {
  const inputId = `evacuation-${props.id}`;
  return (
    <TextField
      select
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || undefined)}
      variant="outlined"
      size="small"
      disabled={props.disabled}
      style={{ minWidth: 200, marginRight: 16, marginBottom: 8 }}
      SelectProps={{ native: true }}
      inputProps={{ 'data-testid': inputId, id: inputId }}
      InputLabelProps={{ shrink: true, htmlFor: inputId }}
    >
      <option value="">{props.emptyLabel}</option>
      {props.options.map(option => (
        <option key={option} value={option}>
          {props.display ? props.display(option) : option}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Step 1: the region to evacuate (one some service is active in), narrowed
 * to an owner or a system if the person wants, and Plan.
 */
export function EvacuationScopeFields(props: {
  scope: EvacuationScope;
  options: EvacuationScopeOptions;
  onChange: (scope: EvacuationScope) => void;
  onPlan: () => void;
  planning: boolean;
  /** Nothing can change once the evacuation is being started. */
  disabled: boolean;
}) {
  const { scope, options, onChange, disabled } = props;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start">
      <ScopeSelect
        id="region"
        label="Region to evacuate"
        emptyLabel="Choose a region"
        value={scope.region}
        options={options.regions}
        disabled={disabled}
        onChange={region => onChange({ ...scope, region })}
      />
      <ScopeSelect
        id="owner"
        label="Owner"
        emptyLabel="Every owner"
        value={scope.owner}
        options={options.owners}
        display={shortRef}
        disabled={disabled}
        onChange={owner => onChange({ ...scope, owner })}
      />
      <ScopeSelect
        id="system"
        label="System"
        emptyLabel="Every system"
        value={scope.system}
        options={options.systems}
        display={shortRef}
        disabled={disabled}
        onChange={system => onChange({ ...scope, system })}
      />
      <Button
        variant="outlined"
        color="primary"
        disabled={!scope.region || props.planning || disabled}
        onClick={props.onPlan}
        data-testid="evacuation-plan-button"
      >
        Plan
      </Button>
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import {
  ReadinessCheckId,
  ReadinessReport,
} from '@multi-region-failover/plugin-multi-region-common';
import { ReadinessChecklist } from '../Readiness';

/** "the failing check (Target health check)" / "the 2 failing checks (A, B)". */
function failingChecksText(
  report: ReadinessReport,
  ids: readonly ReadinessCheckId[],
): string {
  const failing = report.checks.filter(c => ids.includes(c.id));
  const titles = failing.map(c => c.title).join(', ');
  return failing.length === 1
    ? `the failing check (${titles})`
    : `the ${failing.length} failing checks (${titles})`;
}

/**
 * The readiness checks of the change, before the confirm button. When one
 * fails, the person must tick that they read the failing checks; the ids
 * go with the request and are recorded with the operation. Warnings are
 * shown and never need it.
 */
export function PlanReadiness(props: {
  readiness: ReadinessReport;
  /** The server's report after it refused, rather than the plan's. */
  fromServer: boolean;
  failingChecks: ReadinessCheckId[];
  acknowledged: boolean;
  onAcknowledgedChange: (ids: ReadinessCheckId[]) => void;
  /** "fail over", "fail back", "set routing". */
  verb: string;
  disabled?: boolean;
}) {
  const { readiness } = props;
  return (
    <Box
      mt={2}
      data-testid="failover-readiness"
      data-source={props.fromServer ? 'execute' : 'plan'}
    >
      <Typography variant="subtitle2">
        Readiness
        {props.fromServer ? ' (evaluated again when you confirmed)' : ''}
      </Typography>
      <ReadinessChecklist report={readiness} />
      {props.failingChecks.length > 0 && (
        <FormControlLabel
          control={
            <Checkbox
              checked={props.acknowledged}
              disabled={props.disabled}
              onChange={e =>
                props.onAcknowledgedChange(
                  e.target.checked ? props.failingChecks : [],
                )
              }
              inputProps={
                { 'data-testid': 'failover-readiness-acknowledge' } as any
              }
            />
          }
          label={`I have read ${failingChecksText(
            readiness,
            props.failingChecks,
          )} and ${props.verb} anyway`}
        />
      )}
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { multiRegionSafetyRuleOverridePermission } from '@multi-region-failover/plugin-multi-region-common';

/**
 * When safety rules block the change: the break-glass override for holders
 * of its permission, or who else can override them.
 */
export function OverrideRules(props: {
  rulesBlock: boolean;
  canOverride: boolean;
  override: boolean;
  onOverrideChange: (override: boolean) => void;
}) {
  const permission = multiRegionSafetyRuleOverridePermission.name;
  if (!props.rulesBlock) return null;
  if (!props.canOverride) {
    return (
      <Typography variant="body2" data-testid="failover-override-unavailable">
        Only holders of the {permission} permission (break-glass) can override
        these rules. Fix the state the rule protects, or ask a platform admin.
      </Typography>
    );
  }
  return (
    <Box mt={2}>
      <Alert severity="error" data-testid="failover-override-warning">
        <AlertTitle>Break-glass: override the safety rules</AlertTitle>
        You hold {permission}. Overriding tells ARC to apply the change even
        though the rules above forbid it; that can leave no region serving
        traffic. It is recorded with your name and reason. Use it only when the
        rule itself stands in the way of recovery.
      </Alert>
      <FormControlLabel
        control={
          <Checkbox
            checked={props.override}
            onChange={e => props.onOverrideChange(e.target.checked)}
            inputProps={{ 'data-testid': 'failover-override' } as any}
          />
        }
        label="Override the safety rules for this change"
      />
    </Box>
  );
}

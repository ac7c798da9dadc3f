import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { FailoverPlan } from '@multi-region-failover/plugin-multi-region-common';
import {
  changeVerb,
  formatActor,
  formatTimestamp,
  READ_ONLY_TEXT,
} from '../../utils/format';
import { RoutingChanges } from './RoutingChanges';

function TargetHealth({ plan }: { plan: FailoverPlan }) {
  const health = plan.targetHealth;
  const targetChange = plan.changes.find(c => c.region === plan.toRegion);
  // RECOVERY_CONTROL health checks follow their routing control: a target whose
  // control is still Off is Unhealthy by design until the change is applied.
  const expectedUnhealthy =
    health.status === 'Unhealthy' &&
    targetChange?.from === 'Off' &&
    targetChange.to === 'On';
  const severity =
    health.status === 'Healthy' || expectedUnhealthy ? 'info' : 'warning';
  return (
    <Alert
      severity={severity}
      data-testid="failover-target-health"
      data-status={health.status}
    >
      Health check of the target {plan.toRegion}:{' '}
      <strong>{health.status}</strong>
      {health.totalObservations !== undefined
        ? ` (${health.healthyObservations ?? 0}/${
            health.totalObservations
          } checkers healthy)`
        : ''}
      {expectedUnhealthy
        ? '. Expected: it follows the target routing control, which is Off until this change turns it On.'
        : ''}
      {health.status === 'Unknown'
        ? `. Route 53 did not report it${
            health.error ? `: ${health.error}` : ''
          }; make sure the target region is ready.`
        : ''}
      {health.status === 'Unhealthy' && !expectedUnhealthy
        ? '. The target looks unhealthy: check it before moving traffic there.'
        : ''}
    </Alert>
  );
}

/** The backend's dry run, in words: what changes, where to, and what stands in the way. */
export function PlanSummary(props: { plan: FailoverPlan; entityName: string }) {
  const { plan } = props;
  const staysPut = plan.fromRegion === plan.toRegion;
  return (
    <div data-testid="failover-plan">
      <Typography variant="h6" data-testid="failover-plan-headline">
        {staysPut
          ? `Set routing of ${props.entityName} to ${plan.toRegion}`
          : `${changeVerb(plan)} ${props.entityName}: ${plan.fromRegion} → ${
              plan.toRegion
            }`}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {staysPut ? (
          <>
            Traffic stays in <strong>{plan.toRegion}</strong>, which Route 53
            answers with today only by fallback. Its routing control is turned
            On and the other Off, so that it is active by choice. Both controls
            change in one atomic ARC call.
          </>
        ) : (
          <>
            Traffic for this service moves from{' '}
            <strong>{plan.fromRegion}</strong> to{' '}
            <strong>{plan.toRegion}</strong> once DNS follows the routing
            controls (usually 1–2 minutes). Both controls change in one atomic
            ARC call.
          </>
        )}
      </Typography>
      {plan.currentActive.certainty !== 'known' && (
        <Alert severity="warning">
          {plan.currentActive.certainty === 'unknown'
            ? `The current active region is unknown: ${plan.currentActive.reason}`
            : `The current active region is deduced: ${plan.currentActive.explanation}`}
        </Alert>
      )}
      {plan.deployment && (
        <Alert
          severity="info"
          data-testid="failover-deployment"
          data-state={plan.deployment.state}
        >
          <AlertTitle>
            {plan.deployment.state === 'deploying'
              ? 'ARC is still deploying this service'
              : 'ARC is deleting this service’s resources'}
          </AlertTitle>
          {plan.deployment.message}
        </Alert>
      )}
      {plan.claimProblem && (
        <Alert severity="error" data-testid="failover-claim-problem">
          <AlertTitle>Ownership of the control panel not confirmed</AlertTitle>
          {plan.claimProblem}
        </Alert>
      )}
      {plan.ignoredClaimants && plan.ignoredClaimants.length > 0 && (
        <Alert severity="warning" data-testid="failover-ignored-claimants">
          Other catalog entities also name this control panel or its routing
          controls: {plan.ignoredClaimants.join(', ')}. They are ignored, since
          the panel is tagged for this service; ask their owners to remove those
          annotations.
        </Alert>
      )}
      {plan.noop && (
        <Alert severity="info" data-testid="failover-noop">
          {plan.toRegion} is already the active region: there is nothing to
          change.
        </Alert>
      )}
      <RoutingChanges changes={plan.changes} />
      <TargetHealth plan={plan} />
      {plan.blockingSafetyRules.length > 0 && (
        <Alert severity="error" data-testid="failover-blocking-rules">
          <AlertTitle>ARC safety rules would block this change</AlertTitle>
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {plan.blockingSafetyRules.map(rule => (
              <li
                key={rule.arn}
                data-testid="failover-blocking-rule"
                title={rule.arn}
              >
                <strong>{rule.name}</strong> ({rule.type}): {rule.description}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {plan.pendingOperation && (
        <Alert severity="warning" data-testid="failover-pending-operation">
          Another change is under way: {plan.pendingOperation.fromRegion} →{' '}
          {plan.pendingOperation.toRegion} by{' '}
          {formatActor(plan.pendingOperation.actor)}, started{' '}
          {formatTimestamp(plan.pendingOperation.createdAt)}. Wait for it to
          finish.
        </Alert>
      )}
      {(plan.readOnly || !plan.permissions.canFailover) && (
        <Alert severity="info" data-testid="failover-denied">
          {plan.permissions.failoverDeniedReason ??
            (plan.readOnly
              ? READ_ONLY_TEXT
              : 'You may not fail this service over.')}
        </Alert>
      )}
    </div>
  );
}

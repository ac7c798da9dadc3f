import { useCallback, useEffect, useState } from 'react';
import { Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  EntityStatusResponse,
  FailoverPlan,
  multiRegionSafetyRuleOverridePermission,
  validateFailoverReason,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../../api/MultiRegionApi';
import {
  isFinished,
  useOperationProgress,
} from '../../hooks/useOperationProgress';
import { entityRefOf } from '../../utils/entity';
import { changeVerb, formatActor, formatRelative } from '../../utils/format';
import { ErrorNotice } from '../ErrorNotice';
import { OperationProgress } from './OperationProgress';
import { PlanSummary } from './PlanSummary';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';

/** @public */
export interface FailoverDialogProps {
  open: boolean;
  entity: Entity;
  /** The status the caller is looking at; loaded by the dialog when omitted. */
  status?: EntityStatusResponse;
  onClose: () => void;
  /** Called whenever the entity's state is known to have changed (or moved under us). */
  onStateChanged?: () => void;
  /** How often to poll the running operation. Default 1.5 s. */
  pollIntervalMs?: number;
  /** Open on the progress of an operation already under way instead of a new plan. */
  followOperation?: Operation;
}

/** The region a failover would move to: the one that is not active now. */
function defaultTarget(status?: EntityStatusResponse): string | undefined {
  const active = status?.active;
  if (!active || active.certainty === 'unknown') return undefined;
  // both controls Off: the first thing to do is to turn the primary On
  if (active.degraded) return status?.primaryRegion;
  return active.activeRole === 'primary'
    ? status?.secondaryRegion
    : status?.primaryRegion;
}

type PlanState = { loading: boolean; plan?: FailoverPlan; error?: unknown };

/**
 * Fail over / fail back, in three steps: the backend's plan, a reason and the
 * entity's name typed to confirm, then live progress until DNS follows.
 *
 * @public
 */
export function FailoverDialog(props: FailoverDialogProps) {
  const { entity, onStateChanged } = props;
  const api = useApi(multiRegionApiRef);
  const entityRef = entityRefOf(entity);
  const entityName = entity.metadata.name;

  const [status, setStatus] = useState(props.status);
  const [statusError, setStatusError] = useState<unknown>();
  const [chosenTarget, setChosenTarget] = useState<string>();
  const [planNonce, setPlanNonce] = useState(0);
  const [planState, setPlanState] = useState<PlanState>({ loading: false });
  const [reason, setReason] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const [override, setOverride] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [executeError, setExecuteError] = useState<unknown>();
  const [conflictStatus, setConflictStatus] = useState<EntityStatusResponse>();
  const [started, setStarted] = useState<Operation | undefined>(
    props.followOperation,
  );
  const { operation, pollError } = useOperationProgress(
    started,
    props.pollIntervalMs ?? 1500,
  );

  useEffect(() => {
    if (status || props.followOperation) return;
    api.getStatus(entityRef).then(setStatus, setStatusError);
  }, [api, entityRef, status, props.followOperation]);

  const target = chosenTarget ?? defaultTarget(status);

  useEffect(() => {
    if (!target || props.followOperation) return undefined;
    let cancelled = false;
    setPlanState({ loading: true });
    api.planFailover({ entityRef, targetRegion: target }).then(
      plan => !cancelled && setPlanState({ loading: false, plan }),
      error => !cancelled && setPlanState({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, target, planNonce, props.followOperation]);

  const plan = planState.plan;
  const rulesBlock = (plan?.blockingSafetyRules.length ?? 0) > 0;
  const canOverride =
    rulesBlock && Boolean(plan?.permissions.canOverrideSafetyRules);
  const reasonProblem = validateFailoverReason(reason);
  const nameMatches = confirmName.trim() === entityName;
  const blockers: string[] = [];
  if (!plan) blockers.push('the plan has not loaded');
  else {
    if (plan.noop) blockers.push('there is nothing to change');
    if (plan.claimProblem)
      blockers.push('the control panel is not confirmed as this service’s');
    if (plan.readOnly) blockers.push('read-only mode is on');
    if (!plan.permissions.canFailover)
      blockers.push('you may not fail this service over');
    if (plan.pendingOperation) blockers.push('another change is under way');
    if (rulesBlock && !override) blockers.push('safety rules block the change');
  }
  if (reasonProblem) blockers.push('a reason is needed');
  if (!nameMatches) blockers.push(`type "${entityName}" to confirm`);
  const canConfirm = blockers.length === 0 && !submitting;

  const execute = useCallback(async () => {
    if (!plan) return;
    setSubmitting(true);
    setExecuteError(undefined);
    setConflictStatus(undefined);
    try {
      const op = await api.executeFailover({
        entityRef,
        targetRegion: plan.toRegion,
        reason: reason.trim(),
        expectedActiveRegion:
          plan.currentActive.certainty === 'unknown'
            ? plan.fromRegion
            : plan.currentActive.activeRegion,
        ...(override ? { overrideSafetyRules: true } : {}),
      });
      setStarted(op);
      onStateChanged?.();
    } catch (error) {
      setExecuteError(error);
      if (ResponseError.is(error) && error.statusCode === 409) {
        // Someone else got there first: show what the service looks like now.
        const fresh = await api.getStatus(entityRef).catch(() => undefined);
        setConflictStatus(fresh);
        onStateChanged?.();
      }
    } finally {
      setSubmitting(false);
    }
  }, [api, entityRef, plan, reason, override, onStateChanged]);

  const reviewAgain = () => {
    if (conflictStatus) setStatus(conflictStatus);
    setChosenTarget(undefined);
    setExecuteError(undefined);
    setConflictStatus(undefined);
    setOverride(false);
    setConfirmName('');
    setPlanNonce(n => n + 1);
  };

  const isConflict =
    ResponseError.is(executeError) && executeError.statusCode === 409;
  const running = operation && !isFinished(operation);

  let closeLabel = 'Cancel';
  if (operation)
    closeLabel = running ? 'Close (it continues on the server)' : 'Close';
  let confirmLabel = 'Confirm';
  if (submitting) confirmLabel = 'Starting…';
  else if (plan) {
    confirmLabel = `${changeVerb(plan)} to ${plan.toRegion}${
      override ? ' (override rules)' : ''
    }`;
  }

  let content: JSX.Element;
  if (operation) {
    content = <OperationProgress operation={operation} pollError={pollError} />;
  } else if (!status && statusError) {
    content = (
      <ErrorNotice
        error={statusError}
        summary="Could not load the current state"
      />
    );
  } else if (!status) {
    content = <Progress />;
  } else {
    const unknownActive = !defaultTarget(status);
    content = (
      <>
        {unknownActive && (
          <Box mb={2}>
            <Alert severity="warning">
              The active region is unknown, so choose where traffic must go.
            </Alert>
            <RadioGroup
              row
              aria-label="Target region"
              value={target ?? ''}
              onChange={e => setChosenTarget(e.target.value)}
            >
              {[status.primaryRegion, status.secondaryRegion]
                .filter(Boolean)
                .map(region => (
                  <FormControlLabel
                    key={region}
                    value={region}
                    control={
                      <Radio data-testid={`failover-target-${region}`} />
                    }
                    label={`${region} (${
                      region === status.primaryRegion ? 'primary' : 'secondary'
                    })`}
                  />
                ))}
            </RadioGroup>
          </Box>
        )}
        {planState.loading && <Progress data-testid="failover-plan-loading" />}
        {planState.error !== undefined && (
          <ErrorNotice
            error={planState.error}
            summary="Could not plan the failover"
            onRetry={() => setPlanNonce(n => n + 1)}
            testId="failover-plan-error"
          />
        )}
        {plan && <PlanSummary plan={plan} entityName={entityName} />}
        {plan && canOverride && (
          <Box mt={2}>
            <Alert severity="error" data-testid="failover-override-warning">
              <AlertTitle>Break-glass: override the safety rules</AlertTitle>
              You hold {multiRegionSafetyRuleOverridePermission.name}.
              Overriding tells ARC to apply the change even though the rules
              above forbid it; that can leave no region serving traffic. It is
              recorded with your name and reason. Use it only when the rule
              itself stands in the way of recovery.
            </Alert>
            <FormControlLabel
              control={
                <Checkbox
                  checked={override}
                  onChange={e => setOverride(e.target.checked)}
                  inputProps={{ 'data-testid': 'failover-override' } as any}
                />
              }
              label="Override the safety rules for this change"
            />
          </Box>
        )}
        {plan && rulesBlock && !canOverride && (
          <Typography
            variant="body2"
            data-testid="failover-override-unavailable"
          >
            Only holders of the {multiRegionSafetyRuleOverridePermission.name}{' '}
            permission (break-glass) can override these rules. Fix the state the
            rule protects, or ask a platform admin.
          </Typography>
        )}
        {plan && !plan.noop && (
          <Box mt={2}>
            <TextField
              label="Reason (recorded in the audit trail)"
              fullWidth
              multiline
              minRows={2}
              variant="outlined"
              value={reason}
              onChange={e => setReason(e.target.value)}
              error={reason.length > 0 && Boolean(reasonProblem)}
              helperText={
                reason.length > 0
                  ? reasonProblem ?? ' '
                  : 'e.g. "us-east-1 API Gateway 5xx, INC-1234"'
              }
              inputProps={{ 'data-testid': 'failover-reason' }}
            />
            <TextField
              label={`Type ${entityName} to confirm`}
              fullWidth
              variant="outlined"
              margin="normal"
              value={confirmName}
              onChange={e => setConfirmName(e.target.value)}
              error={confirmName.length > 0 && !nameMatches}
              helperText={
                confirmName.length > 0 && !nameMatches
                  ? `This does not match "${entityName}".`
                  : `The entity's name: ${entityName}`
              }
              inputProps={{
                'data-testid': 'failover-confirm-name',
                autoComplete: 'off',
              }}
            />
          </Box>
        )}
        {executeError !== undefined && isConflict && (
          <Alert
            severity="warning"
            data-testid="failover-conflict"
            action={
              <Button
                color="inherit"
                size="small"
                onClick={reviewAgain}
                data-testid="failover-review-again"
              >
                Review new plan
              </Button>
            }
          >
            <AlertTitle>Someone else just changed this service</AlertTitle>
            <Typography variant="body2">
              {ResponseError.is(executeError)
                ? executeError.body.error.message
                : ''}
            </Typography>
            {conflictStatus?.active &&
              conflictStatus.active.certainty !== 'unknown' && (
                <Typography variant="body2" data-testid="failover-conflict-now">
                  It is now active in{' '}
                  <strong>{conflictStatus.active.activeRegion}</strong>
                  {conflictStatus.lastChange
                    ? ` after a ${
                        conflictStatus.lastChange.action
                      } by ${formatActor(
                        conflictStatus.lastChange.actor,
                      )} ${formatRelative(
                        conflictStatus.lastChange.createdAt,
                      )} (“${conflictStatus.lastChange.reason}”)`
                    : ''}
                  . Nothing was changed by you. Review the new plan before
                  trying again.
                </Typography>
              )}
          </Alert>
        )}
        {executeError !== undefined && !isConflict && (
          <ErrorNotice
            error={executeError}
            summary="The failover was not started"
            testId="failover-error"
          />
        )}
        {plan && !canConfirm && !submitting && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="failover-blockers"
          >
            To confirm: {blockers.join('; ')}.
          </Typography>
        )}
      </>
    );
  }

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      data-testid="failover-dialog"
      aria-labelledby="failover-dialog-title"
    >
      <DialogTitle id="failover-dialog-title">
        {(operation?.action ?? plan?.action) === 'failback'
          ? 'Fail back'
          : 'Fail over'}{' '}
        {entityName}
      </DialogTitle>
      <DialogContent dividers>{content}</DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="failover-cancel">
          {closeLabel}
        </Button>
        {!operation && (
          <Button
            variant="contained"
            color="secondary"
            disabled={!canConfirm}
            onClick={execute}
            data-testid="failover-confirm"
          >
            {confirmLabel}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

import { useState } from 'react';
import { Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import {
  EntityStatusResponse,
  Operation,
  ReadinessCheckId,
  SAFETY_RULE_WAIT_PERIOD_ERROR,
} from '@multi-region-failover/plugin-multi-region-common';
import { useFailoverPlan } from '../../hooks/useFailoverPlan';
import { newerReport } from '../../hooks/useReadinessCheck';
import {
  isFinished,
  useOperationProgress,
} from '../../hooks/useOperationProgress';
import { useStartFailover } from '../../hooks/useStartFailover';
import { entityRefOf } from '../../utils/entity';
import { changeVerb } from '../../utils/format';
import { ErrorNotice } from '../ErrorNotice';
import { confirmLabel, decideConfirm } from './blockers';
import { ConfirmFields } from './ConfirmFields';
import { OperationProgress } from './OperationProgress';
import { OverrideRules } from './OverrideRules';
import { PlanReadiness } from './PlanReadiness';
import { PlanSummary } from './PlanSummary';
import { StartError } from './StartError';
import { TargetChoice } from './TargetChoice';
import { WaitPeriodNotice } from './WaitPeriodNotice';

export interface FailoverDialogProps {
  open: boolean;
  entity: Entity;
  /** The status the caller is looking at; loaded by the dialog when omitted. */
  status?: EntityStatusResponse;
  onClose: () => void;
  /** Called whenever the entity's state is known to have changed (or moved under us). */
  onStateChanged?: () => void;
  /** How often to poll the running operation without signals. Default 1.5 s. */
  pollIntervalMs?: number;
  /** Open on the progress of an operation already under way instead of a new plan. */
  followOperation?: Operation;
}

/**
 * Fail over / fail back, in three steps: the backend's plan with its
 * readiness checks, a reason and the entity's name typed to confirm (and the
 * failing checks acknowledged), then live progress until DNS follows.
 */
export function FailoverDialog(props: FailoverDialogProps) {
  const { entity, followOperation } = props;
  const entityRef = entityRefOf(entity);
  const entityName = entity.metadata.name;

  const planning = useFailoverPlan({
    entityRef,
    status: props.status,
    enabled: !followOperation,
  });
  const starting = useStartFailover({
    entityRef,
    followOperation,
    onStateChanged: props.onStateChanged,
  });
  const { operation, pollError, live } = useOperationProgress(
    starting.started,
    props.pollIntervalMs ?? 1500,
  );
  const [reason, setReason] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const [override, setOverride] = useState(false);
  const [acknowledged, setAcknowledged] = useState<ReadinessCheckId[]>([]);

  const { plan, status } = planning;
  const { submitting } = starting;
  // After a refusal for readiness, the server's fresher checks replace the
  // plan's, until a newer plan (plan again, another target) replaces them.
  const readiness = newerReport(
    starting.readiness?.targetRegion === plan?.toRegion
      ? starting.readiness
      : undefined,
    plan?.readiness,
  );
  const decision = decideConfirm({
    plan,
    entityName,
    reason,
    confirmName,
    override,
    submitting,
    readiness,
    acknowledgedChecks: acknowledged,
  });

  const reviewAgain = () => {
    planning.replan(starting.conflictStatus);
    starting.clearError();
    setOverride(false);
    setAcknowledged([]);
    setConfirmName('');
  };
  /** After ARC refused for a wait period: back to a fresh plan, keeping the reason. */
  const planAgain = () => {
    starting.reset();
    reviewAgain();
  };
  const refusedForWaitPeriod =
    operation?.status === 'failed' &&
    operation.error?.name === SAFETY_RULE_WAIT_PERIOD_ERROR &&
    !props.followOperation;

  let content: JSX.Element;
  if (operation) {
    content = (
      <OperationProgress
        operation={operation}
        pollError={pollError}
        live={live}
      />
    );
  } else if (!status && planning.statusError !== undefined) {
    content = (
      <ErrorNotice
        error={planning.statusError}
        summary="Could not load the current state"
      />
    );
  } else if (!status) {
    content = <Progress />;
  } else {
    content = (
      <>
        {planning.mustChooseTarget && (
          <TargetChoice
            status={status}
            value={planning.target}
            onChange={planning.chooseTarget}
          />
        )}
        {planning.loading && <Progress data-testid="failover-plan-loading" />}
        {planning.error !== undefined && (
          <ErrorNotice
            error={planning.error}
            summary="Could not plan the failover"
            onRetry={planning.reload}
            testId="failover-plan-error"
          />
        )}
        {plan && <PlanSummary plan={plan} entityName={entityName} />}
        {plan?.waitPeriod && (
          <WaitPeriodNotice
            waitPeriod={plan.waitPeriod}
            onPlanAgain={planning.reload}
          />
        )}
        {plan && (
          <OverrideRules
            rulesBlock={decision.rulesBlock}
            canOverride={decision.canOverride}
            override={override}
            onOverrideChange={setOverride}
          />
        )}
        {plan && readiness && !plan.noop && (
          <PlanReadiness
            readiness={readiness}
            fromServer={readiness !== plan.readiness}
            failingChecks={decision.failingChecks}
            acknowledged={decision.readinessAcknowledged}
            onAcknowledgedChange={setAcknowledged}
            verb={changeVerb(plan).toLowerCase()}
            disabled={submitting}
          />
        )}
        {plan && !plan.noop && (
          <ConfirmFields
            entityName={entityName}
            reason={reason}
            reasonProblem={decision.reasonProblem}
            onReasonChange={setReason}
            confirmName={confirmName}
            nameMatches={decision.nameMatches}
            onConfirmNameChange={setConfirmName}
          />
        )}
        <StartError
          error={starting.error}
          conflictStatus={starting.conflictStatus}
          onReviewAgain={reviewAgain}
        />
        {decision.showBlockers && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="failover-blockers"
          >
            To confirm: {decision.blockers.join('; ')}.
          </Typography>
        )}
      </>
    );
  }

  let closeLabel = 'Cancel';
  if (operation) {
    closeLabel = isFinished(operation)
      ? 'Close'
      : 'Close (it continues on the server)';
  }
  const failback = (operation?.action ?? plan?.action) === 'failback';

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
        {failback ? 'Fail back' : 'Fail over'} {entityName}
      </DialogTitle>
      <DialogContent dividers>{content}</DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="failover-cancel">
          {closeLabel}
        </Button>
        {refusedForWaitPeriod && (
          <Button
            variant="outlined"
            onClick={planAgain}
            data-testid="failover-plan-again"
          >
            Plan again
          </Button>
        )}
        {!operation && (
          <Button
            variant="contained"
            color="secondary"
            disabled={!decision.canConfirm}
            onClick={() =>
              plan &&
              starting.start(plan, {
                reason,
                override,
                acknowledgeFailingChecks: decision.failingChecks,
              })
            }
            data-testid="failover-confirm"
          >
            {confirmLabel({ plan, override, submitting })}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

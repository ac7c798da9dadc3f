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
  Drill,
  DrillPlan,
  ReadinessCheckId,
} from '@multi-region-failover/plugin-multi-region-common';
import { isDrillFinal, useDrillProgress } from '../../hooks/useDrillProgress';
import { useDrillPlan } from '../../hooks/useDrillPlan';
import { newerReport } from '../../hooks/useReadinessCheck';
import { useStartDrill } from '../../hooks/useStartDrill';
import { useWhenBecomesTrue } from '../../hooks/useWhenBecomesTrue';
import { entityRefOf } from '../../utils/entity';
import { ErrorNotice } from '../ErrorNotice';
import { StopDrillButton } from '../Drills';
import {
  ConfirmFields,
  PlanReadiness,
  WaitPeriodNotice,
} from '../FailoverDialog';
import { decideDrillStart } from './decideDrillStart';
import { DrillPlanSummary } from './DrillPlanSummary';
import { DrillProgress } from './DrillProgress';
import { DrillStartError } from './DrillStartError';
import { SoakField } from './SoakField';

export interface DrillDialogProps {
  open: boolean;
  entity: Entity;
  onClose: () => void;
  /** Called whenever the entity's state is known to have changed (or moved under us). */
  onStateChanged?: () => void;
  /** How often to poll the running drill without signals. Default 1.5 s. */
  pollIntervalMs?: number;
  /** Open on the progress of a drill already under way instead of a new plan. */
  followDrill?: Drill;
}

/** Stop is offered while the drill can still be cut short (not once failing back). */
const stoppable = (drill: Drill) =>
  !isDrillFinal(drill) && drill.state !== 'failing-back' && !drill.stop;

/**
 * Run a drill, in three steps: the backend's drill plan (refusals, window,
 * alarms, the failover's changes and readiness), a soak, a reason and the
 * entity's name typed to confirm, then live progress to its outcome and
 * timings.
 */
export function DrillDialog(props: DrillDialogProps) {
  const { entity, followDrill, onStateChanged } = props;
  const entityRef = entityRefOf(entity);
  const entityName = entity.metadata.name;

  const planning = useDrillPlan(entityRef, !followDrill);
  const starting = useStartDrill({ followDrill, onStateChanged });
  const progress = useDrillProgress(
    starting.started,
    props.pollIntervalMs ?? 1500,
  );
  const [reason, setReason] = useState('');
  const [confirmText, setConfirmText] = useState('');
  // Untouched, the soak is the plan's default.
  const [soakText, setSoakText] = useState<string>();
  const [acknowledged, setAcknowledged] = useState<ReadinessCheckId[]>([]);

  const { plan } = planning;
  const { drill } = progress;
  const soak = soakText ?? (plan ? String(plan.soak.defaultSeconds) : '');
  // After a refusal for readiness, the server's fresher checks replace the plan's.
  const readiness = newerReport(
    starting.readiness?.targetRegion === plan?.failover.toRegion
      ? starting.readiness
      : undefined,
    plan?.failover.readiness,
  );
  const decision = decideDrillStart({
    plan,
    entityName,
    reason,
    confirmText,
    soakText: soak,
    submitting: starting.submitting,
    readiness,
    acknowledgedChecks: acknowledged,
  });

  const finished = drill ? isDrillFinal(drill) : false;
  useWhenBecomesTrue(finished, onStateChanged);

  const planAgain = () => {
    starting.clearError();
    planning.reload();
    setAcknowledged([]);
    setConfirmText('');
  };
  const start = (current: DrillPlan) =>
    starting.start(current, {
      reason,
      soakSeconds: decision.soakSeconds ?? current.soak.defaultSeconds,
      acknowledgeFailingChecks: decision.failingChecks,
    });

  let content: JSX.Element;
  if (drill) {
    content = (
      <DrillProgress
        drill={drill}
        pollError={progress.pollError}
        live={progress.live}
      />
    );
  } else if (!plan && planning.error !== undefined) {
    content = (
      <ErrorNotice
        error={planning.error}
        summary="Could not plan the drill"
        onRetry={planning.reload}
        testId="drill-plan-error"
      />
    );
  } else if (!plan) {
    content = <Progress data-testid="drill-plan-loading" />;
  } else {
    content = (
      <>
        <DrillPlanSummary plan={plan} entityName={entityName} />
        {plan.failover.waitPeriod && (
          <WaitPeriodNotice
            waitPeriod={plan.failover.waitPeriod}
            onPlanAgain={planAgain}
          />
        )}
        {readiness && (
          <PlanReadiness
            readiness={readiness}
            fromServer={readiness !== plan.failover.readiness}
            failingChecks={decision.failingChecks}
            acknowledged={decision.readinessAcknowledged}
            onAcknowledgedChange={setAcknowledged}
            verb="start the drill"
            disabled={starting.submitting}
          />
        )}
        <SoakField
          value={soak}
          onChange={setSoakText}
          limits={plan.soak}
          problem={decision.soakProblem}
          targetRegion={plan.failover.toRegion}
        />
        <ConfirmFields
          entityName={entityName}
          testIds={{
            reason: 'drill-reason',
            confirmName: 'drill-confirm-text',
          }}
          reasonExample='e.g. "Quarterly DR drill, CHG-1234"'
          reason={reason}
          reasonProblem={decision.reasonProblem}
          onReasonChange={setReason}
          confirmName={confirmText}
          nameMatches={decision.nameMatches}
          onConfirmNameChange={setConfirmText}
        />
        <DrillStartError error={starting.error} onPlanAgain={planAgain} />
        {decision.showBlockers && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="drill-blockers"
          >
            To start: {decision.blockers.join('; ')}.
          </Typography>
        )}
      </>
    );
  }

  let closeLabel = 'Cancel';
  if (drill) {
    closeLabel = finished ? 'Close' : 'Close (it continues on the server)';
  }

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      data-testid="drill-dialog"
      aria-labelledby="drill-dialog-title"
    >
      <DialogTitle id="drill-dialog-title">Drill {entityName}</DialogTitle>
      <DialogContent dividers>{content}</DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="drill-cancel">
          {closeLabel}
        </Button>
        {drill && stoppable(drill) && (
          <StopDrillButton
            drill={drill}
            testId="drill-stop"
            onStopped={progress.replace}
          />
        )}
        {!drill && (
          <Button
            variant="contained"
            color="secondary"
            disabled={!decision.canStart}
            onClick={() => plan && start(plan)}
            data-testid="drill-start"
          >
            {starting.submitting ? 'Starting…' : 'Start drill'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

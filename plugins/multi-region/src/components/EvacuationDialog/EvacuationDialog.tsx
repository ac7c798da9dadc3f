import { useCallback, useMemo, useState } from 'react';
import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import {
  Evacuation,
  EvacuationPlanItem,
  FailoverAction,
  ServiceSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { useEvacuationPlan } from '../../hooks/useEvacuationPlan';
import { useEvacuationProgress } from '../../hooks/useEvacuationProgress';
import { useStartEvacuation } from '../../hooks/useStartEvacuation';
import { useWhenBecomesTrue } from '../../hooks/useWhenBecomesTrue';
import { isEvacuationFinal } from '../../utils/evacuations';
import { ErrorNotice } from '../ErrorNotice';
import { decideEvacuationStart } from './decideEvacuationStart';
import { EvacuationConfirmFields } from './EvacuationConfirmFields';
import { EvacuationPlanView } from './EvacuationPlanView';
import { EvacuationProgress } from './EvacuationProgress';
import {
  EvacuationScope,
  evacuationScopeOptions,
  isPlanOf,
  offeredScope,
  planRequestOf,
} from './evacuationScope';
import { EvacuationScopeFields } from './EvacuationScopeFields';
import { EvacuationStartError } from './EvacuationStartError';
import { StopEvacuationButton } from './StopEvacuationButton';

export interface EvacuationDialogProps {
  open: boolean;
  onClose: () => void;
  /** The services the page lists: the regions, owners and systems offered. */
  services: ServiceSummary[];
  /** Where to start (e.g. the page's filters); only what is offered is kept. */
  initialScope?: EvacuationScope;
  /** Called when an evacuation starts, is refused for a conflict, or finishes here. */
  onStateChanged?: () => void;
  /** How often to poll the running evacuation without signals. Default 1.5 s. */
  pollIntervalMs?: number;
  /** Open on the progress of this evacuation instead of a new plan. */
  followEvacuation?: Evacuation;
}

const STEPS = ['Plan', 'Confirm', 'Progress'];

/**
 * Evacuate a region, in three steps: the region (and an owner or a system)
 * and the server's plan of what moves in what order and what is skipped
 * and why; a reason and `evacuate <region>` typed to confirm; then live
 * progress of every service to the outcome, with Stop. The server decides
 * per service who may: nothing here is hidden on a guess.
 */
export function EvacuationDialog(props: EvacuationDialogProps) {
  const { services, followEvacuation, onStateChanged } = props;
  const options = useMemo(() => evacuationScopeOptions(services), [services]);
  const [scope, setScope] = useState<EvacuationScope>(() =>
    offeredScope(props.initialScope ?? {}, options),
  );
  const planning = useEvacuationPlan();
  const starting = useStartEvacuation({ followEvacuation, onStateChanged });
  const progress = useEvacuationProgress(
    starting.started,
    props.pollIntervalMs ?? 1500,
  );
  const [reason, setReason] = useState('');
  const [stopOnFailure, setStopOnFailure] = useState(false);
  const [confirmText, setConfirmText] = useState('');

  // A plan counts only while it answers the region and selection chosen now.
  const { planned } = planning;
  const plan =
    planned && isPlanOf(planned.request, scope) ? planned.plan : undefined;
  const decision = decideEvacuationStart({
    plan,
    reason,
    confirmText,
    submitting: starting.submitting,
  });

  const { evacuation } = progress;
  const finished = evacuation ? isEvacuationFinal(evacuation) : false;
  // Followed to its end here, not opened once it had ended.
  useWhenBecomesTrue(
    finished && starting.started?.state === 'running',
    onStateChanged,
  );

  const primaryRegions = useMemo(
    () => new Map(services.map(s => [s.entityRef, s.primaryRegion])),
    [services],
  );
  const actionOf = useCallback(
    (item: EvacuationPlanItem): FailoverAction =>
      item.toRegion && item.toRegion === primaryRegions.get(item.entityRef)
        ? 'failback'
        : 'failover',
    [primaryRegions],
  );

  const { makePlan } = planning;
  const planScope = () => {
    const request = planRequestOf(scope);
    if (request) makePlan(request);
  };
  const planAgain = () => {
    starting.clearError();
    planScope();
  };

  let content: JSX.Element;
  if (evacuation) {
    content = (
      <EvacuationProgress
        evacuation={evacuation}
        pollError={progress.pollError}
        live={progress.live}
      />
    );
  } else {
    content = (
      <>
        <Typography variant="body2" paragraph>
          Every chosen service active in the region moves to its other region,
          each as its own failover, services they depend on first. The server
          decides for each service whether you may move it; the plan lists the
          others as skipped, with why.
        </Typography>
        <EvacuationScopeFields
          scope={scope}
          options={options}
          onChange={setScope}
          onPlan={planScope}
          planning={planning.loading}
          disabled={starting.submitting}
        />
        {options.regions.length === 0 && (
          <Typography variant="body2" data-testid="evacuation-no-region">
            No listed service has a known active region: there is nothing to
            evacuate.
          </Typography>
        )}
        {planning.loading && <Progress data-testid="evacuation-plan-loading" />}
        {planning.error !== undefined && !planning.loading && (
          <ErrorNotice
            error={planning.error}
            summary="Could not plan the evacuation"
            onRetry={planScope}
            testId="evacuation-plan-error"
          />
        )}
        {planned && !plan && !planning.loading && (
          <Typography variant="body2" data-testid="evacuation-plan-outdated">
            The region or selection changed: plan again.
          </Typography>
        )}
        {plan && decision.confirmation && (
          <>
            <EvacuationPlanView plan={plan} actionOf={actionOf} />
            <EvacuationConfirmFields
              reason={reason}
              reasonProblem={decision.reasonProblem}
              onReasonChange={setReason}
              stopOnFailure={stopOnFailure}
              onStopOnFailureChange={setStopOnFailure}
              confirmation={decision.confirmation}
              confirmText={confirmText}
              confirmationMatches={decision.confirmationMatches}
              onConfirmTextChange={setConfirmText}
              disabled={starting.submitting}
            />
          </>
        )}
        <EvacuationStartError error={starting.error} onPlanAgain={planAgain} />
        {decision.showBlockers && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="evacuation-blockers"
          >
            To start: {decision.blockers.join('; ')}.
          </Typography>
        )}
      </>
    );
  }

  let closeLabel = 'Cancel';
  if (evacuation) {
    closeLabel = finished ? 'Close' : 'Close (it continues on the server)';
  }
  let activeStep = 0;
  if (evacuation) activeStep = 2;
  else if (plan) activeStep = 1;
  const region = plan?.region ?? scope.region;

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="lg"
      fullWidth
      data-testid="evacuation-dialog"
      aria-labelledby="evacuation-dialog-title"
    >
      <DialogTitle id="evacuation-dialog-title">
        {evacuation
          ? `Evacuation of ${evacuation.region}`
          : 'Evacuate a region'}
      </DialogTitle>
      <DialogContent dividers>
        <Stepper activeStep={activeStep} style={{ padding: '0 0 16px' }}>
          {STEPS.map(label => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {content}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="evacuation-cancel">
          {closeLabel}
        </Button>
        {evacuation && !finished && !evacuation.stop && (
          <StopEvacuationButton
            evacuation={evacuation}
            onStopped={progress.replace}
          />
        )}
        {!evacuation && (
          <Button
            variant="contained"
            color="secondary"
            disabled={!decision.canStart}
            onClick={() =>
              plan && starting.start(plan, { reason, stopOnFailure })
            }
            data-testid="evacuation-start"
          >
            {starting.submitting
              ? 'Starting…'
              : `Evacuate ${region ?? 'a region'}`}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

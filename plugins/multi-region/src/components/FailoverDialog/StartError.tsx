import Typography from '@material-ui/core/Typography';
import { EntityStatusResponse } from '@multi-region-failover/plugin-multi-region-common';
import { isConflict, refusalOf, refusedReadiness } from '../../utils/errors';
import { formatActor, formatRelative } from '../../utils/format';
import { activeRegionOf } from '../../utils/roles';
import { ErrorNotice } from '../ErrorNotice';
import { RefusalAlert } from './RefusalAlert';

/** What the service looks like after someone else changed it first. */
function ConflictNow({ status }: { status?: EntityStatusResponse }) {
  const region = status && activeRegionOf(status);
  if (!region) return null;
  const last = status.lastChange;
  return (
    <Typography variant="body2" data-testid="failover-conflict-now">
      It is now active in <strong>{region}</strong>
      {last
        ? ` after a ${last.action} by ${formatActor(
            last.actor,
          )} ${formatRelative(last.createdAt)} (“${last.reason}”)`
        : ''}
      . Nothing was changed by you. Review the new plan before trying again.
    </Typography>
  );
}

/** The failing checks the server found when it refused for readiness. */
export function RefusedReadiness({
  error,
  action = 'confirm',
}: {
  error: unknown;
  /** The button to press again: "confirm", "start the drill". */
  action?: string;
}) {
  const failing = refusedReadiness(error)?.checks.filter(
    c => c.verdict === 'fail',
  );
  if (!failing?.length) return null;
  return (
    <>
      <ul style={{ margin: '4px 0', paddingLeft: 16 }}>
        {failing.map(check => (
          <li key={check.id} data-testid="failover-readiness-refused-check">
            <strong>{check.title}</strong>: {check.reason}
          </li>
        ))}
      </ul>
      <Typography variant="body2">
        Nothing was changed. The checklist above now shows what the server
        found: read it, tick the acknowledgement and {action} again.
      </Typography>
    </>
  );
}

const CONFLICT_TITLES = {
  changed: 'Someone else just changed this service',
  'wait-period': 'Not yet: a safety rule’s wait period is running',
  deploying: 'Not yet: ARC is still deploying the control panel',
  readiness: 'Readiness checks fail that you have not acknowledged',
};

/**
 * Why the failover did not start: someone else changed the service first
 * (409, with the way to plan again), a readiness check failing unacknowledged
 * (409, with the server's failing checks), or any other error in words.
 */
export function StartError(props: {
  error: unknown;
  conflictStatus?: EntityStatusResponse;
  onReviewAgain: () => void;
}) {
  if (props.error === undefined) return null;
  const refusal = refusalOf(props.error);
  if (!isConflict(props.error)) {
    return (
      <ErrorNotice
        error={props.error}
        summary="The failover was not started"
        testId="failover-error"
      />
    );
  }
  return (
    <RefusalAlert
      error={props.error}
      refusal={refusal ?? 'changed'}
      title={CONFLICT_TITLES[refusal ?? 'changed']}
      againLabel="Review new plan"
      onAgain={props.onReviewAgain}
      testIds={{ alert: 'failover-conflict', again: 'failover-review-again' }}
    >
      {!refusal && <ConflictNow status={props.conflictStatus} />}
      {refusal === 'readiness' && <RefusedReadiness error={props.error} />}
    </RefusalAlert>
  );
}

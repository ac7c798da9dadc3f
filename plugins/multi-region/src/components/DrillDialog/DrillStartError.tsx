import {
  DrillStartRefusal,
  drillRefusalOf,
  isConflict,
} from '../../utils/errors';
import { ErrorNotice } from '../ErrorNotice';
import { RefusalAlert, RefusedReadiness } from '../FailoverDialog';

const CONFLICT_TITLES: Record<DrillStartRefusal | 'changed', string> = {
  changed: 'The service changed under you',
  'drill-not-on-primary': 'Refused: the service is not on its primary',
  'drill-running': 'Refused: a drill is already running',
  'drill-window': 'Refused: outside the drill window',
  'drill-blocking-alarm': 'Refused: a blocking alarm is in ALARM',
  readiness: 'Readiness checks fail that you have not acknowledged',
};

/**
 * Why the drill did not start: the server refused it (409 with its refusal
 * and message; for readiness, its failing checks), the service changed
 * under the person (409, plan again), or any other error in words.
 */
export function DrillStartError(props: {
  error: unknown;
  onPlanAgain: () => void;
}) {
  if (props.error === undefined) return null;
  if (!isConflict(props.error)) {
    return (
      <ErrorNotice
        error={props.error}
        summary="The drill was not started"
        testId="drill-error"
      />
    );
  }
  const refusal = drillRefusalOf(props.error);
  return (
    <RefusalAlert
      error={props.error}
      refusal={refusal ?? 'changed'}
      title={CONFLICT_TITLES[refusal ?? 'changed']}
      againLabel="Plan again"
      onAgain={props.onPlanAgain}
      testIds={{
        alert: 'drill-conflict',
        again: 'drill-plan-again',
        message: 'drill-conflict-message',
      }}
    >
      {refusal === 'readiness' && (
        <RefusedReadiness error={props.error} action="start the drill" />
      )}
    </RefusalAlert>
  );
}

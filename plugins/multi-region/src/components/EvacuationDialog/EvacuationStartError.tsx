import { isConflict, refusalText } from '../../utils/errors';
import { ErrorNotice } from '../ErrorNotice';
import { RefusalAlert } from '../FailoverDialog';

/**
 * Why the evacuation did not start: the server refused it (409: one of the
 * region already runs, nothing to move any more; plan again), or any other
 * error in words (400 a wrong confirmation, 403).
 */
export function EvacuationStartError(props: {
  error: unknown;
  onPlanAgain: () => void;
}) {
  if (props.error === undefined) return null;
  if (!isConflict(props.error)) {
    return (
      <ErrorNotice
        error={props.error}
        summary="The evacuation was not started"
        testId="evacuation-error"
      />
    );
  }
  return (
    <RefusalAlert
      error={props.error}
      refusal={refusalText(props.error) ?? 'conflict'}
      title="Refused: the evacuation cannot start now"
      againLabel="Plan again"
      onAgain={props.onPlanAgain}
      testIds={{
        alert: 'evacuation-conflict',
        again: 'evacuation-plan-again',
        message: 'evacuation-conflict-message',
      }}
    />
  );
}

import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Evacuation,
  evacuationCounts,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  describeSelection,
  evacuationStatusLabel,
  isEvacuationFinal,
} from '../../utils/evacuations';
import { liveUpdatesAttribute } from '../../hooks/liveUpdates';
import { errorMessage } from '../../utils/errors';
import { formatActor, formatTimestamp } from '../../utils/format';
import { EventList } from '../EventList';
import { EvacuationCountChips } from './EvacuationCountChips';
import { EvacuationItemsTable } from './EvacuationItemsTable';
import { EvacuationOutcome } from './EvacuationOutcome';

/**
 * Step 3, live: who evacuates which region and why, how many services are
 * in each state, each service's state, a stop asked for, the outcome once
 * completed, and the evacuation's events.
 */
export function EvacuationProgress(props: {
  evacuation: Evacuation;
  pollError?: unknown;
  /** Signals drive the re-reads (else it polls). */
  live?: boolean;
}) {
  const { evacuation } = props;
  // The server counts; an answer without counts is counted from its items.
  const counts = evacuation.counts ?? evacuationCounts(evacuation.items);
  const selection = describeSelection(evacuation.selection);
  return (
    <div
      data-testid="evacuation-progress"
      data-state={evacuation.state}
      data-outcome={evacuation.outcome ?? 'none'}
      data-live-updates={liveUpdatesAttribute(Boolean(props.live))}
    >
      <Typography variant="body2">
        Evacuation of {evacuation.region}
        {selection ? ` (${selection})` : ''}, started by{' '}
        {formatActor(evacuation.actor)} {formatTimestamp(evacuation.createdAt)}:
        “{evacuation.reason}”.{' '}
        {evacuation.stopOnFailure
          ? 'The services not started yet stop if one fails.'
          : 'The others go on if one fails.'}{' '}
        Now <strong>{evacuationStatusLabel(evacuation)}</strong>.
      </Typography>
      <EvacuationCountChips counts={counts} />
      {evacuation.stop && (
        <Typography variant="body2" data-testid="evacuation-stop-requested">
          Stop asked by {formatActor(evacuation.stop.by)}{' '}
          {formatTimestamp(evacuation.stop.at)}: “{evacuation.stop.reason}”. The
          services not started yet are skipped; those moving finish.
        </Typography>
      )}
      {props.pollError !== undefined && (
        <Alert severity="warning">
          Could not read the latest progress ({errorMessage(props.pollError)});
          retrying. The evacuation itself continues on the server.
        </Alert>
      )}
      {isEvacuationFinal(evacuation) && (
        <EvacuationOutcome evacuation={evacuation} counts={counts} />
      )}
      <EvacuationItemsTable items={evacuation.items} />
      {evacuation.unlisted > 0 && (
        <Typography variant="caption" display="block">
          {evacuation.unlisted} more service(s) of this evacuation are not
          listed: you may not read them.
        </Typography>
      )}
      <EventList events={evacuation.events} testIdPrefix="evacuation-event" />
    </div>
  );
}

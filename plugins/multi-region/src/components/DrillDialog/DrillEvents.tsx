import Typography from '@material-ui/core/Typography';
import { DrillEvent } from '@multi-region-failover/plugin-multi-region-common';
import { formatTimestamp } from '../../utils/format';

/** The drill's own log, oldest first: phases, what it saw, who stopped it. */
export function DrillEvents(props: { events: DrillEvent[] }) {
  if (props.events.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" id="drill-events-title">
        Events
      </Typography>
      <ul
        data-testid="drill-events"
        aria-labelledby="drill-events-title"
        style={{ margin: 0, paddingLeft: 16 }}
      >
        {props.events.map((event, i) => (
          <li key={`${event.at}-${i}`} data-testid="drill-event">
            <Typography variant="body2">
              <span style={{ whiteSpace: 'nowrap' }}>
                {formatTimestamp(event.at)}
              </span>{' '}
              {event.message}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
}

import Typography from '@material-ui/core/Typography';
import { formatTimestamp } from '../../utils/format';

/**
 * A log of what happened, oldest first, under an "Events" title: a drill's
 * or an evacuation's. Test ids: the list `<testIdPrefix>s`, each entry
 * `<testIdPrefix>`.
 */
export function EventList(props: {
  events: { at: string; message: string }[];
  /** e.g. `drill-event`: the list is `drill-events`, each entry `drill-event`. */
  testIdPrefix: string;
}) {
  const { testIdPrefix } = props;
  if (props.events.length === 0) return null;
  const titleId = `${testIdPrefix}s-title`;
  return (
    <>
      <Typography variant="subtitle2" id={titleId}>
        Events
      </Typography>
      <ul
        data-testid={`${testIdPrefix}s`}
        aria-labelledby={titleId}
        style={{ margin: 0, paddingLeft: 16 }}
      >
        {props.events.map((event, i) => (
          <li key={`${event.at}-${i}`} data-testid={testIdPrefix}>
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

import { DrillEvent } from '@multi-region-failover/plugin-multi-region-common';
import { EventList } from '../EventList';

/** The drill's own log, oldest first: phases, what it saw, who stopped it. */
export function DrillEvents(props: { events: DrillEvent[] }) {
  return <EventList events={props.events} testIdPrefix="drill-event" />;
}

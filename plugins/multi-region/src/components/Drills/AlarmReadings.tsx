import { Fragment } from 'react';
import { useTheme } from '@material-ui/core/styles';
import { DrillAlarmReading } from '@multi-region-failover/plugin-multi-region-common';

/** States that stand in a drill's way; the others are shown plainly. */
const BAD: ReadonlyArray<DrillAlarmReading['state']> = [
  'ALARM',
  'MISSING',
  'UNKNOWN',
];

/**
 * "orders-5xx-us-west-2: OK, orders-db: ALARM" inline; an alarm in ALARM,
 * missing or unreadable in the error colour, its reason on hover.
 */
export function AlarmReadings(props: {
  readings: DrillAlarmReading[];
  /** Test id of each reading. */
  itemTestId: string;
}) {
  const theme = useTheme();
  return (
    <>
      {props.readings.map((reading, i) => (
        <Fragment key={`${reading.region}/${reading.name}`}>
          {i > 0 && ', '}
          <span
            data-testid={props.itemTestId}
            data-state={reading.state}
            title={reading.error ?? reading.reason}
            style={
              BAD.includes(reading.state)
                ? { color: theme.palette.error.main, fontWeight: 600 }
                : undefined
            }
          >
            {reading.name}: {reading.state}
          </span>
        </Fragment>
      ))}
    </>
  );
}

import Typography from '@material-ui/core/Typography';
import { DrillWindowVerdict } from '@multi-region-failover/plugin-multi-region-common';

type Windows = DrillWindowVerdict['allowedWindows'];

/** "Mon-Fri 09:00-17:00 (service), 2030-12-24 (organisation)". */
const listed = (windows: Windows) =>
  windows.map(w => `${w.window} (${w.source})`).join(', ');

/** Whether the time windows allow a drill now, and which windows applied. */
export function DrillWindow(props: { window: DrillWindowVerdict }) {
  const { window } = props;
  const none =
    window.allowedWindows.length === 0 && window.blockedWindows.length === 0;
  return (
    <Typography
      variant="body2"
      component="div"
      data-testid="drill-window"
      data-allowed={window.allowed}
      style={{ marginTop: 8 }}
    >
      <strong>Time window:</strong> {window.reason}
      <Typography variant="caption" display="block" color="textSecondary">
        {none && 'No drill windows are set: drills may run at any time (UTC).'}
        {window.allowedWindows.length > 0 &&
          `Allowed (UTC): ${listed(window.allowedWindows)}. `}
        {window.blockedWindows.length > 0 &&
          `Blocked (UTC): ${listed(window.blockedWindows)}.`}
      </Typography>
    </Typography>
  );
}

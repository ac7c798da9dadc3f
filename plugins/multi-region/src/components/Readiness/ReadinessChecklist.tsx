import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  readinessHeadline,
  ReadinessReport,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatRelative, formatTimestamp } from '../../utils/format';
import { useVerdictColor, VerdictIcon } from './verdicts';

/** "Evaluated 5 min ago", the exact time on hover. */
export function EvaluatedAt(props: { at: string; now?: Date }) {
  const relative = formatRelative(props.at, props.now);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      title={formatTimestamp(props.at)}
      data-testid="readiness-evaluated"
    >
      Evaluated {relative || formatTimestamp(props.at)}
    </Typography>
  );
}

/** The headline of a report in its verdict's colour, with its icon. */
export function ReadinessHeadline(props: {
  report: ReadinessReport;
  testId?: string;
}) {
  const color = useVerdictColor();
  const { summary } = props.report;
  return (
    <Typography
      variant="body2"
      component="span"
      data-testid={props.testId ?? 'readiness-headline'}
      data-verdict={summary.verdict}
      style={{
        color: color(summary.verdict),
        display: 'inline-flex',
        alignItems: 'center',
        fontWeight: 500,
      }}
    >
      <VerdictIcon
        verdict={summary.verdict}
        decorative
        style={{ marginRight: 6 }}
      />
      {readinessHeadline(summary, props.report.action)}
    </Typography>
  );
}

/**
 * Every readiness check of a change, in the backend's order: its verdict as
 * an icon (named for screen readers) and its one-line reason; above them the
 * headline and when the checks were evaluated.
 */
export function ReadinessChecklist(props: {
  report: ReadinessReport;
  /** Show the headline and time above the list (off where they are already shown). */
  headline?: boolean;
  now?: Date;
}) {
  const { report } = props;
  const showHeadline = props.headline ?? true;
  return (
    <div
      data-testid="readiness-checklist"
      data-verdict={report.summary.verdict}
    >
      {showHeadline && (
        <div>
          <ReadinessHeadline report={report} />
          <div>
            <EvaluatedAt at={report.evaluatedAt} now={props.now} />
          </div>
        </div>
      )}
      <List dense disablePadding aria-label="Readiness checks">
        {report.checks.map(check => (
          <ListItem
            key={check.id}
            disableGutters
            alignItems="flex-start"
            data-testid="readiness-check"
            data-check-id={check.id}
            data-verdict={check.verdict}
          >
            <ListItemIcon style={{ minWidth: 32, marginTop: 4 }}>
              <VerdictIcon verdict={check.verdict} />
            </ListItemIcon>
            <ListItemText
              primary={check.title}
              secondary={check.reason}
              // reasons quote ARNs and host names: wrap them, never clip
              secondaryTypographyProps={{
                style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
              }}
            />
          </ListItem>
        ))}
      </List>
    </div>
  );
}

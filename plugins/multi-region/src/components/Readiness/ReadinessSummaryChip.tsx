import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import {
  FailoverAction,
  readinessHeadline,
  ReadinessSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { formatRelative, formatTimestamp } from '../../utils/format';
import { READINESS_STATUS_LABELS, VerdictIcon } from './verdicts';

/**
 * A readiness summary in a table cell: the verdict as a chip and "5/6"
 * checks passing, the headline on hover; "—" until it has been evaluated.
 * The element with `testId` carries `data-verdict` (`none` before then).
 */
export function ReadinessSummaryChip(props: {
  summary?: ReadinessSummary;
  /** The change the checks are of, for the headline's verb. */
  action: FailoverAction;
  testId: string;
}) {
  const { summary, testId } = props;
  if (!summary) {
    return (
      <span data-testid={testId} data-verdict="none">
        —
      </span>
    );
  }
  return (
    <Tooltip
      title={`${readinessHeadline(
        summary,
        props.action,
      )}. Evaluated ${formatRelative(summary.evaluatedAt)} (${formatTimestamp(
        summary.evaluatedAt,
      )}).`}
    >
      <span
        data-testid={testId}
        data-verdict={summary.verdict}
        style={{ whiteSpace: 'nowrap' }}
      >
        <Chip
          size="small"
          variant="outlined"
          icon={<VerdictIcon verdict={summary.verdict} />}
          label={READINESS_STATUS_LABELS[summary.verdict]}
        />{' '}
        {summary.passed}/{summary.total}
      </span>
    </Tooltip>
  );
}

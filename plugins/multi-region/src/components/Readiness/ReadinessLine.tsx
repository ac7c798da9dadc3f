import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReadinessReport } from '@multi-region-failover/plugin-multi-region-common';
import { newerReport, useReadinessCheck } from '../../hooks/useReadinessCheck';
import { ErrorNotice } from '../ErrorNotice';
import {
  EvaluatedAt,
  ReadinessChecklist,
  ReadinessHeadline,
} from './ReadinessChecklist';

/**
 * One line on the card: "Ready to fail over to us-west-2: 6 of 6 checks
 * pass" in its verdict's colour, expandable to every check, and "Check now"
 * to evaluate them again. Shows the stored report of the status until a
 * check of its own is newer.
 */
export function ReadinessLine(props: {
  entityRef: string;
  /** The stored latest report (`status.readiness`); absent until evaluated. */
  report?: ReadinessReport;
  defaultExpanded?: boolean;
  now?: Date;
}) {
  const checking = useReadinessCheck(props.entityRef);
  const report = newerReport(checking.report, props.report);
  const [expanded, setExpanded] = useState(props.defaultExpanded ?? false);
  const listId = useId();
  return (
    <Box
      my={1}
      data-testid="multi-region-readiness"
      data-verdict={report?.summary.verdict ?? 'none'}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Box flexGrow={1} mr={1}>
          {report ? (
            <ReadinessHeadline
              report={report}
              testId="multi-region-readiness-headline"
            />
          ) : (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="multi-region-readiness-headline"
            >
              Readiness not evaluated yet
            </Typography>
          )}
        </Box>
        {report && (
          <Button
            size="small"
            onClick={() => setExpanded(e => !e)}
            aria-expanded={expanded}
            aria-controls={listId}
            endIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            data-testid="multi-region-readiness-toggle"
          >
            {expanded ? 'Hide checks' : 'Show checks'}
          </Button>
        )}
        <Button
          size="small"
          variant="outlined"
          disabled={checking.checking}
          onClick={() => checking.check()}
          data-testid="multi-region-readiness-check"
        >
          {checking.checking ? 'Checking…' : 'Check now'}
        </Button>
      </Box>
      {report && <EvaluatedAt at={report.evaluatedAt} now={props.now} />}
      {checking.error && !checking.checking && (
        <ErrorNotice
          error={checking.error}
          summary="Could not check readiness"
          onRetry={() => checking.check()}
          testId="multi-region-readiness-error"
        />
      )}
      {report && (
        // The checks are drawn only once asked for: the card stays light.
        <div id={listId}>
          <Collapse in={expanded} mountOnEnter unmountOnExit>
            <ReadinessChecklist report={report} headline={false} />
          </Collapse>
        </div>
      )}
    </Box>
  );
}

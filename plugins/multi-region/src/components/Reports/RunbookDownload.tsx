import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useRunbookDownload } from '../../hooks/useReportDownload';
import { ErrorNotice } from '../ErrorNotice';

const CAPTION =
  'AWS CLI script to fail over and back through any ARC endpoint when the portal is down';

/**
 * "Break-glass runbook" (`runbook-download`): downloads the entity's bash
 * script of AWS CLI commands and saves it. A failure is shown under it
 * (`runbook-download-error`).
 */
export function RunbookDownload(props: { entityRef: string }) {
  const { download, downloading, error } = useRunbookDownload(props.entityRef);
  const captionId = useId();
  return (
    <Box display="inline-flex" flexDirection="column" alignItems="flex-start">
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Button
          size="small"
          variant="outlined"
          startIcon={<GetAppIcon fontSize="small" />}
          disabled={downloading}
          onClick={() => download()}
          aria-describedby={captionId}
          data-testid="runbook-download"
        >
          {downloading ? 'Downloading…' : 'Break-glass runbook'}
        </Button>
        <Typography id={captionId} variant="caption" color="textSecondary">
          {CAPTION}
        </Typography>
      </Box>
      {error && !downloading && (
        <ErrorNotice
          error={error}
          summary="Could not download the break-glass runbook"
          testId="runbook-download-error"
        />
      )}
    </Box>
  );
}

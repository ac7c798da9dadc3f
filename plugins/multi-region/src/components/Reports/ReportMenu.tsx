import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import GetAppIcon from '@material-ui/icons/GetApp';
import { ReportFormat } from '@multi-region-failover/plugin-multi-region-common';
import { ReportTarget } from '../../api/MultiRegionApi';
import { useReportDownload } from '../../hooks/useReportDownload';
import { ErrorNotice } from '../ErrorNotice';

const FORMAT_LABELS: Record<ReportFormat, string> = {
  json: 'JSON',
  csv: 'CSV (spreadsheet)',
  markdown: 'Markdown',
};

/**
 * A button that opens a menu of a report's formats; picking one downloads
 * the report through the API and saves it. A failure is shown under it.
 * Test ids: the button `buttonTestId` (default `testId`), each format
 * `<testId>-format` (`data-format`), the failure `<testId>-error`.
 */
export function ReportMenu(props: {
  target: ReportTarget;
  formats: readonly ReportFormat[];
  label: string;
  /** What a failure says, e.g. "Could not download the drill's report". */
  failed: string;
  testId: string;
  buttonTestId?: string;
  /** A small text button, for a row of a table or a timeline. */
  compact?: boolean;
}) {
  const { download, downloading, error } = useReportDownload(props.target);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const pick = (format: ReportFormat) => {
    setAnchor(null);
    download(format);
  };
  return (
    <Box display="inline-flex" flexDirection="column" alignItems="flex-start">
      <Button
        size="small"
        variant={props.compact ? 'text' : 'outlined'}
        startIcon={<GetAppIcon fontSize="small" />}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        disabled={downloading}
        onClick={e => setAnchor(e.currentTarget)}
        data-testid={props.buttonTestId ?? props.testId}
      >
        {downloading ? 'Downloading…' : props.label}
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
      >
        {props.formats.map(format => (
          <MenuItem
            key={format}
            onClick={() => pick(format)}
            data-testid={`${props.testId}-format`}
            data-format={format}
          >
            {FORMAT_LABELS[format]}
          </MenuItem>
        ))}
      </Menu>
      {error && !downloading && (
        <ErrorNotice
          error={error}
          summary={props.failed}
          testId={`${props.testId}-error`}
        />
      )}
    </Box>
  );
}

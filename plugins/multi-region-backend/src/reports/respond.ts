import express from 'express';
import { ReportFileFormat } from './filenames';

const CONTENT_TYPES: Record<ReportFileFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/**
 * Sends a report as a download: its content type, `Content-Disposition:
 * attachment` with a file name of `[a-z0-9-]` only (see filenames.ts), and
 * never cached (it names people and may go stale at once).
 */
export function sendReport(
  res: express.Response,
  options: {
    format: ReportFileFormat;
    filename: string;
    /** The report; JSON is served as it is. */
    report: unknown;
    /** The document of the other formats. */
    render: () => string;
  },
): void {
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(options.filename)) {
    throw new Error(`Unsafe report file name ${options.filename}`);
  }
  res
    .status(200)
    .set('Content-Type', CONTENT_TYPES[options.format])
    .set('Content-Disposition', `attachment; filename="${options.filename}"`)
    .set('Cache-Control', 'no-store')
    .set('X-Content-Type-Options', 'nosniff');
  const body =
    options.format === 'json'
      ? `${JSON.stringify(options.report, null, 2)}\n`
      : options.render();
  res.send(body);
}

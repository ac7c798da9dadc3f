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
  sendDownload(res, {
    contentType: CONTENT_TYPES[options.format],
    filename: options.filename,
    body:
      options.format === 'json'
        ? `${JSON.stringify(options.report, null, 2)}\n`
        : options.render(),
  });
}

/**
 * Sends a file to save: `Content-Disposition: attachment` with a file name
 * of `[a-z0-9-]` only (so the header needs no quoting rules), never cached.
 */
export function sendDownload(
  res: express.Response,
  file: { contentType: string; filename: string; body: string },
): void {
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(file.filename)) {
    throw new Error(`Unsafe download file name ${file.filename}`);
  }
  res
    .status(200)
    .set('Content-Type', file.contentType)
    .set('Content-Disposition', `attachment; filename="${file.filename}"`)
    .set('Cache-Control', 'no-store')
    .set('X-Content-Type-Options', 'nosniff')
    .send(file.body);
}

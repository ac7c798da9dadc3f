import { ReportFormat } from '@multi-region-failover/plugin-multi-region-common';
import { ReportTarget } from './MultiRegionApi';

const EXTENSIONS: Record<ReportFormat, string> = {
  json: 'json',
  markdown: 'md',
  csv: 'csv',
};

/** The backend route of a report, its format in the query. */
export function reportPath(target: ReportTarget, format: ReportFormat): string {
  const query = `?${new URLSearchParams({ format })}`;
  if (target.kind === 'organisation') return `/reports/organisation${query}`;
  const collection = target.kind === 'operation' ? 'operations' : 'drills';
  return `/${collection}/${encodeURIComponent(target.id)}/report${query}`;
}

/** A saved file's name: one plain name, never a path or a hidden file. */
const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The file name of a `Content-Disposition: attachment` header
 * (`filename*=UTF-8''…` first, then `filename="…"` or `filename=…`), when it
 * is a plain name; undefined otherwise.
 */
export function attachmentFilename(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(header);
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(header);
  let name: string | undefined;
  try {
    name = extended ? decodeURIComponent(extended[1].trim()) : undefined;
  } catch {
    name = undefined;
  }
  name = name ?? plain?.[1] ?? plain?.[2];
  return name && SAFE_FILENAME.test(name) ? name : undefined;
}

/**
 * The name to save a report under when the server's is not readable (a
 * cross-origin backend that does not expose Content-Disposition): the
 * organisation report's as the server names it, else the kind and the
 * first 8 characters of the id.
 */
export function fallbackReportFilename(
  target: ReportTarget,
  format: ReportFormat,
  now: Date = new Date(),
): string {
  const extension = EXTENSIONS[format];
  if (target.kind === 'organisation') {
    const day = now.toISOString().slice(0, 10);
    return `multi-region-organisation-report-${day}.${extension}`;
  }
  const prefix =
    target.id
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'id';
  return `${target.kind}-report-${prefix}.${extension}`;
}

/** The backend route of an entity's break-glass runbook. */
export function runbookPath(entityRef: string): string {
  return `/runbook?${new URLSearchParams({ entityRef })}`;
}

/**
 * The name to save a runbook under when the server's is not readable: the
 * server's pattern, `<entity name>-break-glass-runbook.sh`.
 */
export function fallbackRunbookFilename(entityRef: string): string {
  const name =
    entityRef
      .slice(entityRef.lastIndexOf('/') + 1)
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 150) || 'service';
  return `${name}-break-glass-runbook.sh`;
}

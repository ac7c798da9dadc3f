/**
 * File names of the downloaded reports: only `a-z`, `0-9` and `-` before
 * the extension, whatever the entity is called, so a Content-Disposition
 * header never needs quoting rules and a saved file never lands elsewhere.
 */

/** The extension of each format. */
export const REPORT_EXTENSIONS = {
  json: 'json',
  markdown: 'md',
  csv: 'csv',
} as const;

export type ReportFileFormat = keyof typeof REPORT_EXTENSIONS;

/** Lower case, every run of other characters one `-`, at most `max` long; `fallback` when nothing is left. */
export function safeSlug(text: string, max = 60, fallback = 'x'): string {
  const slug = text
    .normalize('NFKD')
    // the accents NFKD split off their letters
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** The UTC day of a timestamp as YYYY-MM-DD (of `fallback` when it is not one). */
export function reportDay(iso: string | undefined, fallback: string): string {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return new Date(Number.isFinite(ms) ? ms : Date.parse(fallback))
    .toISOString()
    .slice(0, 10);
}

/** The name part of an entity ref (`component:default/orders` → `orders`). */
function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

/**
 * `failover-report-orders-2026-12-04-1a2b3c4d.md`: what it is, the entity's
 * name, the day it happened and the first 8 characters of its id.
 */
export function recordReportFilename(options: {
  kind: 'failover' | 'failback' | 'drill';
  entityRef: string;
  at: string | undefined;
  id: string;
  format: ReportFileFormat;
  generatedAt: string;
}): string {
  return `${options.kind}-report-${safeSlug(
    entityName(options.entityRef),
    60,
    'service',
  )}-${reportDay(options.at, options.generatedAt)}-${safeSlug(
    options.id.replace(/-/g, ''),
    8,
    'id',
  )}.${REPORT_EXTENSIONS[options.format]}`;
}

/** `multi-region-organisation-report-2026-12-04.csv`. */
export function organisationReportFilename(
  generatedAt: string,
  format: ReportFileFormat,
): string {
  return `multi-region-organisation-report-${reportDay(
    generatedAt,
    generatedAt,
  )}.${REPORT_EXTENSIONS[format]}`;
}

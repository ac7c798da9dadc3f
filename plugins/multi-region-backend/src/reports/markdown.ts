/**
 * The readable documents of the reports (GitHub-flavoured Markdown). Every
 * value that comes from a person, the catalog or AWS (a reason, a title, a
 * step's detail, an alarm's reason) goes through {@link escapeMarkdown}: it
 * stays on its line and in its table cell, and is never read as Markdown or
 * HTML, whoever wrote it.
 */
import {
  Drill,
  DrillReport,
  Operation,
  OperationReport,
  OperationReportVerdict,
  OrganisationReport,
  OrganisationReportRow,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  formatDuration,
  formatRto,
  formatTime,
  rtoVerdictWord,
  switchAgainstRto,
  yesNo,
} from './text';

const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u0009\u000e-\u001f\u007f-\u009f]/g;
/** Zero-width and text-direction characters: the text must read as it is. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * Text made inert for one line of Markdown or one table cell: line breaks
 * become " ↵ ", other control and invisible characters go, `&`, `<` and `>`
 * become entities (no HTML, no autolinks), and the characters Markdown
 * gives a meaning within a line (`\`, backticks, `*`, `_`, `[`, `]`, `#`,
 * `|`, `~`, `$`) are escaped with a backslash.
 */
export function escapeMarkdown(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text
    .replace(LINE_BREAKS, ' ↵ ')
    .replace(CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .replace(/[&<>]/g, c => ENTITIES[c])
    .replace(/[\\`*_[\]#|~$]/g, c => `\\${c}`)
    .trim();
}

/** A table; every cell is escaped here. */
function table(header: string[], rows: unknown[][]): string[] {
  const line = (cells: unknown[]) =>
    `| ${cells.map(c => escapeMarkdown(c)).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`].concat(
    rows.map(line),
  );
}

/** A two-column table of fields, leaving out those without a value. */
function fields(rows: Array<[string, unknown]>): string[] {
  return table(
    ['Field', 'Value'],
    rows.filter(([, value]) => value !== undefined && value !== ''),
  );
}

const heading = (level: number, text: string) => `${'#'.repeat(level)} ${text}`;

const STEP_NAMES: Record<string, string> = {
  authorised: 'Authorised',
  'routing-controls-updated': 'Routing controls updated',
  'health-checks-observed': 'Health checks observed',
  'dns-answering': 'DNS answering',
};

/** The entity's name as a heading shows it: its title, else its ref's name. */
function shortName(entityRef: string, title?: string): string {
  return title ?? entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

function since(from: string, at: string | undefined): string {
  if (!at) return '';
  const ms = Date.parse(at) - Date.parse(from);
  return Number.isFinite(ms) ? `+${formatDuration(Math.max(0, ms))}` : '';
}

function generatedLine(report: {
  generatedAt: string;
  generatedBy: string;
}): string {
  return `Generated ${escapeMarkdown(
    formatTime(report.generatedAt),
  )} for ${escapeMarkdown(report.generatedBy)}.`;
}

function whoDidIt(op: Operation): string {
  return op.source === 'external'
    ? 'external (a change made outside the portal)'
    : op.actor;
}

/** The summary, readiness and steps of one operation. */
function operationSections(
  op: Operation,
  verdict: OperationReportVerdict,
  level: number,
  context: { entityRef: string; title?: string; owner?: string },
): string[] {
  const status = op.error
    ? `${op.status} (${op.error.name}: ${op.error.message})`
    : op.status;
  const summary = fields([
    [
      'Service',
      context.title
        ? `${context.entityRef} (${context.title})`
        : context.entityRef,
    ],
    ['Owner', context.owner],
    ['Operation', op.id],
    ['Action', `${op.action} from ${op.fromRegion} to ${op.toRegion}`],
    ['Who', whoDidIt(op)],
    ['When (confirmed)', formatTime(op.createdAt)],
    ['Completed', op.completedAt ? formatTime(op.completedAt) : 'not yet'],
    ['Why', op.reason],
    ['Status', status],
    ['Safety rules overridden', yesNo(op.overrideSafetyRules)],
    ['Time to switch', switchAgainstRto(verdict)],
    ['Time to healthy', formatDuration(verdict.healthyMs)],
    ['RTO', formatRto(verdict.rtoMinutes)],
    ['RTO met', rtoVerdictWord(verdict)],
    ['Drill', op.drillId ?? 'none (a real failover)'],
    ['Superseded by', op.supersededBy],
  ]);
  return [
    ...summary,
    '',
    heading(level, 'Readiness at confirm'),
    '',
    ...readinessLines(op),
    '',
    heading(level, 'Steps'),
    '',
    ...(op.steps.length
      ? table(
          ['Step', 'Status', 'At', 'After confirm', 'Detail'],
          op.steps.map(s => [
            STEP_NAMES[s.name] ?? s.name,
            s.status,
            formatTime(s.at),
            since(op.createdAt, s.at),
            s.detail,
          ]),
        )
      : ['No steps were recorded.']),
  ];
}

function readinessLines(op: Operation): string[] {
  const readiness = op.readiness;
  if (!readiness) {
    return [
      'No readiness checks were recorded with this operation (made outside the portal, or before they existed).',
    ];
  }
  const s = readiness.summary;
  const lines = [
    `Verdict ${escapeMarkdown(s.verdict)}: ${s.passed} passed, ${
      s.warned
    } warned, ${s.failed} failed of ${s.total} checks (target ${escapeMarkdown(
      s.targetRegion,
    )}, evaluated ${escapeMarkdown(formatTime(s.evaluatedAt))}).`,
    '',
  ];
  if (readiness.problems.length === 0) {
    lines.push('Every check passed.');
  } else {
    lines.push(
      ...table(
        ['Check', 'Verdict', 'Reason', 'Acknowledged'],
        readiness.problems.map(c => [
          `${c.title} (${c.id})`,
          c.verdict,
          c.reason,
          c.verdict === 'fail'
            ? yesNo(readiness.acknowledged.includes(c.id))
            : '',
        ]),
      ),
    );
  }
  lines.push(
    '',
    `Failing checks acknowledged by the person: ${
      readiness.acknowledged.length
        ? escapeMarkdown(readiness.acknowledged.join(', '))
        : 'none'
    }.`,
  );
  return lines;
}

function drillFields(drill: Drill): string[] {
  return fields([
    ['Drill', drill.id],
    ['Started by', drill.actor],
    ['Started', formatTime(drill.createdAt)],
    ['Why', drill.reason],
    ['Soak', formatDuration(drill.soakSeconds * 1000)],
    [
      'Soaked',
      drill.soakStartedAt
        ? `${formatTime(drill.soakStartedAt)} to ${formatTime(
            drill.soakEndsAt,
          )}`
        : undefined,
    ],
    ['State', drill.state],
    ['Outcome', drill.outcome ?? 'not yet'],
    ['Outcome detail', drill.outcomeDetail],
    [
      'Stopped by',
      drill.stop
        ? `${drill.stop.by} at ${formatTime(drill.stop.at)}: ${
            drill.stop.reason
          }`
        : undefined,
    ],
    [
      'Completed',
      drill.completedAt ? formatTime(drill.completedAt) : 'not yet',
    ],
    ['Failover operation', drill.failoverOperationId],
    ['Failback operation', drill.failbackOperationId],
  ]);
}

/** `GET /operations/:id/report?format=markdown`. */
export function operationReportMarkdown(report: OperationReport): string {
  const { operation: op, entity } = report;
  const lines = [
    heading(
      1,
      `Failover report: ${escapeMarkdown(
        shortName(entity.entityRef, entity.title),
      )} ${escapeMarkdown(op.fromRegion)} → ${escapeMarkdown(op.toRegion)}`,
    ),
    '',
    generatedLine(report),
    '',
    heading(2, 'Summary'),
    '',
    ...operationSections(op, report.verdict, 2, entity),
  ];
  if (report.drill) {
    lines.push(
      '',
      heading(2, 'Drill'),
      '',
      `This operation is the ${
        report.drill.failbackOperationId === op.id ? 'failback' : 'failover'
      } of a drill.`,
      '',
      ...drillFields(report.drill),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `GET /drills/:id/report?format=markdown`. */
export function drillReportMarkdown(report: DrillReport): string {
  const { drill, entity, verdict } = report;
  const lines = [
    heading(
      1,
      `Drill report: ${escapeMarkdown(
        shortName(entity.entityRef, entity.title),
      )} ${escapeMarkdown(drill.primaryRegion)} → ${escapeMarkdown(
        drill.secondaryRegion,
      )} → ${escapeMarkdown(drill.primaryRegion)}`,
    ),
    '',
    generatedLine(report),
    '',
    `**Verdict: ${escapeMarkdown(verdict.result)}.** ${escapeMarkdown(
      verdict.summary,
    )}`,
    '',
    heading(2, 'Summary'),
    '',
    ...fields([
      [
        'Service',
        entity.title
          ? `${entity.entityRef} (${entity.title})`
          : entity.entityRef,
      ],
      ['Owner', entity.owner],
      ['RTO', formatRto(verdict.rtoMinutes)],
      ['Failover: time to switch', switchAgainstRto(verdict.failover)],
      ['Failover: time to healthy', formatDuration(verdict.failover.healthyMs)],
      ['Failback: time to switch', formatDuration(verdict.failback.switchMs)],
      ['Failback: time to healthy', formatDuration(verdict.failback.healthyMs)],
      [
        'Outcome alarms watched',
        drill.outcomeAlarms.length
          ? `${drill.outcomeAlarms.join(', ')} (${drill.secondaryRegion})`
          : 'none',
      ],
      [
        'Blocking alarms',
        drill.blockingAlarms.length
          ? `${drill.blockingAlarms.join(', ')} (${drill.primaryRegion})`
          : 'none',
      ],
    ]),
    '',
    heading(2, 'Drill'),
    '',
    ...drillFields(drill),
  ];
  if (drill.watch) {
    const w = drill.watch;
    lines.push(
      '',
      heading(2, 'Outcome as last watched'),
      '',
      `At ${escapeMarkdown(formatTime(w.at))}: health check of ${escapeMarkdown(
        drill.secondaryRegion,
      )} ${escapeMarkdown(w.targetHealth)}.`,
    );
    const alarms = [
      ...w.outcomeAlarms.map(a => ({ ...a, kind: 'outcome' })),
      ...w.blockingAlarms.map(a => ({ ...a, kind: 'blocking' })),
    ];
    if (alarms.length) {
      lines.push(
        '',
        ...table(
          ['Alarm', 'Kind', 'Region', 'State', 'Reason'],
          alarms.map(a => [
            a.name,
            a.kind,
            a.region,
            a.state,
            a.reason ?? a.error,
          ]),
        ),
      );
    }
  }
  lines.push(
    '',
    heading(2, 'Events'),
    '',
    ...(drill.events.length
      ? table(
          ['At', 'After start', 'Event'],
          drill.events.map(e => [
            formatTime(e.at),
            since(drill.createdAt, e.at),
            e.message,
          ]),
        )
      : ['No events were recorded.']),
  );
  const part = (
    title: string,
    op: Operation | undefined,
    opVerdict: OperationReportVerdict,
  ) => {
    lines.push('', heading(2, title), '');
    if (!op) {
      lines.push('None was made.');
      return;
    }
    lines.push(...operationSections(op, opVerdict, 3, entity));
  };
  part('Failover', report.failover, verdict.failover);
  part('Failback', report.failback, verdict.failback);
  return `${lines.join('\n')}\n`;
}

function lastDrillCell(row: OrganisationReportRow): string {
  const d = row.lastDrill;
  if (!d) return row.drillRunning ? 'none finished (one running)' : 'never';
  const parts = [formatTime(d.completedAt), d.outcome ?? ''];
  if (row.drillRunning) parts.push('(another running)');
  return parts.filter(Boolean).join(' ');
}

function lastDrillRtoCell(row: OrganisationReportRow): string {
  const d = row.lastDrill;
  if (!d) return '';
  return `${formatDuration(d.switchMs)}, ${rtoVerdictWord({
    rtoMinutes: row.rtoMinutes,
    switchMs: d.switchMs,
    rtoMet: d.rtoMet,
  })}`;
}

function readinessCell(row: OrganisationReportRow): string {
  const r = row.readiness;
  if (!r) return 'not evaluated';
  return `${r.verdict}: ${r.passed}/${r.total} pass, ${r.warned} warn, ${
    r.failed
  } fail (${formatTime(r.evaluatedAt)})`;
}

function lastRealCell(row: OrganisationReportRow): string {
  const f = row.lastRealFailover;
  if (!f) return 'none';
  return `${formatTime(f.completedAt)} ${f.fromRegion} → ${
    f.toRegion
  }, ${formatDuration(f.switchMs)}, ${rtoVerdictWord({
    rtoMinutes: row.rtoMinutes,
    switchMs: f.switchMs,
    rtoMet: f.rtoMet,
  })}`;
}

/** `GET /reports/organisation?format=markdown`. */
export function organisationReportMarkdown(report: OrganisationReport): string {
  const { totals, overdueAfterDays: days } = report;
  const lines = [
    heading(1, 'Multi-region organisation report'),
    '',
    `${generatedLine(
      report,
    )} It lists every multi-region service ${escapeMarkdown(
      report.generatedBy,
    )} may read; a drill is overdue when none passed within ${days} days.`,
    '',
    heading(2, 'Summary'),
    '',
    `- Services: ${totals.services}`,
    `- A drill passed within ${days} days: ${totals.drilledWithinPeriod}`,
    `- Drill overdue: ${totals.overdue}`,
    `- Latest drill within the RTO: ${totals.rtoMetLastDrill}`,
    `- Not ready (a readiness check fails): ${totals.notReady}`,
    '',
    heading(2, 'Services'),
    '',
  ];
  if (report.services.length === 0) {
    lines.push('No multi-region service is visible to you.');
  } else {
    lines.push(
      ...table(
        [
          'Service',
          'Owner',
          'System',
          'Regions',
          'Active',
          'RTO',
          'Last drill',
          'Drill switch vs RTO',
          'Drill overdue',
          'Readiness',
          'Last real failover',
        ],
        report.services.map(row => [
          row.title && row.title !== shortName(row.entityRef)
            ? `${row.title} (${row.entityRef})`
            : row.entityRef,
          row.owner,
          row.system,
          row.annotationProblems
            ? `annotations invalid: ${row.annotationProblems.join('; ')}`
            : `${row.primaryRegion} → ${row.secondaryRegion}`,
          row.activeRegion ?? 'unknown',
          formatRto(row.rtoMinutes),
          lastDrillCell(row),
          lastDrillRtoCell(row),
          row.drillOverdue ? 'overdue' : 'no',
          readinessCell(row),
          lastRealCell(row),
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

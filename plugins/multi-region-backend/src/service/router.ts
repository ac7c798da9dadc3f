import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, toError } from '@backstage/errors';
import {
  FAILOVER_REASON_LIMITS,
  OPERATION_REPORT_FORMATS,
  ORGANISATION_REPORT_FORMATS,
  READINESS_CHECK_IDS,
  sanitiseForAudit,
} from '@multi-region-failover/plugin-multi-region-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DrillRequests } from '../drills/DrillRequests';
import { EvacuationRequests } from '../evacuations/EvacuationRequests';
import {
  organisationReportFilename,
  recordReportFilename,
} from '../reports/filenames';
import {
  drillReportMarkdown,
  operationReportMarkdown,
  organisationReportMarkdown,
} from '../reports/markdown';
import { organisationReportCsv } from '../reports/csv';
import { ReportService } from '../reports/ReportService';
import { sendDownload, sendReport } from '../reports/respond';
import { RunbookService } from '../runbook/RunbookService';
import { bindCallerToken } from '../permissions/callerKey';
import { FailoverPlanner } from './FailoverPlanner';
import { CallerRateLimits } from './CallerRateLimits';
import { WriteAuditTrail, FailoverRequests } from './FailoverRequests';
import { HistoryService } from './HistoryService';
import { ReadinessService } from './ReadinessService';
import { StatusService } from './StatusService';

/** What the routes call; each unit decides with the permission framework per entity. */
export interface MultiRegionServices {
  status: StatusService;
  planner: FailoverPlanner;
  failovers: FailoverRequests;
  history: HistoryService;
  readiness: ReadinessService;
  drills: DrillRequests;
  evacuations: EvacuationRequests;
  /** The break-glass runbook of a service (for when the portal is down). */
  runbooks: RunbookService;
  /** Evidence reports of an operation, a drill, the organisation. */
  reports: ReportService;
  /** Per-caller budgets of the routes that read AWS for one person (plan) or write (execute). */
  rateLimits: CallerRateLimits<'plan' | 'execute'>;
}

const entityRef = z.string().min(1).max(512);
const region = z.string().min(1).max(32);

/** Bodies are strict: unknown fields (an ARN, say) are a 400, never ignored. */
const planBody = z.object({ entityRef, targetRegion: region }).strict();
const executeBody = z
  .object({
    entityRef,
    targetRegion: region,
    // bounded here; validateFailoverReason gives the precise message
    reason: z.string().max(FAILOVER_REASON_LIMITS.maxLength * 4),
    expectedActiveRegion: region,
    overrideSafetyRules: z.boolean().optional(),
    // only known check ids: an unknown one is a 400, never silently ignored
    acknowledgeFailingChecks: z
      .array(z.enum(READINESS_CHECK_IDS))
      .max(READINESS_CHECK_IDS.length)
      .optional(),
  })
  .strict();
const historyQuery = z
  .object({
    entityRef: entityRef.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
const statusQuery = z.object({ entityRef }).strict();
const reason = z.string().max(FAILOVER_REASON_LIMITS.maxLength * 4);
const drillPlanBody = z.object({ entityRef }).strict();
const startDrillBody = z
  .object({
    entityRef,
    reason,
    // whole seconds; the limits of multiRegion.drills give the precise message
    soakSeconds: z.number().int().min(0).max(10_000_000),
    expectedActiveRegion: region,
    acknowledgeFailingChecks: z
      .array(z.enum(READINESS_CHECK_IDS))
      .max(READINESS_CHECK_IDS.length)
      .optional(),
  })
  .strict();
const stopDrillBody = z.object({ reason }).strict();
const drillsQuery = z
  .object({
    entityRef,
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
const selection = z
  .object({
    owner: entityRef.optional(),
    system: entityRef.optional(),
  })
  .strict();
const evacuationPlanBody = z
  .object({ region, selection: selection.optional() })
  .strict();
const startEvacuationBody = z
  .object({
    region,
    selection: selection.optional(),
    reason,
    confirmation: z.string().max(64),
    services: z.array(entityRef).min(1).max(1000),
    stopOnFailure: z.boolean().optional(),
  })
  .strict();
const stopEvacuationBody = z.object({ reason }).strict();
const evacuationsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(50).optional() })
  .strict();
const UUID = /^[0-9a-f-]{36}$/;
const recordReportQuery = z
  .object({ format: z.enum(OPERATION_REPORT_FORMATS).optional() })
  .strict();
const organisationReportQuery = z
  .object({ format: z.enum(ORGANISATION_REPORT_FORMATS).optional() })
  .strict();
const readinessQuery = z
  .object({ entityRef, targetRegion: region.optional() })
  .strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map(issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(
              ', ',
            )} (ARNs are never accepted; the server derives them from the entity)`
          : `${issue.path.join('.') || what}: ${issue.message}`,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

/**
 * The HTTP API under /api/multi-region (docs/api.md). Every route needs a
 * caller: a user, or a service (which may read but not fail over).
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  services: MultiRegionServices;
}): Promise<express.Router> {
  const { httpAuth, auditor } = options;
  const {
    status,
    planner,
    failovers,
    history,
    drills,
    evacuations,
    reports,
    runbooks,
    rateLimits,
  } = options.services;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  const caller = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // the token verified is the caller's identity for what is reused per caller
    bindCallerToken(credentials, req.headers.authorization);
    return credentials;
  };

  /** False (and a 429 with Retry-After sent) when the caller is over budget. */
  const withinLimit = (
    kind: 'plan' | 'execute',
    credentials: BackstageCredentials,
    req: express.Request,
    res: express.Response,
  ): boolean => {
    const who = callerKey(credentials);
    const verdict = rateLimits.take(kind, who);
    if (verdict.allowed) return true;
    res
      .status(429)
      .set('Retry-After', String(verdict.retryAfterSeconds))
      .json({
        error: {
          name: 'TooManyRequestsError',
          message: `Too many ${
            kind === 'plan' ? 'failover plans' : 'failover attempts'
          } from ${who}: try again in ${
            verdict.retryAfterSeconds
          } s (multiRegion.rateLimits).`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 429 },
      });
    return false;
  };

  router.get('/status', async (req, res) => {
    const { entityRef: ref } = parse(statusQuery, req.query, 'query');
    res.json(await status.status(ref, await caller(req)));
  });

  router.get('/services', async (req, res) => {
    res.json(await status.services(await caller(req)));
  });

  // readiness reads AWS for one person, as a plan does: same budget
  router.get('/readiness', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('plan', credentials, req, res)) return;
    res.json(
      await options.services.readiness.readiness(
        parse(readinessQuery, req.query, 'query'),
        credentials,
      ),
    );
  });

  router.post('/plan', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('plan', credentials, req, res)) return;
    res.json(
      await planner.plan(parse(planBody, req.body, 'body'), credentials),
    );
  });

  router.post('/operations', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('execute', credentials, req, res)) return;
    const audit = auditTrail(auditor, req, 'failover');
    let body: z.infer<typeof executeBody>;
    try {
      body = parse(executeBody, req.body, 'body');
    } catch (error) {
      await audit.rejected(req.body, toError(error));
      throw error;
    }
    res.status(202).json(await failovers.execute(body, credentials, audit));
  });

  router.get('/operations/:id', async (req, res) => {
    const credentials = await caller(req);
    if (!UUID.test(req.params.id)) {
      throw new InputError(
        `"${req.params.id}" is not an operation id (a UUID)`,
      );
    }
    res.json(await history.operation(req.params.id, credentials));
  });

  router.post('/drills/plan', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('plan', credentials, req, res)) return;
    const body = parse(drillPlanBody, req.body, 'body');
    res.json(await drills.plan(body.entityRef, credentials));
  });

  router.post('/drills', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('execute', credentials, req, res)) return;
    const audit = auditTrail(auditor, req, 'drill');
    let body: z.infer<typeof startDrillBody>;
    try {
      body = parse(startDrillBody, req.body, 'body');
    } catch (error) {
      await audit.rejected(req.body, toError(error));
      throw error;
    }
    res.status(202).json(await drills.start(body, credentials, audit));
  });

  router.get('/drills', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(drillsQuery, req.query, 'query');
    res.json(
      await drills.list(query.entityRef, query.limit ?? 20, credentials),
    );
  });

  router.get('/drills/:id', async (req, res) => {
    const credentials = await caller(req);
    res.json(await drills.get(drillId(req.params.id), credentials));
  });

  router.post('/drills/:id/stop', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('execute', credentials, req, res)) return;
    const id = drillId(req.params.id);
    const audit = auditTrail(auditor, req, 'drill-stop');
    let body: z.infer<typeof stopDrillBody>;
    try {
      body = parse(stopDrillBody, req.body, 'body');
    } catch (error) {
      await audit.rejected({ drillId: id }, toError(error));
      throw error;
    }
    res.json(await drills.stop(id, body, credentials, audit));
  });

  router.post('/evacuations/plan', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('plan', credentials, req, res)) return;
    const body = parse(evacuationPlanBody, req.body, 'body');
    res.json(await evacuations.plan(body, credentials));
  });

  router.post('/evacuations', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('execute', credentials, req, res)) return;
    const audit = auditTrail(auditor, req, 'evacuation');
    let body: z.infer<typeof startEvacuationBody>;
    try {
      body = parse(startEvacuationBody, req.body, 'body');
    } catch (error) {
      await audit.rejected(req.body, toError(error));
      throw error;
    }
    res.status(201).json(await evacuations.start(body, credentials, audit));
  });

  router.get('/evacuations', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(evacuationsQuery, req.query, 'query');
    res.json(await evacuations.list(query.limit ?? 10, credentials));
  });

  router.get('/evacuations/:id', async (req, res) => {
    const credentials = await caller(req);
    res.json(await evacuations.get(evacuationId(req.params.id), credentials));
  });

  router.post('/evacuations/:id/stop', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('execute', credentials, req, res)) return;
    const id = evacuationId(req.params.id);
    const audit = auditTrail(auditor, req, 'evacuation-stop');
    let body: z.infer<typeof stopEvacuationBody>;
    try {
      body = parse(stopEvacuationBody, req.body, 'body');
    } catch (error) {
      await audit.rejected({ evacuationId: id }, toError(error));
      throw error;
    }
    res.json(await evacuations.stop(id, body, credentials, audit));
  });

  router.get('/runbook', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(statusQuery, req.query, 'query');
    const file = await runbooks.runbook(query.entityRef, credentials);
    sendDownload(res, {
      contentType: 'text/x-shellscript; charset=utf-8',
      ...file,
    });
  });

  router.get('/operations/:id/report', async (req, res) => {
    const credentials = await caller(req);
    const id = operationId(req.params.id);
    const { format = 'json' } = parse(recordReportQuery, req.query, 'query');
    const report = await reports.operation(id, credentials);
    const op = report.operation;
    sendReport(res, {
      format,
      filename: recordReportFilename({
        kind: op.action,
        entityRef: op.entityRef,
        at: op.createdAt,
        id: op.id,
        format,
        generatedAt: report.generatedAt,
      }),
      report,
      render: () => operationReportMarkdown(report),
    });
  });

  router.get('/drills/:id/report', async (req, res) => {
    const credentials = await caller(req);
    const id = drillId(req.params.id);
    const { format = 'json' } = parse(recordReportQuery, req.query, 'query');
    const report = await reports.drill(id, credentials);
    sendReport(res, {
      format,
      filename: recordReportFilename({
        kind: 'drill',
        entityRef: report.drill.entityRef,
        at: report.drill.createdAt,
        id: report.drill.id,
        format,
        generatedAt: report.generatedAt,
      }),
      report,
      render: () => drillReportMarkdown(report),
    });
  });

  // reads every service the caller may see, ARC included: the plan budget
  router.get('/reports/organisation', async (req, res) => {
    const credentials = await caller(req);
    if (!withinLimit('plan', credentials, req, res)) return;
    const { format = 'json' } = parse(
      organisationReportQuery,
      req.query,
      'query',
    );
    const report = await reports.organisation(credentials);
    sendReport(res, {
      format,
      filename: organisationReportFilename(report.generatedAt, format),
      report,
      render: () =>
        format === 'csv'
          ? organisationReportCsv(report)
          : organisationReportMarkdown(report),
    });
  });

  router.get('/history', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(historyQuery, req.query, 'query');
    res.json(
      await history.history(
        {
          entityRef: query.entityRef,
          cursor: query.cursor,
          limit: query.limit ?? 50,
        },
        credentials,
      ),
    );
  });

  return router;
}

function operationId(raw: string): string {
  if (!UUID.test(raw))
    throw new InputError(`"${raw}" is not an operation id (a UUID)`);
  return raw;
}

function drillId(raw: string): string {
  if (!UUID.test(raw))
    throw new InputError(`"${raw}" is not a drill id (a UUID)`);
  return raw;
}

function evacuationId(raw: string): string {
  if (!UUID.test(raw))
    throw new InputError(
      `"${raw.slice(0, 64)}" is not an evacuation id (a UUID)`,
    );
  return raw;
}

/** Whom a rate limit counts: the person, or the calling service. */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? `${principal.type}:${principal.subject}`;
}

/**
 * The auditor events of one write request (`failover`, `drill`,
 * `drill-stop`). Only an authorised, valid attempt writes the high-severity
 * event; anything refused before that writes `<eventId>-rejected` with
 * bounded, sanitised copies of what was sent, so the log still shows every
 * attempt but nobody can put words into it about an entity they may not
 * change.
 */
function auditTrail(
  auditor: AuditorService,
  req: express.Request,
  eventId:
    | 'failover'
    | 'drill'
    | 'drill-stop'
    | 'evacuation'
    | 'evacuation-stop',
): WriteAuditTrail {
  return {
    authorised: meta =>
      auditor.createEvent({
        eventId,
        severityLevel: 'high',
        request: req,
        meta,
      }),
    async rejected(raw, error) {
      const sent = (raw && typeof raw === 'object' ? raw : {}) as Record<
        string,
        unknown
      >;
      const event = await auditor.createEvent({
        eventId: `${eventId}-rejected`,
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef: sanitiseForAudit(sent.entityRef, 200),
          targetRegion: sanitiseForAudit(sent.targetRegion, 32),
          ...(sent.drillId === undefined
            ? {}
            : { drillId: sanitiseForAudit(sent.drillId, 64) }),
          ...(sent.evacuationId === undefined
            ? {}
            : { evacuationId: sanitiseForAudit(sent.evacuationId, 64) }),
          ...(sent.region === undefined
            ? {}
            : { region: sanitiseForAudit(sent.region, 32) }),
          reasonLength:
            typeof sent.reason === 'string' ? sent.reason.length : undefined,
        },
      });
      await event.fail({
        error: Object.assign(new Error(sanitiseForAudit(error.message, 500)), {
          name: error.name,
        }),
      });
    },
  };
}

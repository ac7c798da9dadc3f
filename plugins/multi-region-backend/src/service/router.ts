import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, toError } from '@backstage/errors';
import {
  FAILOVER_REASON_LIMITS,
  READINESS_CHECK_IDS,
  sanitiseForAudit,
} from '@multi-region-failover/plugin-multi-region-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { bindCallerToken } from '../permissions/callerKey';
import { FailoverPlanner } from './FailoverPlanner';
import { CallerRateLimits } from './CallerRateLimits';
import { FailoverAuditTrail, FailoverRequests } from './FailoverRequests';
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
  const { status, planner, failovers, history, rateLimits } = options.services;
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
    const audit = failoverAuditTrail(auditor, req);
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
    if (!/^[0-9a-f-]{36}$/.test(req.params.id)) {
      throw new InputError(
        `"${req.params.id}" is not an operation id (a UUID)`,
      );
    }
    res.json(await history.operation(req.params.id, credentials));
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
 * The auditor events of one failover request. Only an authorised, valid
 * attempt writes the high-severity `failover` event; anything refused before
 * that writes `failover-rejected` with bounded, sanitised copies of what was
 * sent, so the log still shows every attempt but nobody can put words into
 * it about an entity they may not change.
 */
function failoverAuditTrail(
  auditor: AuditorService,
  req: express.Request,
): FailoverAuditTrail {
  return {
    authorised: meta =>
      auditor.createEvent({
        eventId: 'failover',
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
        eventId: 'failover-rejected',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef: sanitiseForAudit(sent.entityRef, 200),
          targetRegion: sanitiseForAudit(sent.targetRegion, 32),
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

import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, toError } from '@backstage/errors';
import { FAILOVER_REASON_LIMITS } from '@multi-region-failover/plugin-multi-region-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FailoverPlanner } from './FailoverPlanner';
import { FailoverRequests } from './FailoverRequests';
import { HistoryService } from './HistoryService';
import { StatusService } from './StatusService';

/** What the routes call; each unit decides with the permission framework per entity. */
export interface MultiRegionServices {
  status: StatusService;
  planner: FailoverPlanner;
  failovers: FailoverRequests;
  history: HistoryService;
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
  const { status, planner, failovers, history } = options.services;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/status', async (req, res) => {
    const { entityRef: ref } = parse(statusQuery, req.query, 'query');
    res.json(await status.status(ref, await caller(req)));
  });

  router.get('/services', async (req, res) => {
    res.json(await status.services(await caller(req)));
  });

  router.post('/plan', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await planner.plan(parse(planBody, req.body, 'body'), credentials),
    );
  });

  router.post('/operations', async (req, res) => {
    const credentials = await caller(req);
    const body = parse(executeBody, req.body, 'body');
    const event = await auditor.createEvent({
      eventId: 'failover',
      severityLevel: 'high',
      request: req,
      meta: {
        entityRef: body.entityRef,
        targetRegion: body.targetRegion,
        expectedActiveRegion: body.expectedActiveRegion,
        reason: body.reason,
        overrideSafetyRules: body.overrideSafetyRules ?? false,
      },
    });
    try {
      const op = await failovers.execute(body, credentials, event);
      res.status(202).json(op);
    } catch (error) {
      await event.fail({ error: toError(error) });
      throw error;
    }
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

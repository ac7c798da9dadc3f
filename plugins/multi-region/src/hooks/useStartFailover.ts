import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  ExecuteFailoverRequest,
  FailoverPlan,
  Operation,
  ReadinessCheckId,
  ReadinessReport,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { isConflict, refusedReadiness } from '../utils/errors';

/** What the person filled in and ticked in the dialog. */
export interface StartForm {
  reason: string;
  override: boolean;
  /** The failing readiness checks they acknowledged. */
  acknowledgeFailingChecks?: ReadinessCheckId[];
}

/**
 * The active region a plan was made from, which a start request names so the
 * server answers 409 if someone else moved traffic meanwhile. While the
 * active region is unknown, the region the plan moves traffic away from.
 */
export function expectedActiveRegionOf(plan: FailoverPlan): string {
  return plan.currentActive.certainty === 'unknown'
    ? plan.fromRegion
    : plan.currentActive.activeRegion;
}

/**
 * The request that carries out a plan. It names the region the plan was made
 * from, so the server answers 409 if someone else moved traffic meanwhile.
 */
function requestFor(
  entityRef: string,
  plan: FailoverPlan,
  form: StartForm,
): ExecuteFailoverRequest {
  return {
    entityRef,
    targetRegion: plan.toRegion,
    reason: form.reason.trim(),
    expectedActiveRegion: expectedActiveRegionOf(plan),
    ...(form.override ? { overrideSafetyRules: true } : {}),
    ...(form.acknowledgeFailingChecks?.length
      ? { acknowledgeFailingChecks: form.acknowledgeFailingChecks }
      : {}),
  };
}

/**
 * Starts a planned failover and keeps the operation it started (or the one
 * it was asked to follow). On a 409 it reads the status again, so the
 * dialog can show what the service looks like now; on a 409 for readiness
 * it keeps the server's fresh report, which the dialog shows instead of the
 * plan's until the person reviews a new plan.
 */
export function useStartFailover(options: {
  entityRef: string;
  followOperation?: Operation;
  onStateChanged?: () => void;
}) {
  const { entityRef, onStateChanged } = options;
  const api = useApi(multiRegionApiRef);
  const [started, setStarted] = useState(options.followOperation);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [conflictStatus, setConflictStatus] = useState<EntityStatusResponse>();
  const [readiness, setReadiness] = useState<ReadinessReport>();

  const start = useCallback(
    async (plan: FailoverPlan, form: StartForm) => {
      setSubmitting(true);
      setError(undefined);
      setConflictStatus(undefined);
      try {
        setStarted(
          await api.executeFailover(requestFor(entityRef, plan, form)),
        );
        onStateChanged?.();
      } catch (e) {
        setError(e);
        const serverReadiness = refusedReadiness(e);
        if (serverReadiness) setReadiness(serverReadiness);
        if (isConflict(e)) {
          const fresh = await api.getStatus(entityRef).catch(() => undefined);
          setConflictStatus(fresh);
          onStateChanged?.();
        }
      } finally {
        setSubmitting(false);
      }
    },
    [api, entityRef, onStateChanged],
  );

  const clearError = useCallback(() => {
    setError(undefined);
    setConflictStatus(undefined);
    setReadiness(undefined);
  }, []);

  /** Forgets the operation it started (it ended without a change), to plan again. */
  const reset = useCallback(() => {
    setStarted(undefined);
    clearError();
  }, [clearError]);

  return {
    started,
    start,
    submitting,
    error,
    conflictStatus,
    /** The server's readiness report of its last refusal for readiness. */
    readiness,
    clearError,
    reset,
  };
}

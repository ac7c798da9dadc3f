import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Drill,
  DrillPlan,
  ReadinessCheckId,
  ReadinessReport,
  StartDrillRequest,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { isConflict, refusedReadiness } from '../utils/errors';
import { expectedActiveRegionOf } from './useStartFailover';

/** What the person filled in and ticked in the drill dialog. */
export interface DrillForm {
  reason: string;
  soakSeconds: number;
  /** The failing readiness checks they acknowledged. */
  acknowledgeFailingChecks?: ReadinessCheckId[];
}

/** The request that starts a planned drill, from the region the plan saw. */
export function drillRequestFor(
  plan: DrillPlan,
  form: DrillForm,
): StartDrillRequest {
  return {
    entityRef: plan.entityRef,
    reason: form.reason.trim(),
    soakSeconds: form.soakSeconds,
    expectedActiveRegion: expectedActiveRegionOf(plan.failover),
    ...(form.acknowledgeFailingChecks?.length
      ? { acknowledgeFailingChecks: form.acknowledgeFailingChecks }
      : {}),
  };
}

/**
 * Starts a planned drill and keeps the drill it started (or the one it was
 * asked to follow). On a 409 the entity's state is known to have moved
 * (`onStateChanged`); on a 409 for readiness it keeps the server's fresh
 * report, which the dialog shows instead of the plan's.
 */
export function useStartDrill(options: {
  followDrill?: Drill;
  onStateChanged?: () => void;
}) {
  const { onStateChanged } = options;
  const api = useApi(multiRegionApiRef);
  const [started, setStarted] = useState(options.followDrill);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [readiness, setReadiness] = useState<ReadinessReport>();

  const start = useCallback(
    async (plan: DrillPlan, form: DrillForm) => {
      setSubmitting(true);
      setError(undefined);
      try {
        setStarted(await api.startDrill(drillRequestFor(plan, form)));
        onStateChanged?.();
      } catch (e) {
        setError(e);
        const serverReadiness = refusedReadiness(e);
        if (serverReadiness) setReadiness(serverReadiness);
        if (isConflict(e)) onStateChanged?.();
      } finally {
        setSubmitting(false);
      }
    },
    [api, onStateChanged],
  );

  const clearError = useCallback(() => {
    setError(undefined);
    setReadiness(undefined);
  }, []);

  return {
    started,
    start,
    submitting,
    error,
    /** The server's readiness report of its last refusal for readiness. */
    readiness,
    clearError,
  };
}

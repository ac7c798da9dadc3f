import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Evacuation,
  evacuationConfirmation,
  EvacuationPlan,
  StartEvacuationRequest,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { isConflict } from '../utils/errors';
import { narrowingSelection } from '../utils/evacuations';

/** What the person filled in and ticked in the evacuation dialog. */
export interface EvacuationForm {
  reason: string;
  stopOnFailure: boolean;
}

/** The entity refs of the plan's services that move (none skipped), in order. */
export function movingServicesOf(plan: EvacuationPlan): string[] {
  return plan.items.filter(item => !item.skip).map(item => item.entityRef);
}

/**
 * The request that starts a planned evacuation: the plan's region and
 * selection, the text the person typed to confirm it, and only the
 * services they saw moving (the server skips any other).
 */
export function evacuationRequestFor(
  plan: EvacuationPlan,
  form: EvacuationForm,
): StartEvacuationRequest {
  const selection = narrowingSelection(plan.selection);
  return {
    region: plan.region,
    ...(selection ? { selection } : {}),
    reason: form.reason.trim(),
    confirmation: evacuationConfirmation(plan.region),
    services: movingServicesOf(plan),
    stopOnFailure: form.stopOnFailure,
  };
}

/**
 * Starts a planned evacuation and keeps the evacuation it started (or the
 * one it was asked to follow). A 409 (one is already running, nothing to
 * move) means the list of evacuations may have changed: `onStateChanged`.
 */
export function useStartEvacuation(options: {
  followEvacuation?: Evacuation;
  onStateChanged?: () => void;
}) {
  const { onStateChanged } = options;
  const api = useApi(multiRegionApiRef);
  const [started, setStarted] = useState(options.followEvacuation);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const start = useCallback(
    async (plan: EvacuationPlan, form: EvacuationForm) => {
      setSubmitting(true);
      setError(undefined);
      try {
        setStarted(await api.startEvacuation(evacuationRequestFor(plan, form)));
        onStateChanged?.();
      } catch (e) {
        setError(e);
        if (isConflict(e)) onStateChanged?.();
      } finally {
        setSubmitting(false);
      }
    },
    [api, onStateChanged],
  );

  const clearError = useCallback(() => setError(undefined), []);

  return { started, start, submitting, error, clearError };
}

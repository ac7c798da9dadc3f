import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  FailoverPlan,
} from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { nextChange } from '../utils/roles';

type PlanState = { loading: boolean; plan?: FailoverPlan; error?: unknown };

/**
 * The plan the failover dialog shows. Loads the entity's status when the
 * caller has none (entity context menu), asks the backend for a dry run
 * towards the next target, or the one the person chose while the active
 * region is unknown, and plans again on demand. Idle while `enabled` is false
 * (the dialog follows an operation already under way).
 */
export function useFailoverPlan(options: {
  entityRef: string;
  status?: EntityStatusResponse;
  enabled: boolean;
}) {
  const { entityRef, enabled } = options;
  const api = useApi(multiRegionApiRef);
  const [status, setStatus] = useState(options.status);
  const [statusError, setStatusError] = useState<unknown>();
  const [chosenTarget, setChosenTarget] = useState<string>();
  const [nonce, setNonce] = useState(0);
  const [planState, setPlanState] = useState<PlanState>({ loading: false });

  useEffect(() => {
    if (status || !enabled) return;
    api.getStatus(entityRef).then(setStatus, setStatusError);
  }, [api, entityRef, status, enabled]);

  const proposedTarget = nextChange(status)?.toRegion;
  const target = chosenTarget ?? proposedTarget;

  useEffect(() => {
    if (!target || !enabled) return undefined;
    let cancelled = false;
    setPlanState({ loading: true });
    api.planFailover({ entityRef, targetRegion: target }).then(
      plan => !cancelled && setPlanState({ loading: false, plan }),
      error => !cancelled && setPlanState({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, target, nonce, enabled]);

  const reload = useCallback(() => setNonce(n => n + 1), []);

  /** Plans again from a fresher status (after a 409), forgetting the choice. */
  const replan = useCallback(
    (fresh?: EntityStatusResponse) => {
      if (fresh) setStatus(fresh);
      setChosenTarget(undefined);
      reload();
    },
    [reload],
  );

  return {
    status,
    statusError,
    /** The active region is unknown: the person must choose the target. */
    mustChooseTarget: !proposedTarget,
    target,
    chooseTarget: setChosenTarget,
    plan: planState.plan,
    loading: planState.loading,
    error: planState.error,
    reload,
    replan,
  };
}

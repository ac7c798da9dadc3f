import {
  OperationStep,
  OperationStepName,
  OperationStepStatus,
} from '@multi-region-failover/plugin-multi-region-common';

/** The four steps of a portal failover, in order. */
export const STEP_NAMES: OperationStepName[] = [
  'authorised',
  'routing-controls-updated',
  'health-checks-observed',
  'dns-answering',
];

/** Fresh steps: all pending. */
export function initialSteps(): OperationStep[] {
  return STEP_NAMES.map(name => ({ name, status: 'pending' as const }));
}

/** A copy of `steps` with one step changed. */
export function withStep(
  steps: OperationStep[],
  name: OperationStepName,
  status: OperationStepStatus,
  detail?: string,
  at: Date = new Date(),
): OperationStep[] {
  return steps.map(step =>
    step.name === name
      ? { name, status, at: at.toISOString(), ...(detail ? { detail } : {}) }
      : step,
  );
}

/** Marks every still pending or running step as skipped. */
export function skipRemaining(
  steps: OperationStep[],
  detail: string,
): OperationStep[] {
  const at = new Date().toISOString();
  return steps.map(step =>
    step.status === 'pending' || step.status === 'running'
      ? { ...step, status: 'skipped' as const, at, detail }
      : step,
  );
}

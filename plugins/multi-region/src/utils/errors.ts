import { isError, ResponseError } from '@backstage/errors';
import {
  DrillRefusalKind,
  ReadinessReport,
} from '@multi-region-failover/plugin-multi-region-common';

/** What a person needs to act on a failed request. */
export interface DescribedError {
  status?: number;
  title: string;
  message: string;
  /** Extra facts the server sent (e.g. which ARC endpoints failed). */
  details: string[];
}

const TITLES: Record<number, string> = {
  400: 'The request was rejected',
  401: 'You are not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict: the state changed under you',
  429: 'Too many requests',
  503: 'AWS could not be reached',
};

/** The message of any thrown value: an error's own, or the value as text. */
export function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/** A 409 from the backend: the state changed under the caller. */
export function isConflict(error: unknown): error is ResponseError {
  return ResponseError.is(error) && error.statusCode === 409;
}

/** The `refusal` of a 409's error body, whatever it says; undefined otherwise. */
export function refusalText(error: unknown): string | undefined {
  if (!isConflict(error)) return undefined;
  const refusal = (error.body?.error as { refusal?: unknown } | undefined)
    ?.refusal;
  return typeof refusal === 'string' ? refusal : undefined;
}

/** The kinds of 409 that are not "changed under you" (the backend's `refusal`). */
export type Refusal = 'deploying' | 'wait-period' | 'readiness';

const REFUSALS: readonly string[] = ['deploying', 'wait-period', 'readiness'];

/**
 * Why a 409 said something other than "changed under you": ARC is still
 * deploying the control panel, a safety rule's wait period is running, or a
 * readiness check fails that the person has not acknowledged (the backend's
 * `refusal` in the error body).
 */
export function refusalOf(error: unknown): Refusal | undefined {
  const refusal = refusalText(error);
  return refusal && REFUSALS.includes(refusal)
    ? (refusal as Refusal)
    : undefined;
}

/** Why a drill's start was refused with a 409 (not "changed under you"). */
export type DrillStartRefusal = DrillRefusalKind | 'readiness';

const DRILL_REFUSALS: readonly string[] = [
  'drill-not-on-primary',
  'drill-running',
  'drill-window',
  'drill-blocking-alarm',
  'readiness',
] satisfies DrillStartRefusal[];

/**
 * The `refusal` of a 409 answering `POST /drills`: one of the drill's own
 * refusals, or `readiness` (then `refusedReadiness` has the report).
 */
export function drillRefusalOf(error: unknown): DrillStartRefusal | undefined {
  const refusal = refusalText(error);
  return refusal && DRILL_REFUSALS.includes(refusal)
    ? (refusal as DrillStartRefusal)
    : undefined;
}

/**
 * The fresh readiness report of a 409 `refusal: 'readiness'`: the server
 * evaluated the checks again at execute and these are the ones it saw.
 */
export function refusedReadiness(error: unknown): ReadinessReport | undefined {
  if (refusalOf(error) !== 'readiness') return undefined;
  const report = (error as ResponseError).body.error as {
    readiness?: Partial<ReadinessReport>;
  };
  const readiness = report.readiness;
  // Shown as is: only what the checklist reads is required.
  return readiness &&
    Array.isArray(readiness.checks) &&
    readiness.summary &&
    typeof readiness.targetRegion === 'string'
    ? (readiness as ReadinessReport)
    : undefined;
}

/** Turns any thrown value into a title, the server's own message and details. */
export function describeError(error: unknown): DescribedError {
  if (ResponseError.is(error)) {
    const cause = error.body?.error ?? error.cause;
    const details: string[] = [];
    for (const [key, value] of Object.entries(cause ?? {})) {
      if (['name', 'message', 'stack', 'cause'].includes(key)) continue;
      if (Array.isArray(value)) {
        details.push(
          ...value.map(v => (typeof v === 'string' ? v : JSON.stringify(v))),
        );
      } else if (typeof value === 'string' || typeof value === 'number') {
        details.push(`${key}: ${value}`);
      }
    }
    const nested = isError(cause?.cause) ? cause.cause.message : undefined;
    if (nested) details.push(nested);
    return {
      status: error.statusCode,
      title: TITLES[error.statusCode] ?? `Request failed (${error.statusCode})`,
      message: cause?.message || error.message,
      details,
    };
  }
  return {
    title: 'Something went wrong',
    message: errorMessage(error),
    details: [],
  };
}

import { stringifyError } from '@backstage/errors';
import {
  ArcAttemptFailure,
  ArcCallError,
  ArcFailureKind,
} from '@multi-region-failover/plugin-multi-region-node';
import { PanelReading } from '../arc/RoutingControlReader';
import { OperationIntent } from '../database/OperationsStore';

/**
 * What a failed UpdateRoutingControlStates call says about whether it was
 * applied:
 * - `refused`: every endpoint that got it refused it (or it never left this
 *   process): it was certainly not applied;
 * - `answered`: every endpoint answered, some with an error that does not
 *   say whether anything was applied (500): nothing can land any more, so a
 *   read-back settles it;
 * - `unanswered`: at least one attempt got no answer (timeout, connection
 *   reset after sending, aborted at the deadline, an unexpected error): it may
 *   have been applied, or may still be.
 */
export type WriteCertainty = 'refused' | 'answered' | 'unanswered';

/** Answers that mean "not applied" from the endpoint that gave them. */
const NOT_APPLIED: ReadonlySet<ArcFailureKind> = new Set<ArcFailureKind>([
  'unavailable',
  'throttled',
  'conflict',
  'validation',
  'access-denied',
  'not-found',
  'limit-exceeded',
]);

/**
 * Final refusals that depend on the request alone (not on the state or the
 * moment), so every endpoint would have refused it: also covers attempts at
 * other endpoints that got no answer.
 */
const REQUEST_REFUSED: ReadonlySet<ArcFailureKind> = new Set<ArcFailureKind>([
  'validation',
  'access-denied',
  'not-found',
  'limit-exceeded',
]);

/** Socket errors of a request that never reached the endpoint. */
const NEVER_SENT =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ERR_SOCKET_CONNECTION_TIMEOUT)\b/;

function attemptCertainty(a: ArcAttemptFailure): WriteCertainty {
  if (NOT_APPLIED.has(a.kind)) return 'refused';
  if (a.kind === 'connection' && NEVER_SENT.test(a.message)) return 'refused';
  if (a.kind === 'internal') return 'answered';
  return 'unanswered';
}

/** How certain it is that a failed write was not applied (see {@link WriteCertainty}). */
export function assessWriteFailure(error: unknown): WriteCertainty {
  if (!(error instanceof ArcCallError)) return 'unanswered';
  if (REQUEST_REFUSED.has(error.kind)) return 'refused';
  // the deadline passed with attempts still waiting for an answer
  if (error.kind === 'timeout') return 'unanswered';
  // every attempt that ended is listed, the final refusal (conflict) too
  const all = error.attempts.map(attemptCertainty);
  if (all.length === 0 || all.includes('unanswered')) return 'unanswered';
  if (all.includes('answered')) return 'answered';
  return 'refused';
}

/** The decision about a failed write, after reading the controls back. */
export type WriteDecision =
  /** The controls are at the requested states: the write landed. */
  | { outcome: 'applied'; reading: PanelReading }
  /** Certainly not applied: the operation failed, nothing changed. */
  | { outcome: 'not-applied'; reading?: PanelReading; readError?: unknown }
  /** Cannot be told: recorded as unknown, never as "not updated". */
  | { outcome: 'unknown'; reading?: PanelReading; readError?: unknown };

/** Whether a reading shows every control of the intent at its requested state. */
export function showsIntent(
  intent: OperationIntent,
  reading: PanelReading,
): boolean {
  return intent.entries.every(
    e => reading.controls.get(e.arn)?.state === e.state,
  );
}

/** Decides a failed write from how it failed and what the read-back showed. */
export function decideFailedWrite(
  intent: OperationIntent,
  certainty: WriteCertainty,
  readBack: { reading?: PanelReading; readError?: unknown },
): WriteDecision {
  const { reading, readError } = readBack;
  if (reading && showsIntent(intent, reading)) {
    return { outcome: 'applied', reading };
  }
  if (certainty === 'refused')
    return { outcome: 'not-applied', reading, readError };
  if (certainty === 'answered' && reading) {
    return { outcome: 'not-applied', reading };
  }
  return { outcome: 'unknown', reading, readError };
}

const label = (arn: string, reading?: PanelReading) =>
  reading?.controls.get(arn)?.name ?? arn.split('/').pop() ?? arn;

/** `orders-primary-rc=On, orders-secondary-rc=Off` for the intent's controls. */
export function statesInWords(
  intent: OperationIntent,
  reading: PanelReading,
): string {
  return intent.entries
    .map(
      e =>
        `${label(e.arn, reading)}=${
          reading.controls.get(e.arn)?.state ?? 'missing'
        }`,
    )
    .join(', ');
}

/** `orders-secondary-rc=On, orders-primary-rc=Off`: what the intent sets. */
export function intentInWords(
  intent: OperationIntent,
  reading?: PanelReading,
): string {
  return intent.entries
    .map(e => `${label(e.arn, reading)}=${e.state}`)
    .join(', ');
}

/** Where and when a reading was taken, e.g. `us-west-2 (http://…), request id r-1, at 2030-…`. */
export function readingSource(reading: PanelReading): string {
  return `${reading.region} (${reading.endpoint}), request id ${
    reading.requestId ?? 'n/a'
  }, at ${new Date(reading.readAt).toISOString()}`;
}

/** The states of the intent's controls as read, for `found`. */
export function readingFinding(
  intent: OperationIntent,
  reading?: PanelReading,
  readError?: unknown,
) {
  if (!reading) return { readBack: { error: stringifyError(readError) } };
  return {
    readBack: {
      states: Object.fromEntries(
        intent.entries.map(e => [
          e.arn,
          reading.controls.get(e.arn)?.state ?? 'missing',
        ]),
      ),
      readAt: new Date(reading.readAt).toISOString(),
      readFrom: `${reading.region} (${reading.endpoint})`,
      requestId: reading.requestId,
    },
  };
}

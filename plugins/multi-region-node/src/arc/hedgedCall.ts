import { stringifyError } from '@backstage/errors';
import {
  ArcAttemptFailure,
  ArcCallError,
  ArcFailureKind,
  classifyArcError,
  describeAttempt,
  shouldRotate,
} from './errors';

/** One endpoint a hedged call may use.*/
export interface HedgedEndpoint {
  url: string;
  region: string;
}

/** How long a hedged call may take, in total and per endpoint.*/
export interface HedgeTiming {
  /** Budget of one attempt at one endpoint (connect plus response). */
  attemptTimeoutMs: number;
  /** Budget of the whole call across every endpoint and pass. */
  overallDeadlineMs: number;
  /**
   * Start the next endpoint when the current one has not answered after this
   * long (unless `hedgeAfter` says otherwise for that endpoint).
   */
  hedgeAfterMs: number;
}

/** The answer of a hedged call and where it came from.*/
export interface HedgedResult<T, E extends HedgedEndpoint = HedgedEndpoint> {
  value: T;
  endpoint: E;
  /** Attempts that failed before (or beside) the one that answered. */
  attempts: ArcAttemptFailure[];
  elapsedMs: number;
}

/** Options of {@link hedgedCall}.*/
export interface HedgedCallOptions<T, E extends HedgedEndpoint> {
  /** What is being called, for messages: e.g. `ARC cluster shared-arc: ListRoutingControls`. */
  what: string;
  endpoints: readonly E[];
  /** One attempt at one endpoint; must stop when the signal aborts. */
  attempt: (endpoint: E, signal: AbortSignal) => Promise<T>;
  timing: HedgeTiming;
  /** The order of the endpoints in each pass; shuffled by default. */
  order?: <X>(items: readonly X[]) => X[];
  /** How an attempt failed; `classifyArcError` by default. */
  classify?: (error: unknown) => ArcFailureKind;
  /** How long to wait on this endpoint before hedging; `timing.hedgeAfterMs` by default. */
  hedgeAfter?: (endpoint: E) => number;
  /**
   * A per-endpoint send budget, asked just before each attempt: 0 when the
   * attempt may be sent (the slot is then taken), otherwise the milliseconds
   * until the endpoint has room. An endpoint without room is passed over for
   * the next one of the pass and asked again at the next hedge or failure;
   * when no endpoint left in the pass has room, the call waits for the first
   * slot. Every attempt may be sent by default.
   */
  admit?: (endpoint: E) => number;
}

/** Fisher-Yates shuffle; the endpoints are tried in random order. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Pause before the second pass over the endpoints; doubles for each later one. */
const PASS_PAUSE_MS = 100;
/** No pass is started with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 50;

/**
 * Every endpoint in one line each: how its last attempt went (and how many
 * it had), or that it was still being waited on, or never tried.
 */
function summarise(
  endpoints: readonly HedgedEndpoint[],
  attempts: readonly ArcAttemptFailure[],
  inFlight: ReadonlyMap<HedgedEndpoint, { startedAt: number }>,
  overBudget: ReadonlySet<HedgedEndpoint>,
): string {
  const now = Date.now();
  return endpoints
    .map(ep => {
      const waiting = inFlight.get(ep);
      if (waiting) {
        return `${ep.region} (${ep.url}) had not answered after ${
          now - waiting.startedAt
        } ms`;
      }
      const mine = attempts.filter(a => a.endpoint === ep.url);
      if (mine.length === 0) {
        return `${ep.region} (${ep.url}) was not tried${
          overBudget.has(ep) ? ' (its send budget was spent)' : ''
        }`;
      }
      const last = describeAttempt(mine[mine.length - 1]);
      return mine.length > 1 ? `${last} (${mine.length} attempts)` : last;
    })
    .join('; ');
}

/**
 * Calls one of several equivalent endpoints (ARC's five regional cluster
 * endpoints) under an overall deadline, for calls that are safe to send twice
 * (reads, and routing-control updates, which set absolute states).
 *
 * Endpoints are tried in shuffled order. A slow endpoint does not hold the
 * call: after `hedgeAfter(endpoint)` (by default `hedgeAfterMs`) without an
 * answer the next one is started too, and the first answer wins. An endpoint
 * whose send budget (`admit`) is spent is passed over for the next one; when
 * none left in the pass has room, the call waits for the first that will.
 * Unavailable / internal / throttled / timeout / connection failures move on
 * to the next endpoint; a final answer (conflict, validation, access denied,
 * not found) stops at once. When every endpoint of a pass has failed, a new
 * shuffled pass starts after a short, doubling pause, for as long as the
 * deadline allows: endpoints that were down a second ago may be back.
 *
 * No I/O of its own: every network call is the caller's `attempt`.
 */
export function hedgedCall<T, E extends HedgedEndpoint>(
  options: HedgedCallOptions<T, E>,
): Promise<HedgedResult<T, E>> {
  const { what, endpoints, attempt, timing } = options;
  const order = options.order ?? shuffled;
  const classify = options.classify ?? classifyArcError;
  const { attemptTimeoutMs, overallDeadlineMs, hedgeAfterMs } = timing;
  const hedgeAfter = options.hedgeAfter ?? (() => hedgeAfterMs);
  const admit = options.admit ?? (() => 0);
  const started = Date.now();
  const deadline = started + overallDeadlineMs;
  const attempts: ArcAttemptFailure[] = [];
  const inFlight = new Map<
    E,
    { controller: AbortController; startedAt: number }
  >();
  /** Endpoints passed over for their send budget, for the summary. */
  const overBudget = new Set<E>();
  let pass = 1;
  /** The endpoints of this pass not sent to yet, in order. */
  let pending = order(endpoints);
  let settled = false;
  /** Starts the next attempt: a hedge, or the end of a wait for send budget. */
  let wakeTimer: NodeJS.Timeout | undefined;
  let passTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;

  return new Promise<HedgedResult<T, E>>((resolve, reject) => {
    const finish = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(wakeTimer);
      clearTimeout(passTimer);
      clearTimeout(deadlineTimer);
      for (const { controller } of inFlight.values()) controller.abort();
      done();
    };
    const exhausted = (why: string) =>
      new ArcCallError(
        `${what} failed on every endpoint ${why}. ${summarise(
          endpoints,
          attempts,
          inFlight,
          overBudget,
        )}`,
        inFlight.size > 0 || attempts.length === 0
          ? 'timeout'
          : attempts[attempts.length - 1].kind,
        attempts,
      );

    function schedulePass() {
      if (passTimer) return;
      const pause = PASS_PAUSE_MS * 2 ** (pass - 1);
      if (deadline - Date.now() < pause + MIN_ATTEMPT_MS) {
        if (inFlight.size === 0) {
          finish(() =>
            reject(
              exhausted(
                `(${attempts.length} attempts in ${pass} pass${
                  pass > 1 ? 'es' : ''
                }, no time left for another)`,
              ),
            ),
          );
        }
        return;
      }
      passTimer = setTimeout(() => {
        passTimer = undefined;
        pass++;
        pending = order(endpoints);
        launch();
      }, pause);
    }

    function onFailure(
      endpoint: E,
      startedAt: number,
      timedOut: boolean,
      budget: number,
      error: unknown,
    ) {
      const kind = timedOut ? 'timeout' : classify(error);
      const failure: ArcAttemptFailure = {
        endpoint: endpoint.url,
        region: endpoint.region,
        kind,
        message: timedOut
          ? `no response within ${budget} ms`
          : stringifyError(error),
        elapsedMs: Date.now() - startedAt,
      };
      attempts.push(failure);
      if (!shouldRotate(kind)) {
        finish(() =>
          reject(
            new ArcCallError(
              `${what} was refused by ${describeAttempt(failure)}`,
              kind,
              attempts,
              error,
            ),
          ),
        );
        return;
      }
      launch();
    }

    /**
     * The first endpoint of the pass that may be sent to now, taken off the
     * pass; or how long until one left in the pass may; or none left.
     */
    function nextEndpoint(): { endpoint: E } | { waitMs: number } | undefined {
      let waitMs = Infinity;
      for (let i = 0; i < pending.length; ) {
        const candidate = pending[i];
        if (inFlight.has(candidate)) {
          // an endpoint still being waited on is not asked twice in a pass
          pending.splice(i, 1);
          continue;
        }
        const wait = admit(candidate);
        if (wait <= 0) {
          pending.splice(i, 1);
          return { endpoint: candidate };
        }
        overBudget.add(candidate);
        waitMs = Math.min(waitMs, wait);
        i++;
      }
      return waitMs === Infinity ? undefined : { waitMs };
    }

    function launch() {
      if (settled) return;
      clearTimeout(wakeTimer);
      const found = nextEndpoint();
      if (!found) {
        schedulePass();
        return;
      }
      if ('waitMs' in found) {
        // the deadline timer still ends the call if no room frees up in time
        wakeTimer = setTimeout(launch, found.waitMs);
        return;
      }
      const { endpoint } = found;
      const controller = new AbortController();
      const startedAt = Date.now();
      inFlight.set(endpoint, { controller, startedAt });
      const budget = Math.max(
        1,
        Math.min(attemptTimeoutMs, deadline - startedAt),
      );
      const attemptTimer = setTimeout(() => controller.abort(), budget);
      attempt(endpoint, controller.signal).then(
        value => {
          clearTimeout(attemptTimer);
          inFlight.delete(endpoint);
          finish(() =>
            resolve({
              value,
              endpoint,
              attempts,
              elapsedMs: Date.now() - started,
            }),
          );
        },
        error => {
          clearTimeout(attemptTimer);
          inFlight.delete(endpoint);
          if (settled) return;
          onFailure(
            endpoint,
            startedAt,
            controller.signal.aborted,
            budget,
            error,
          );
        },
      );
      if (pending.length > 0) {
        wakeTimer = setTimeout(launch, hedgeAfter(endpoint));
      }
    }

    deadlineTimer = setTimeout(
      () =>
        finish(() =>
          reject(exhausted(`within the ${overallDeadlineMs} ms deadline`)),
        ),
      overallDeadlineMs,
    );
    launch();
  });
}

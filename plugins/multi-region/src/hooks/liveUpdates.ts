import { useApiHolder } from '@backstage/core-plugin-api';
import {
  SignalApi,
  signalApiRef,
  SignalSubscriber,
} from '@backstage/plugin-signals-react';
import {
  MULTI_REGION_SIGNAL_CHANNEL,
  MultiRegionSignal,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * With signals, how often a view reads again anyway, in case a message was
 * lost (a reconnect, a backend replica that could not send): a view that
 * lost its signals is at most this stale, on the worst day too.
 */
export const SAFETY_POLL_MS = 15_000;

/**
 * The `data-live-updates` attribute of a progress view, for browser tests:
 * which path follows it.
 */
export const liveUpdatesAttribute = (live: boolean) =>
  live ? 'signals' : 'polling';

/**
 * The app's signals API (`@backstage/plugin-signals`), or undefined in an
 * app without it: then the views poll.
 */
export function useSignalApi(): SignalApi | undefined {
  return useApiHolder().get(signalApiRef);
}

/**
 * Calls `onSignal` with every message on the multi-region channel. Returns
 * undefined when there is no signals API or it refused the subscription
 * (e.g. outside a secure context): the caller then polls.
 */
export function subscribeToSignals(
  signals: SignalApi | undefined,
  onSignal: (message: MultiRegionSignal) => void,
): SignalSubscriber | undefined {
  if (!signals) return undefined;
  try {
    return signals.subscribe<MultiRegionSignal>(
      MULTI_REGION_SIGNAL_CHANNEL,
      message => {
        if (typeof message?.kind === 'string' && typeof message.id === 'string')
          onSignal(message);
      },
    );
  } catch {
    return undefined;
  }
}

/**
 * The one rule for following something the server carries out (an
 * operation, a drill, an evacuation). `read` reads it again; it runs every
 * `intervalMs` (polling) until the signals have shown that they arrive: on
 * the first message on the multi-region channel (whatever it names), it
 * reads at once (what moved on before the subscription), calls
 * `onLive(true)`, and from then on reads at once on every signal that
 * `matches`, and every `safetyIntervalMs` in case a message was lost.
 * Without a signals API it polls throughout, as does an app whose backend
 * sends no signals. Reads never overlap: a signal during a read makes one
 * more read after it. Everything stops once `read` resolves true (the value
 * is final) or `stop` is called. A rejected `read` is retried on the next
 * signal or tick.
 */
export function followChanges(options: {
  signals: SignalApi | undefined;
  matches: (message: MultiRegionSignal) => boolean;
  /** Reads again; resolves true once nothing will change any more. */
  read: () => Promise<boolean>;
  intervalMs: number;
  safetyIntervalMs?: number;
  /** Called once signals are seen to arrive. */
  onLive?: (live: boolean) => void;
}): { stop: () => void } {
  const { matches, read } = options;
  let stopped = false;
  let reading = false;
  let again = false;
  let live = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let subscription: SignalSubscriber | undefined;

  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    subscription?.unsubscribe();
    subscription = undefined;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      readNow,
      live ? options.safetyIntervalMs ?? SAFETY_POLL_MS : options.intervalMs,
    );
  };
  async function readNow(): Promise<void> {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    if (timer) clearTimeout(timer);
    timer = undefined;
    let final = false;
    try {
      final = await read();
    } catch {
      // `read` reports its own errors; the next signal or tick tries again
    }
    reading = false;
    if (stopped) return;
    if (final) {
      stop();
    } else if (again) {
      readNow();
    } else {
      schedule();
    }
  }

  subscription = subscribeToSignals(options.signals, message => {
    if (stopped) return;
    if (!live) {
      live = true;
      options.onLive?.(true);
      readNow();
    } else if (matches(message)) {
      readNow();
    }
  });
  schedule();
  return { stop };
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  MULTI_REGION_SIGNAL_CHANNEL,
  MultiRegionSignal,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * Sends a signal whenever an operation, a drill or an evacuation moves on,
 * so that the views following one update at once instead of polling. A
 * signal carries the kind and the id only (to every signed-in browser: an
 * id says nothing), and the browser reads what changed through the API, as
 * the person. A failed send is logged: the views still poll.
 */
export class LiveUpdates {
  constructor(
    private readonly deps: { signals: SignalsService; logger: LoggerService },
  ) {}

  /** A listener for one store's changes. */
  listener(kind: MultiRegionSignal['kind']) {
    return async ({ id }: { id: string }) => this.changed(kind, id);
  }

  async changed(kind: MultiRegionSignal['kind'], id: string): Promise<void> {
    try {
      await this.deps.signals.publish<MultiRegionSignal>({
        recipients: { type: 'broadcast' },
        channel: MULTI_REGION_SIGNAL_CHANNEL,
        message: { kind, id },
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not send the live update of ${kind} ${id}: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

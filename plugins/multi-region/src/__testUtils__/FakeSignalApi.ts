import { JsonObject } from '@backstage/types';
import { SignalApi, SignalSubscriber } from '@backstage/plugin-signals-react';
import {
  MULTI_REGION_SIGNAL_CHANNEL,
  MultiRegionSignal,
} from '@multi-region-failover/plugin-multi-region-common';

/**
 * An in-memory SignalApi (`@backstage/plugin-signals-react`): the test sends
 * what the backend would, at once, to every current subscriber.
 */
export class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Set<{
    channel: string;
    onMessage: (message: any) => void;
  }>();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): SignalSubscriber {
    const subscriber = { channel, onMessage };
    this.subscribers.add(subscriber);
    return { unsubscribe: () => this.subscribers.delete(subscriber) };
  }

  /** Sends a message on a channel, as the signals backend would. */
  publish(channel: string, message: JsonObject) {
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.channel === channel) subscriber.onMessage(message);
    }
  }

  /** Sends what the multi-region backend sends when something moves on. */
  changed(kind: MultiRegionSignal['kind'], id: string) {
    this.publish(MULTI_REGION_SIGNAL_CHANNEL, { kind, id });
  }

  /** How many subscriptions are open (on a channel, or on any). */
  subscriptionCount(channel: string = MULTI_REGION_SIGNAL_CHANNEL): number {
    return [...this.subscribers].filter(s => s.channel === channel).length;
  }
}

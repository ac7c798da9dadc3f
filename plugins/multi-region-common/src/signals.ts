/**
 * Live updates: the multi-region backend sends a signal (Backstage's signals
 * plugin) on this channel whenever an operation, a drill or an evacuation
 * moves on. A signal names what changed by id only; the browser reads the
 * details through the permission-checked API, and keeps polling when
 * signals are not available.
 *
 * @public
 */
export const MULTI_REGION_SIGNAL_CHANNEL = 'multi-region';

/** The message of a signal on {@link MULTI_REGION_SIGNAL_CHANNEL}. @public */
export interface MultiRegionSignal {
  kind: 'operation' | 'drill' | 'evacuation';
  /** The id of the operation, drill or evacuation that changed. */
  id: string;
  [key: string]: string;
}

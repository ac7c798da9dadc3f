import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ActiveRegionResult,
  actionForTarget,
  MultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-common';
import { randomUUID } from 'crypto';
import { OperationsStore } from '../database/OperationsStore';
import { PanelReading } from '../arc/RoutingControlReader';
import { withStep } from './steps';

/**
 * How long after a portal write was recorded as `unknown` (unconfirmed) a
 * change to exactly its requested states is taken for that write landing
 * late rather than for a change made outside the portal.
 */
export const LATE_WRITE_WINDOW_MS = 15 * 60_000;

/**
 * Notices that an entity's active region changed without the portal (someone
 * used the console or the CLI) and records it as an operation with source and
 * actor `external`. Fed by every fresh ARC reading (status reads and the
 * scheduled refresher). A change to exactly the states of the entity's
 * latest operation, when that one's write was unconfirmed (`unknown`) and
 * recent, confirms that operation instead.
 */
export class ExternalChangeDetector {
  constructor(
    private readonly operations: OperationsStore,
    private readonly logger: LoggerService,
  ) {}

  async observe(
    entityRef: string,
    config: MultiRegionConfig,
    active: ActiveRegionResult,
    reading: PanelReading,
    detectedBy: string,
  ): Promise<void> {
    if (active.certainty !== 'known') return;
    // a portal failover in flight explains any change it makes
    if (await this.operations.isLocked(config.controlPanelArn)) return;
    const states: Record<string, string> = {};
    for (const region of [config.primary, config.secondary]) {
      const state = reading.controls.get(region.routingControlArn)?.state;
      if (state) states[region.routingControlArn] = state;
    }
    await this.operations.observeActiveRegion(
      entityRef,
      active.activeRegion,
      states,
      reading.readAt,
      async (previous, tx) => {
        const at = new Date(reading.readAt).toISOString();
        const detail = `Detected by the ${detectedBy}: routing controls now ${Object.entries(
          states,
        )
          .map(([arn, s]) => `${arn.split('/').pop()}=${s}`)
          .join(', ')} (read from ${reading.region}, request ${
          reading.requestId ?? 'n/a'
        }).`;
        const late = await this.operations.unconfirmedWriteOf(
          entityRef,
          reading.readAt - LATE_WRITE_WINDOW_MS,
          tx,
        );
        if (
          late?.intent &&
          late.toRegion === active.activeRegion &&
          late.intent.entries.every(e => states[e.arn] === e.state)
        ) {
          const before = late.steps.find(
            st => st.name === 'routing-controls-updated',
          )?.detail;
          await this.operations.updateIn(tx, late.id, {
            status: 'succeeded',
            error: null,
            steps: withStep(
              late.steps,
              'routing-controls-updated',
              'done',
              `Confirmed later. ${detail} These are the states this operation requested: its write was applied after all (or someone set the same states outside the portal). At the time: ${
                before ?? 'unconfirmed'
              }`,
            ),
          });
          this.logger.warn(
            `Unconfirmed failover ${late.id} of ${entityRef} confirmed later: active region ${previous} -> ${active.activeRegion}`,
          );
          return;
        }
        this.logger.warn(
          `External change of ${entityRef}: active region ${previous} -> ${active.activeRegion}`,
        );
        await this.operations.insertIn(tx, {
          id: randomUUID(),
          entityRef,
          controlPanelArn: config.controlPanelArn,
          action: actionForTarget(active.activeRole),
          fromRegion: previous,
          toRegion: active.activeRegion,
          reason:
            'Changed outside the portal (AWS console, CLI or automation).',
          actor: 'external',
          source: 'external',
          overrideSafetyRules: false,
          status: 'succeeded',
          steps: [
            { name: 'routing-controls-updated', status: 'done', at, detail },
          ],
          createdAt: at,
          updatedAt: at,
          completedAt: at,
        });
      },
    );
  }
}

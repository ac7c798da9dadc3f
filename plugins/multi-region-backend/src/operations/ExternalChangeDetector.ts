import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ActiveRegionResult,
  actionForTarget,
  MultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-common';
import { randomUUID } from 'crypto';
import { OperationsStore } from '../database/OperationsStore';
import { PanelReading } from '../arc/RoutingControlReader';

/**
 * Notices that an entity's active region changed without the portal (someone
 * used the console or the CLI) and records it as an operation with source and
 * actor `external`. Fed by every fresh ARC reading (status reads and the
 * scheduled refresher).
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

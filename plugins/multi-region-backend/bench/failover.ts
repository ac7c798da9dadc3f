/*
 * Bench of the failover write when ARC cluster endpoints hang: the ARC
 * client with the default config (adaptive hedging, per-endpoint write
 * budget) against the in-repo emulator over HTTP, the hung endpoints first
 * (the worst order). Figures for the table of `npm run bench`.
 */
import { ConfigReader } from '@backstage/config';
import {
  Emulator,
  EmulatorFixture,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import {
  ArcClusterClient,
  ArcTimingConfig,
  readMultiRegionConfig,
} from '@multi-region-failover/plugin-multi-region-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterConfig } from '../src/__testUtils__/clusterConfig';
import { ACCOUNT, credentials, peakPerSecond, timed } from './measure';
import { BenchRow } from './table';

const PANEL = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/${'f'.repeat(
  32,
)}`;
const CONTROLS = [
  `${PANEL}/routingcontrol/0000000000000001`,
  `${PANEL}/routingcontrol/0000000000000002`,
];
const GOAL_MS = 500;
/** ARC's data-plane limit of routing-control updates per endpoint and second. */
const GOAL_WRITES = 3;
/** A running portal reads each panel every few seconds; 4 per endpoint here. */
const WARM_UP_READS = 20;
/**
 * Failovers of one panel are seconds apart; the bench leaves more than the
 * write budget's window between them, so no row is shortened by an endpoint
 * being passed over for its budget rather than waited on.
 */
const BETWEEN_ROWS_MS = 1300;

const FIXTURE: EmulatorFixture = {
  cluster: {
    name: 'shared-arc',
    arn: `arn:aws:route53-recovery-control::${ACCOUNT}:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10`,
  },
  controlPanels: [
    {
      name: 'bench-panel',
      arn: PANEL,
      routingControls: [
        { name: 'bench-primary-rc', arn: CONTROLS[0], state: 'On' },
        { name: 'bench-secondary-rc', arn: CONTROLS[1], state: 'Off' },
      ],
    },
  ],
};

const ms = (n: number) => `${Math.round(n)} ms`;

/**
 * The order of each pass: endpoint by endpoint while warming up (the portal's
 * reads are shuffled, so every endpoint has a latency history), then always
 * the configured order, hung endpoints first.
 */
function benchOrder(warmingUp: boolean) {
  let turn = 0;
  const passes = {
    warmingUp,
    order: <T>(items: readonly T[]): T[] => {
      if (!passes.warmingUp) return [...items];
      const k = turn++ % items.length;
      return [...items.slice(k), ...items.slice(0, k)];
    },
  };
  return passes;
}

/** A failover: the two controls swapped, alternating so each write changes state. */
let flips = 0;
function failoverEntries() {
  const on = flips++ % 2 === 0 ? 1 : 0;
  return [
    { arn: CONTROLS[on], state: 'On' as const },
    { arn: CONTROLS[1 - on], state: 'Off' as const },
  ];
}

async function hungWrite(
  emu: Emulator,
  client: ArcClusterClient,
  hanging: number,
): Promise<[number, string]> {
  await emu.clearFaults();
  for (let i = 0; i < hanging; i++) await emu.setFault(i, 'hang');
  const [t, result] = await timed(() =>
    client.updateRoutingControlStates(failoverEntries()),
  );
  await emu.clearFaults();
  return [t, result.region];
}

/**
 * The failover write with 0 to 4 of the 5 endpoints hung, hung ones first,
 * after the portal's reads taught the client the endpoints' latency; the
 * same without that history (the ceiling `arc.hedgeAfterMs` applies); ten
 * concurrent failovers; and the most writes any endpoint received in one
 * second, from the emulator's log.
 */
export async function benchFailoverHungEndpoints(): Promise<BenchRow[]> {
  const emu = await startEmulator({
    fixture: FIXTURE,
    deploymentDelayMs: 0,
    route53ChangeDelayMs: 0,
  });
  const rows: BenchRow[] = [];
  const clients: ArcClusterClient[] = [];
  try {
    const cluster = clusterConfig(emu);
    const timing: ArcTimingConfig = readMultiRegionConfig(
      new ConfigReader({ multiRegion: { clusters: [cluster] } }),
    ).arc;
    const newClient = (order: <T>(items: readonly T[]) => T[]) => {
      const client = new ArcClusterClient(cluster, credentials, timing, order);
      clients.push(client);
      return client;
    };

    // without history: what a just-started backend does
    const [cold, coldRegion] = await hungWrite(
      emu,
      newClient(benchOrder(false).order),
      4,
    );
    rows.push({
      figure:
        'failover write, 4 of 5 endpoints hung, worst order, no latency history yet',
      goal: '(context)',
      result: ms(cold),
      met: undefined,
      detail: `answered by ${coldRegion}; hedges every arc.hedgeAfterMs (${timing.hedgeAfterMs} ms) until the client has seen ARC answer`,
    });

    const passes = benchOrder(true);
    const client = newClient(passes.order);
    for (let i = 0; i < WARM_UP_READS; i++) {
      await client.listRoutingControls(PANEL);
    }
    passes.warmingUp = false;
    for (let hanging = 0; hanging <= 4; hanging++) {
      await sleep(BETWEEN_ROWS_MS);
      const [t, region] = await hungWrite(emu, client, hanging);
      rows.push({
        figure: `failover write (one UpdateRoutingControlStates), ${hanging} of 5 endpoints hung, worst order, after ${WARM_UP_READS} portal reads`,
        goal: `< ${GOAL_MS} ms`,
        result: ms(t),
        met: t < GOAL_MS,
        detail: `answered by ${region}`,
      });
    }

    // a region evacuation: many panels' failovers at once, through one client
    await sleep(BETWEEN_ROWS_MS);
    const concurrent = 10;
    const [t, results] = await timed(() =>
      Promise.all(
        Array.from({ length: concurrent }, () =>
          client.updateRoutingControlStates(failoverEntries()),
        ),
      ),
    );
    const byRegion = new Map<string, number>();
    for (const r of results) {
      byRegion.set(r.region, (byRegion.get(r.region) ?? 0) + 1);
    }
    rows.push({
      figure: `${concurrent} concurrent failover writes, all endpoints up, worst order`,
      goal: '(context)',
      result: ms(t),
      met: undefined,
      detail: `accepted by ${[...byRegion]
        .map(([region, n]) => `${region} ${n}`)
        .join(
          ', ',
        )}: an endpoint with ${GOAL_WRITES} writes in its window is passed over`,
    });

    const writes = emu
      .requestLog()
      .filter(e => e.operation === 'UpdateRoutingControlStates');
    const peaks = cluster.endpoints.map((_, i) =>
      peakPerSecond(writes.filter(e => e.endpointIndex === i).map(e => e.at)),
    );
    const peak = Math.max(...peaks);
    const throttled = writes.filter(e => e.errorCode === 'ThrottlingException');
    rows.push({
      figure:
        'most writes one endpoint received in any 1 s window (this bench, emulator log)',
      goal: `<= ${GOAL_WRITES}`,
      result: String(peak),
      met: peak <= GOAL_WRITES,
      detail: `per endpoint ${peaks.join(' / ')}; ${
        writes.length
      } writes arrived, ${
        throttled.length
      } throttled by the emulator (${GOAL_WRITES}/s per endpoint)`,
    });
    return rows;
  } finally {
    clients.forEach(c => c.destroy());
    await emu.stop();
  }
}

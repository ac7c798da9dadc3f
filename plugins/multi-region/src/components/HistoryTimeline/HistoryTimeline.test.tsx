import { screen, within } from '@testing-library/react';
import { summariseReadiness } from '@multi-region-failover/plugin-multi-region-common';
import {
  failingTargetHealth,
  operation,
  passingChecks,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import { FakeMultiRegionApi } from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryTimeline } from './HistoryTimeline';

const at = '2030-01-15T02:09:55.000Z';

describe('HistoryTimeline readiness', () => {
  it('says what failed or warned at confirm and which failing checks were acknowledged', async () => {
    const failing = withChecks(failingTargetHealth, warningEndpoints);
    await renderWithApis(
      <HistoryTimeline
        items={[
          operation({
            id: 'op-ack',
            readiness: {
              summary: summariseReadiness(failing, 'us-west-2', at),
              problems: [failingTargetHealth, warningEndpoints],
              acknowledged: ['target-health'],
            },
          }),
          operation({
            id: 'op-warn',
            readiness: {
              summary: summariseReadiness(
                withChecks(warningEndpoints),
                'us-west-2',
                at,
              ),
              problems: [warningEndpoints],
              acknowledged: [],
            },
          }),
          operation({
            id: 'op-clean',
            readiness: {
              summary: summariseReadiness(passingChecks, 'us-west-2', at),
              problems: [],
              acknowledged: [],
            },
          }),
          operation({ id: 'op-before-readiness' }),
        ]}
      />,
      { api: new FakeMultiRegionApi() },
    );
    const rows = screen.getAllByTestId('multi-region-history-row');
    const line = (i: number) =>
      within(rows[i]).queryByTestId('multi-region-history-readiness');

    expect(line(0)).toHaveTextContent(
      'Readiness at confirm: 4 of 6 pass, 1 failing, 1 warning; acknowledged: Target health check',
    );
    expect(line(0)?.getAttribute('title')).toContain(
      `Target health check (fail): ${failingTargetHealth.reason}`,
    );
    expect(line(1)).toHaveTextContent(
      'Readiness at confirm: 5 of 6 pass, 1 warning',
    );
    expect(line(1)).not.toHaveTextContent('acknowledged');
    // nothing to say when every check passed, or before readiness existed
    expect(line(2)).toBeNull();
    expect(line(3)).toBeNull();
  });
});

describe('HistoryTimeline timings and drills', () => {
  it('shows the timings of completed operations against the RTO, and marks the operations of a drill', async () => {
    await renderWithApis(
      <HistoryTimeline
        rtoMinutes={15}
        items={[
          operation({
            id: 'op-drill-back',
            action: 'failback',
            fromRegion: 'us-west-2',
            toRegion: 'us-east-1',
            reason: 'Drill failback: Quarterly DR drill',
            drillId: 'drill-1',
            timings: { switchMs: 38_000, healthyMs: 25_000 },
          }),
          operation({
            id: 'op-drill-over',
            reason: 'Drill: Quarterly DR drill',
            drillId: 'drill-1',
            timings: {
              switchMs: 42_000,
              healthyMs: 30_000,
              rtoMinutes: 15,
              rtoMet: true,
            },
          }),
          operation({
            id: 'op-slow',
            timings: {
              switchMs: 20 * 60_000,
              healthyMs: 19 * 60_000,
              rtoMinutes: 15,
              rtoMet: false,
            },
          }),
          operation({ id: 'op-old' }),
        ]}
      />,
      { api: new FakeMultiRegionApi() },
    );
    const rows = screen.getAllByTestId('multi-region-history-row');
    const timings = (i: number) =>
      within(rows[i]).queryByTestId('operation-timings');

    expect(timings(0)).toHaveTextContent(
      'switched in 38 s, healthy in 25 s — RTO 15 min',
    );
    expect(timings(0)).toHaveAttribute('data-rto-met', 'unknown');
    expect(timings(1)).toHaveTextContent(
      'switched in 42 s, healthy in 30 s — RTO 15 min met',
    );
    expect(timings(1)).toHaveAttribute('data-rto-met', 'true');
    expect(timings(2)).toHaveTextContent(
      'switched in 20 min, healthy in 19 min — RTO 15 min missed',
    );
    expect(timings(2)).toHaveAttribute('data-rto-met', 'false');
    // an operation from before timings: when DNS followed, as before
    expect(timings(3)).toBeNull();
    expect(rows[3]).toHaveTextContent('DNS followed after 1 min 24 s');

    const drillChips = rows.map(
      row => within(row).queryByTestId('operation-drill')?.textContent,
    );
    expect(drillChips).toEqual(['Drill', 'Drill', undefined, undefined]);
  });
});

describe('HistoryTimeline evacuations', () => {
  it('marks the operations an evacuation started', async () => {
    await renderWithApis(
      <HistoryTimeline
        items={[
          operation({ id: 'op-evac', evacuationId: 'evac-1' }),
          operation({ id: 'op-alone' }),
        ]}
      />,
      { api: new FakeMultiRegionApi() },
    );
    const rows = screen.getAllByTestId('multi-region-history-row');
    const chip = within(rows[0]).getByTestId('operation-evacuation');
    expect(chip).toHaveTextContent('Evacuation');
    expect(chip).toHaveAttribute('data-evacuation-id', 'evac-1');
    expect(
      within(rows[1]).queryByTestId('operation-evacuation'),
    ).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { ordersEntity } from '../../__fixtures__/entities';
import { drill, soakingDrill } from '../../__fixtures__/drills';
import { operation, primaryActiveStatus } from '../../__fixtures__/status';
import { FakeMultiRegionApi } from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MultiRegionContent } from './MultiRegionContent';

/* Drills on the Multi-region tab: the table of drills and the chart of failover times. */

const history = [
  operation({
    id: 'op-drill-back',
    action: 'failback',
    fromRegion: 'us-west-2',
    toRegion: 'us-east-1',
    drillId: 'drill-1',
    createdAt: '2030-01-12T02:16:00.000Z',
    timings: {
      switchMs: 38_000,
      healthyMs: 25_000,
      rtoMinutes: 15,
      rtoMet: true,
    },
  }),
  operation({
    id: 'op-drill-over',
    drillId: 'drill-1',
    createdAt: '2030-01-12T02:00:00.000Z',
    timings: {
      switchMs: 42_000,
      healthyMs: 30_000,
      rtoMinutes: 15,
      rtoMet: true,
    },
  }),
  operation({
    id: 'op-real',
    createdAt: '2030-01-05T02:00:00.000Z',
    timings: {
      switchMs: 20 * 60_000,
      healthyMs: 18 * 60_000,
      rtoMinutes: 15,
      rtoMet: false,
    },
  }),
  // failed: nothing to chart
  operation({ id: 'op-failed', status: 'failed', timings: { switchMs: 1 } }),
];

const render = (api: FakeMultiRegionApi) =>
  renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
    api,
    entity: ordersEntity,
  });

describe('MultiRegionContent drills', () => {
  it('lists the drills: started, by, reason, soak, outcome and switch time against the RTO', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: history },
      drills: {
        items: [
          soakingDrill(),
          drill({
            outcome: 'outcome-failed',
            outcomeDetail: 'orders-5xx-us-west-2 went into ALARM after 4 min.',
            rtoMet: false,
            failoverTimings: { switchMs: 16 * 60_000 },
          }),
        ],
      },
    });
    await render(api);
    const rows = await screen.findAllByTestId('drill-row');
    expect(api.callsOf('listDrills')).toEqual([
      ['component:default/orders', undefined],
    ]);
    expect(rows.map(r => r.getAttribute('data-state'))).toEqual([
      'soaking',
      'completed',
    ]);
    expect(rows.map(r => r.getAttribute('data-outcome'))).toEqual([
      'none',
      'outcome-failed',
    ]);
    expect(rows[0]).toHaveTextContent('2030-01-15 02:59:00 UTC');
    expect(rows[0]).toHaveTextContent('alice');
    expect(rows[0]).toHaveTextContent('Quarterly DR drill');
    expect(rows[0]).toHaveTextContent('15 min');
    expect(rows[0]).toHaveTextContent('soaking');
    expect(rows[1]).toHaveTextContent(
      'failed: the outcome went bad during the soak',
    );
    expect(rows[1]).toHaveTextContent(
      'orders-5xx-us-west-2 went into ALARM after 4 min.',
    );
    expect(rows[1]).toHaveTextContent('16 min (RTO 15 min missed)');
    expect(
      within(screen.getByTestId('multi-region-drills')).getByRole('table', {
        name: 'Drills',
      }),
    ).toBeInTheDocument();
  });

  it('says so when no drill has been run', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: [] },
    });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-drills-empty'),
    ).toHaveTextContent('No drill has been run for this service yet.');
    expect(
      screen.getByTestId('multi-region-timings-chart-empty'),
    ).toBeInTheDocument();
  });

  it('charts the switch and healthy times of completed changes, drills apart, with the RTO line', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: history },
    });
    await render(api);
    const chart = await screen.findByTestId('multi-region-timings-chart');
    expect(
      screen.getByRole('img', {
        name: /Switch and healthy times of each failover and failback/,
      }),
    ).toBe(chart);
    await waitFor(() =>
      expect(chart).toHaveAccessibleName(
        'Switch and healthy times of each failover and failback 3 completed changes from 2030-01-05 to 2030-01-12, 2 of them in drills. Switch time from 38 s to 20 min. 2 of 3 switched within the 15 min RTO.',
      ),
    );
    const points = within(chart).getAllByTestId('timings-chart-point');
    expect(
      points.map(p => [
        p.getAttribute('data-operation-id'),
        p.getAttribute('data-kind'),
        p.getAttribute('data-rto-met'),
      ]),
    ).toEqual([
      ['op-real', 'change', 'false'],
      ['op-drill-over', 'drill', 'true'],
      ['op-drill-back', 'drill', 'true'],
    ]);
    // switch (circle) and healthy (square) markers; a drill's hollow
    expect(points[0].querySelector('circle')).toHaveAttribute(
      'fill',
      points[0].querySelector('circle')!.getAttribute('stroke')!,
    );
    expect(points[1].querySelector('circle')!.getAttribute('fill')).not.toBe(
      points[1].querySelector('circle')!.getAttribute('stroke'),
    );
    expect(points[1].querySelector('rect')).not.toBeNull();
    expect(points[1].querySelector('title')).toHaveTextContent(
      '2030-01-12 02:00:00 UTC, drill: Fail over us-east-1 → us-west-2: switched in 42 s, healthy in 30 s — RTO 15 min met',
    );
    const rto = within(chart).getByTestId('timings-chart-rto');
    expect(rto).toHaveTextContent('RTO 15 min');
    expect(rto.querySelector('line')).toHaveAttribute(
      'stroke-dasharray',
      '6 4',
    );
    expect(within(chart).getByTestId('timings-chart-legend')).toHaveTextContent(
      /switch time.*healthy time.*real change.*drill \(hollow\).*RTO/,
    );
  });
});

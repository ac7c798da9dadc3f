import { act, screen, waitFor } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ordersEntity } from '../__fixtures__/entities';
import { drill, soakingDrill, statusWithDrills } from '../__fixtures__/drills';
import {
  evacuation,
  evacuationPartlyFailed,
} from '../__fixtures__/evacuations';
import { exampleServices } from '../__fixtures__/services';
import { operation, primaryActiveStatus, steps } from '../__fixtures__/status';
import { FakeMultiRegionApi } from '../__testUtils__/FakeMultiRegionApi';
import { FakeSignalApi } from '../__testUtils__/FakeSignalApi';
import { renderWithApis } from '../__testUtils__/renderWithApis';
import { DrillDialog } from './DrillDialog';
import { EvacuationDialog } from './EvacuationDialog';
import { FailoverDialog } from './FailoverDialog';
import { MultiRegionCard } from './MultiRegionCard';
import { MultiRegionPage } from './MultiRegionPage';

/*
 * Each progress view tells which path follows it (data-live-updates, for
 * the browser tests): "polling" until signals are seen to arrive (and
 * always without a signals API), then "signals", where it reads again when
 * a signal names what it follows. The poll interval is far beyond any
 * test's length: every read here comes from a signal (or, on a very slow
 * machine, the 15 s safety poll, which reads the same answer again).
 */

const NEVER_MS = 3_600_000;

jest.setTimeout(90_000);

const runningOperation = () =>
  operation({
    status: 'in-progress',
    steps: steps('done', 'running'),
    completedAt: undefined,
    dnsFollowedAfterMs: undefined,
  });

describe('live progress', () => {
  it('follows an operation with signals in the failover dialog', async () => {
    const api = new FakeMultiRegionApi({
      operationStates: [runningOperation()],
    });
    const signals = new FakeSignalApi();
    await renderWithApis(
      <FailoverDialog
        open
        entity={ordersEntity}
        status={primaryActiveStatus}
        onClose={jest.fn()}
        pollIntervalMs={NEVER_MS}
        followOperation={runningOperation()}
      />,
      { api, signals },
    );
    const progress = await screen.findByTestId('failover-progress');
    expect(progress).toHaveAttribute('data-live-updates', 'polling');

    // the first signal (about another operation) shows they arrive
    act(() => signals.changed('operation', 'op-other'));
    await waitFor(() =>
      expect(screen.getByTestId('failover-progress')).toHaveAttribute(
        'data-live-updates',
        'signals',
      ),
    );
    await waitFor(() => expect(api.callsOf('getOperation')).toHaveLength(1));
    act(() => signals.changed('operation', 'op-other'));
    api.operationStates = [operation({ status: 'succeeded' })];
    act(() => signals.changed('operation', 'op-1'));
    expect(await screen.findByTestId('failover-result')).toHaveAttribute(
      'data-status',
      'succeeded',
    );
    expect(api.callsOf('getOperation')).toEqual([['op-1'], ['op-1']]);
    expect(signals.subscriptionCount()).toBe(0);
  });

  it('says "polling" in an app without signals', async () => {
    const api = new FakeMultiRegionApi({
      operationStates: [runningOperation()],
    });
    await renderWithApis(
      <FailoverDialog
        open
        entity={ordersEntity}
        status={primaryActiveStatus}
        onClose={jest.fn()}
        pollIntervalMs={NEVER_MS}
        followOperation={runningOperation()}
      />,
      { api },
    );
    expect(await screen.findByTestId('failover-progress')).toHaveAttribute(
      'data-live-updates',
      'polling',
    );
    expect(api.callsOf('getOperation')).toEqual([]);
  });

  it('follows a drill with signals in the drill dialog', async () => {
    const running = soakingDrill();
    const api = new FakeMultiRegionApi({ drillStates: [running] });
    const signals = new FakeSignalApi();
    await renderWithApis(
      <DrillDialog
        open
        entity={ordersEntity}
        onClose={jest.fn()}
        pollIntervalMs={NEVER_MS}
        followDrill={running}
      />,
      { api, signals },
    );
    expect(await screen.findByTestId('drill-progress')).toHaveAttribute(
      'data-live-updates',
      'polling',
    );
    act(() => signals.changed('drill', running.id));
    await waitFor(() =>
      expect(screen.getByTestId('drill-progress')).toHaveAttribute(
        'data-live-updates',
        'signals',
      ),
    );
    await waitFor(() => expect(api.callsOf('getDrill')).toHaveLength(1));

    api.drillStates = [drill({ id: running.id })];
    act(() => signals.changed('operation', running.id));
    act(() => signals.changed('drill', running.id));
    await waitFor(() =>
      expect(screen.getByTestId('drill-progress')).toHaveAttribute(
        'data-state',
        'completed',
      ),
    );
    expect(api.callsOf('getDrill')).toEqual([[running.id], [running.id]]);
    expect(signals.subscriptionCount()).toBe(0);
  });

  it('follows a running drill with signals on the card', async () => {
    const running = soakingDrill();
    const api = new FakeMultiRegionApi({
      status: statusWithDrills({ running }),
      drillStates: [running],
    });
    const signals = new FakeSignalApi();
    await renderWithApis(
      <MultiRegionCard refreshIntervalMs={0} pollIntervalMs={NEVER_MS} />,
      { api, entity: ordersEntity, signals },
    );
    expect(
      await screen.findByTestId('multi-region-drill-running'),
    ).toHaveAttribute('data-live-updates', 'polling');
    act(() => signals.changed('drill', 'drill-other'));
    await waitFor(() =>
      expect(screen.getByTestId('multi-region-drill-running')).toHaveAttribute(
        'data-live-updates',
        'signals',
      ),
    );
    await waitFor(() => expect(api.callsOf('getDrill')).toHaveLength(1));
  });

  it('follows an evacuation with signals in the evacuation dialog', async () => {
    const running = evacuation();
    const api = new FakeMultiRegionApi({ evacuation: running });
    const signals = new FakeSignalApi();
    await renderWithApis(
      <EvacuationDialog
        open
        services={exampleServices}
        onClose={jest.fn()}
        pollIntervalMs={NEVER_MS}
        followEvacuation={running}
      />,
      {
        api,
        signals,
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByTestId('evacuation-progress')).toHaveAttribute(
      'data-live-updates',
      'polling',
    );
    act(() => signals.changed('evacuation', 'evac-other'));
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-progress')).toHaveAttribute(
        'data-live-updates',
        'signals',
      ),
    );
    await waitFor(() => expect(api.callsOf('getEvacuation')).toHaveLength(1));

    api.evacuation = evacuationPartlyFailed();
    act(() => signals.changed('evacuation', 'evac-other'));
    act(() => signals.changed('evacuation', 'evac-1'));
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-progress')).toHaveAttribute(
        'data-state',
        'completed',
      ),
    );
    expect(api.callsOf('getEvacuation')).toEqual([['evac-1'], ['evac-1']]);
    expect(signals.subscriptionCount()).toBe(0);
  });

  it('reads the evacuations list again on an evacuation signal on the org page', async () => {
    const api = new FakeMultiRegionApi({
      services: {
        items: exampleServices,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
      evacuations: { items: [evacuation()] },
    });
    const signals = new FakeSignalApi();
    await renderWithApis(<MultiRegionPage />, {
      api,
      signals,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    const table = await screen.findByTestId('evacuations-table');
    expect(table).toHaveAttribute('data-live-updates', 'polling');
    expect(screen.getByTestId('evacuation-row')).toHaveAttribute(
      'data-state',
      'running',
    );
    act(() => signals.changed('operation', 'op-1'));
    await waitFor(() =>
      expect(screen.getByTestId('evacuations-table')).toHaveAttribute(
        'data-live-updates',
        'signals',
      ),
    );
    await waitFor(() => expect(api.callsOf('listEvacuations')).toHaveLength(2));

    api.evacuations = { items: [evacuationPartlyFailed()] };
    act(() => signals.changed('evacuation', 'evac-1'));
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-row')).toHaveAttribute(
        'data-state',
        'completed',
      ),
    );
  });
});

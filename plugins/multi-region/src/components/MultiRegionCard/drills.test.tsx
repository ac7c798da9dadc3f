import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ordersEntity } from '../../__fixtures__/entities';
import {
  drill,
  drillPlan,
  soakingDrill,
  statusWithDrills,
} from '../../__fixtures__/drills';
import {
  notPermittedStatus,
  primaryActiveStatus,
  secondaryActiveStatus,
} from '../../__fixtures__/status';
import { FakeMultiRegionApi } from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MultiRegionCard } from './MultiRegionCard';

/*
 * Drills on the card: the last drill and the overdue badge, "Run drill" and
 * why it is disabled, the banner of a running drill and its Stop button.
 */

const render = (api: FakeMultiRegionApi, pollIntervalMs?: number) =>
  renderWithApis(
    <MultiRegionCard refreshIntervalMs={0} pollIntervalMs={pollIntervalMs} />,
    { api, entity: ordersEntity },
  );

jest.setTimeout(90_000);

describe('MultiRegionCard drills', () => {
  it('shows nothing of drills when the backend reports none (an older backend)', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    await render(api);
    await screen.findByTestId('multi-region-active-region');
    expect(
      screen.queryByTestId('multi-region-drill-last'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('multi-region-drill-button'),
    ).not.toBeInTheDocument();
  });

  it('shows the last drill, and offers a drill beside the failover button', async () => {
    const api = new FakeMultiRegionApi({ status: statusWithDrills() });
    await render(api);
    const last = await screen.findByTestId('multi-region-drill-last');
    expect(last).toHaveAttribute('data-outcome', 'passed');
    expect(last).toHaveTextContent(
      /^Last drill .+: passed, switched in 42 s \(RTO 15 min, met\)$/,
    );
    expect(
      screen.queryByTestId('multi-region-drill-overdue'),
    ).not.toBeInTheDocument();
    const button = screen.getByTestId('multi-region-drill-button');
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveTextContent('Run drill');
    expect(
      screen.queryByTestId('multi-region-drill-denied'),
    ).not.toBeInTheDocument();
  });

  it('says "No drill yet" with the overdue badge', async () => {
    const api = new FakeMultiRegionApi({
      status: statusWithDrills({ last: undefined, overdue: true }),
    });
    await render(api);
    const last = await screen.findByTestId('multi-region-drill-last');
    expect(last).toHaveTextContent('No drill yet');
    expect(last).toHaveAttribute('data-outcome', 'none');
    expect(screen.getByTestId('multi-region-drill-overdue')).toHaveTextContent(
      'Drill overdue: none passed in 90 days',
    );
  });

  it.each([
    [
      'away from its primary',
      statusWithDrills({}, secondaryActiveStatus),
      'Drills start from the primary region; it runs in us-west-2 now.',
    ],
    [
      'denied by the server',
      statusWithDrills({
        deniedReason: 'Drills are switched off (read-only).',
      }),
      'Drills are switched off (read-only).',
    ],
    [
      'without the failover permission',
      statusWithDrills({}, notPermittedStatus),
      notPermittedStatus.permissions.failoverDeniedReason!,
    ],
  ])('disables "Run drill" with the reason when %s', async (_, status, why) => {
    const api = new FakeMultiRegionApi({ status });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-drill-denied'),
    ).toHaveTextContent(why);
    expect(screen.getByTestId('multi-region-drill-button')).toBeDisabled();
  });

  it('opens the drill dialog on its plan and refreshes once it closes', async () => {
    const api = new FakeMultiRegionApi({
      status: statusWithDrills(),
      drillPlan: drillPlan(),
    });
    await render(api);
    const button = await screen.findByTestId('multi-region-drill-button');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByTestId('drill-dialog');
    expect(
      await within(dialog).findByTestId('drill-plan-headline'),
    ).toHaveTextContent('Drill orders: us-east-1 → us-west-2 → us-east-1');
    await userEvent.click(within(dialog).getByTestId('drill-cancel'));
    await waitFor(() => expect(api.callsOf('getStatus')).toHaveLength(2));
  });

  it('shows a running drill: phase, countdown, what the watch saw, and follows it', async () => {
    const running = soakingDrill({
      soakEndsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    const api = new FakeMultiRegionApi({
      status: statusWithDrills({ running }),
      drillStates: [running],
    });
    await render(api, 60_000);
    const banner = await screen.findByTestId('multi-region-drill-running');
    expect(banner).toHaveAttribute('data-state', 'soaking');
    expect(banner).toHaveTextContent(
      /Drill under way: soaking in us-west-2, fails back in (4|5) min/,
    );
    expect(
      within(banner).getByTestId('multi-region-drill-watch'),
    ).toHaveTextContent(
      'us-west-2 health check Healthy; outcome alarms orders-5xx-us-west-2: OK',
    );
    expect(screen.getByTestId('multi-region-drill-button')).toBeDisabled();
    expect(screen.getByTestId('multi-region-drill-denied')).toHaveTextContent(
      'A drill is under way',
    );

    await userEvent.click(screen.getByTestId('multi-region-drill-follow'));
    const progress = await screen.findByTestId('drill-progress');
    expect(progress).toHaveAttribute('data-state', 'soaking');
    expect(api.callsOf('planDrill')).toEqual([]);
  });

  it('stops a running drill with a reason, from the banner', async () => {
    const running = soakingDrill();
    const api = new FakeMultiRegionApi({
      status: statusWithDrills({ running }),
      drillStates: [running],
      stoppedDrill: {
        ...running,
        stop: {
          by: 'user:default/bob',
          at: running.updatedAt,
          reason: 'Traffic spike',
        },
      },
    });
    await render(api, 60_000);
    await userEvent.click(await screen.findByTestId('multi-region-drill-stop'));
    await userEvent.click(await screen.findByTestId('drill-stop-reason'));
    await userEvent.paste('Traffic spike');
    const confirm = screen.getByTestId('drill-stop-confirm');
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    expect(
      await screen.findByTestId('multi-region-drill-stopping'),
    ).toHaveTextContent('Stop asked by bob: “Traffic spike”; failing back.');
    expect(api.callsOf('stopDrill')).toEqual([['drill-2', 'Traffic spike']]);
    expect(
      screen.queryByTestId('multi-region-drill-stop'),
    ).not.toBeInTheDocument();
    await waitFor(() => expect(api.callsOf('getStatus')).toHaveLength(2));
  });

  it('reads the status again once the running drill is over', async () => {
    const running = soakingDrill();
    let calls = 0;
    const api = new FakeMultiRegionApi({
      status: () =>
        ++calls === 1
          ? statusWithDrills({ running })
          : statusWithDrills({ last: drill({ id: 'drill-2' }) }),
      // still running at every poll until the banner has been seen
      drillStates: [running],
    });
    await render(api, 5);
    await screen.findByTestId('multi-region-drill-running');
    api.drillStates = [drill({ id: 'drill-2' })];
    await waitFor(() =>
      expect(
        screen.queryByTestId('multi-region-drill-running'),
      ).not.toBeInTheDocument(),
    );
    expect(api.callsOf('getStatus')).toHaveLength(2);
    expect(screen.getByTestId('multi-region-drill-last')).toHaveAttribute(
      'data-outcome',
      'passed',
    );
  });
});

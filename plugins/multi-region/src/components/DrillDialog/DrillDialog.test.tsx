import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StartDrillRequest } from '@multi-region-failover/plugin-multi-region-common';
import { ordersEntity } from '../../__fixtures__/entities';
import { drill, drillPlan, soakingDrill } from '../../__fixtures__/drills';
import {
  failingAlarm,
  failingTargetHealth,
  plan,
  readinessReport,
  withChecks,
} from '../../__fixtures__/status';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DrillDialog } from './DrillDialog';

/*
 * The drill dialog as a user drives it: the plan, the form, the start, the
 * progress to the outcome and its timings, refusals and a stop. What
 * disables Start is unit-tested in decideDrillStart.test.ts.
 */

function renderDialog(
  api: FakeMultiRegionApi,
  props: Partial<Parameters<typeof DrillDialog>[0]> = {},
) {
  const onClose = jest.fn();
  const onStateChanged = jest.fn();
  return renderWithApis(
    <DrillDialog
      open
      entity={ordersEntity}
      onClose={onClose}
      onStateChanged={onStateChanged}
      pollIntervalMs={5}
      {...props}
    />,
    { api },
  ).then(() => ({ onClose, onStateChanged }));
}

// Each keystroke re-renders the dialog: fields are pasted, not typed.
jest.setTimeout(90_000);

async function fillIn(reason = 'Quarterly DR drill', name = 'orders') {
  await userEvent.click(await screen.findByTestId('drill-reason'));
  await userEvent.paste(reason);
  await userEvent.click(screen.getByTestId('drill-confirm-text'));
  await userEvent.paste(name);
}

const startRequests = (api: FakeMultiRegionApi) =>
  api.callsOf('startDrill').map(([request]) => request as StartDrillRequest);

describe('DrillDialog', () => {
  it('shows the plan: round trip, window, alarms, changes and the default soak', async () => {
    const api = new FakeMultiRegionApi({ drillPlan: drillPlan() });
    await renderDialog(api);
    expect(await screen.findByTestId('drill-plan-headline')).toHaveTextContent(
      'Drill orders: us-east-1 → us-west-2 → us-east-1',
    );
    expect(api.callsOf('planDrill')).toEqual([['component:default/orders']]);
    const window = screen.getByTestId('drill-window');
    expect(window).toHaveAttribute('data-allowed', 'true');
    expect(window).toHaveTextContent(
      'Allowed: inside Mon-Fri 00:00-23:59 UTC (service).',
    );
    expect(window).toHaveTextContent(
      'Blocked (UTC): 2030-12-24 (organisation)',
    );
    expect(screen.getByTestId('drill-blocking-alarm')).toHaveAttribute(
      'data-state',
      'OK',
    );
    expect(screen.getByTestId('drill-outcome-alarms')).toHaveTextContent(
      'Watched during the soak (us-west-2): the health check and orders-5xx-us-west-2',
    );
    expect(
      screen.getAllByTestId('failover-plan-change').map(r => r.textContent),
    ).toEqual([
      'orders-secondary-rcus-west-2 (secondary)Off → On',
      'orders-primary-rcus-east-1 (primary)On → Off',
    ]);
    expect(screen.getByTestId('drill-rto')).toHaveTextContent(
      'measured against the 15 min RTO',
    );
    expect(screen.getByTestId('drill-soak-seconds')).toHaveValue(900);
    expect(screen.queryByTestId('drill-refusal')).not.toBeInTheDocument();
    expect(screen.getByTestId('drill-start')).toBeDisabled();
    expect(screen.getByTestId('drill-blockers')).toHaveTextContent(
      'To start: a reason is needed; type "orders" to confirm.',
    );
  });

  it('starts once the reason and name are given, then follows the drill to its outcome and timings', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan(),
      startedDrill: soakingDrill({ state: 'failing-over', watch: undefined }),
      drillStates: [
        soakingDrill(),
        soakingDrill({ state: 'failing-back' }),
        drill({ id: 'drill-2' }),
      ],
    });
    const { onStateChanged } = await renderDialog(api);
    await fillIn();
    const start = screen.getByTestId('drill-start');
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);

    const progress = await screen.findByTestId('drill-progress');
    expect(startRequests(api)).toEqual([
      {
        entityRef: 'component:default/orders',
        reason: 'Quarterly DR drill',
        soakSeconds: 900,
        expectedActiveRegion: 'us-east-1',
      },
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('drill-progress')).toHaveAttribute(
        'data-state',
        'completed',
      ),
    );
    expect(screen.getByTestId('drill-progress')).toHaveAttribute(
      'data-outcome',
      'passed',
    );
    expect(progress).toBeInTheDocument();
    expect(api.callsOf('getDrill')[0]).toEqual(['drill-2']);
    for (const phase of ['failing-over', 'soaking', 'failing-back', 'done']) {
      expect(screen.getByTestId(`drill-step-${phase}`)).toHaveAttribute(
        'data-status',
        'done',
      );
    }
    expect(screen.getByTestId('drill-outcome')).toHaveTextContent(
      'Drill passed',
    );
    const timings = screen.getByTestId('drill-timings');
    expect(timings).toHaveAttribute('data-rto-met', 'true');
    expect(
      within(timings).getByTestId('drill-timings-failover'),
    ).toHaveTextContent(
      'Failover to us-west-2: switched in 42 s, healthy in 30 s — RTO 15 min met',
    );
    expect(
      within(timings).getByTestId('drill-timings-failback'),
    ).toHaveTextContent(
      'Failback to us-east-1: switched in 38 s, healthy in 25 s',
    );
    expect(screen.getAllByTestId('drill-event')).toHaveLength(3);
    expect(screen.queryByTestId('drill-stop')).not.toBeInTheDocument();
    expect(screen.getByTestId('drill-cancel')).toHaveTextContent('Close');
    expect(onStateChanged).toHaveBeenCalled();
  });

  it('shows each refusal and never enables Start', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan({
        window: {
          allowed: false,
          reason: 'Refused: outside Mon-Fri 09:00-17:00 UTC (service).',
          allowedWindows: [
            { window: 'Mon-Fri 09:00-17:00', source: 'service' },
          ],
          blockedWindows: [],
        },
        blockingAlarms: [
          {
            name: 'orders-primary-db',
            region: 'us-east-1',
            state: 'ALARM',
            reason: 'Threshold crossed',
          },
        ],
        refusals: [
          {
            kind: 'drill-window',
            message: 'Refused: outside Mon-Fri 09:00-17:00 UTC (service).',
          },
          {
            kind: 'drill-blocking-alarm',
            message: 'orders-primary-db (us-east-1) is in ALARM.',
          },
        ],
      }),
    });
    await renderDialog(api);
    const refusals = await screen.findAllByTestId('drill-refusal');
    expect(refusals.map(r => r.textContent)).toEqual([
      'Refused: outside Mon-Fri 09:00-17:00 UTC (service).',
      'orders-primary-db (us-east-1) is in ALARM.',
    ]);
    expect(refusals[0]).toHaveAttribute('data-kind', 'drill-window');
    expect(screen.getByTestId('drill-window')).toHaveAttribute(
      'data-allowed',
      'false',
    );
    expect(screen.getByTestId('drill-blocking-alarm')).toHaveAttribute(
      'data-state',
      'ALARM',
    );
    await fillIn();
    expect(screen.getByTestId('drill-start')).toBeDisabled();
    expect(screen.getByTestId('drill-blockers')).toHaveTextContent(
      'To start: the drill is refused now (see above).',
    );
  });

  it('validates the soak against the limits and sends the one typed', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan(),
      startedDrill: soakingDrill(),
      drillStates: [soakingDrill()],
    });
    await renderDialog(api);
    await fillIn();
    const soak = screen.getByTestId('drill-soak-seconds');
    await userEvent.clear(soak);
    await userEvent.type(soak, '30');
    expect(
      screen.getByText(
        'The soak must be between 1 min and 4 h (60–14400 seconds).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('drill-start')).toBeDisabled();

    await userEvent.type(soak, '0');
    expect(
      screen.getByText('5 min in us-west-2 before failing back.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('drill-start')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('drill-start'));
    await screen.findByTestId('drill-progress');
    expect(startRequests(api)[0].soakSeconds).toBe(300);
  });

  it('keeps Start disabled while the typed name does not match, as the failover dialog does', async () => {
    const api = new FakeMultiRegionApi({ drillPlan: drillPlan() });
    await renderDialog(api);
    await fillIn('Quarterly DR drill', 'order');
    expect(
      screen.getByText('This does not match "orders".'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('drill-start')).toBeDisabled();
    await userEvent.type(screen.getByTestId('drill-confirm-text'), 's');
    await waitFor(() =>
      expect(screen.getByTestId('drill-start')).toBeEnabled(),
    );
  });

  it('needs the failing readiness checks acknowledged and sends their ids', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan({
        failover: plan({
          readiness: readinessReport({ checks: withChecks(failingAlarm) }),
        }),
      }),
      startedDrill: soakingDrill(),
      drillStates: [soakingDrill()],
    });
    await renderDialog(api);
    await fillIn();
    const start = screen.getByTestId('drill-start');
    expect(start).toBeDisabled();
    const acknowledge = screen.getByLabelText(
      'I have read the failing check (CloudWatch alarms) and start the drill anyway',
    );
    expect(acknowledge).toBe(
      screen.getByTestId('failover-readiness-acknowledge'),
    );
    await userEvent.click(acknowledge);
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);
    await screen.findByTestId('drill-progress');
    expect(startRequests(api)[0].acknowledgeFailingChecks).toEqual(['alarms']);
  });

  it('shows a 409 refusal in the server’s words and plans again on demand', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan(),
      startedDrill: await responseError(
        409,
        'ConflictError',
        'Refused: inside the blocked window 2030-01-15 (organisation).',
        { refusal: 'drill-window' },
      ),
    });
    const { onStateChanged } = await renderDialog(api);
    await fillIn();
    await waitFor(() =>
      expect(screen.getByTestId('drill-start')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('drill-start'));
    const conflict = await screen.findByTestId('drill-conflict');
    expect(conflict).toHaveAttribute('data-refusal', 'drill-window');
    expect(conflict).toHaveTextContent('Refused: outside the drill window');
    expect(
      within(conflict).getByTestId('drill-conflict-message'),
    ).toHaveTextContent(
      'Refused: inside the blocked window 2030-01-15 (organisation).',
    );
    expect(onStateChanged).toHaveBeenCalled();
    await userEvent.click(within(conflict).getByTestId('drill-plan-again'));
    await waitFor(() => expect(api.callsOf('planDrill')).toHaveLength(2));
    expect(screen.queryByTestId('drill-conflict')).not.toBeInTheDocument();
  });

  it('on a 409 for readiness, shows the server’s failing checks and asks for their acknowledgement', async () => {
    const refusal = await responseError(
      409,
      'ConflictError',
      'Readiness checks fail that were not acknowledged: alarms',
      {
        refusal: 'readiness',
        readiness: readinessReport({
          checks: withChecks(failingTargetHealth, failingAlarm),
          evaluatedAt: '2030-01-15T03:00:00.000Z',
        }),
      },
    );
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan(),
      startedDrill: (request: StartDrillRequest) => {
        if (request.acknowledgeFailingChecks?.includes('alarms'))
          return soakingDrill();
        throw refusal;
      },
      drillStates: [soakingDrill()],
    });
    await renderDialog(api);
    await fillIn();
    const start = screen.getByTestId('drill-start');
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);

    const conflict = await screen.findByTestId('drill-conflict');
    expect(conflict).toHaveAttribute('data-refusal', 'readiness');
    expect(
      within(conflict)
        .getAllByTestId('failover-readiness-refused-check')
        .map(li => li.textContent),
    ).toEqual([
      `Target health check: ${failingTargetHealth.reason}`,
      'CloudWatch alarms: orders-5xx-us-west-2 is in ALARM.',
    ]);
    expect(conflict).toHaveTextContent('start the drill again');
    expect(screen.getByTestId('failover-readiness')).toHaveAttribute(
      'data-source',
      'execute',
    );
    expect(start).toBeDisabled();
    await userEvent.click(screen.getByTestId('failover-readiness-acknowledge'));
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);
    await screen.findByTestId('drill-progress');
    expect(startRequests(api).map(r => r.acknowledgeFailingChecks)).toEqual([
      undefined,
      ['target-health', 'alarms'],
    ]);
  });

  it('shows a refused start (403) in words', async () => {
    const api = new FakeMultiRegionApi({
      drillPlan: drillPlan(),
      startedDrill: await responseError(
        403,
        'NotAllowedError',
        'The multi-region plugin is in read-only mode',
      ),
    });
    await renderDialog(api);
    await fillIn();
    await waitFor(() =>
      expect(screen.getByTestId('drill-start')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('drill-start'));
    expect(await screen.findByTestId('drill-error')).toHaveTextContent(
      'The drill was not started: The multi-region plugin is in read-only mode',
    );
  });

  it('follows a running drill: countdown, what the watch saw, and a stop with a reason', async () => {
    const running = soakingDrill({
      soakEndsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    const stopped = {
      ...running,
      stop: {
        by: 'user:default/bob',
        at: new Date().toISOString(),
        reason: 'Customer traffic spike',
      },
    };
    const api = new FakeMultiRegionApi({
      drillStates: [running],
      stoppedDrill: stopped,
    });
    await renderDialog(api, { followDrill: running, pollIntervalMs: 60_000 });
    const progress = await screen.findByTestId('drill-progress');
    expect(progress).toHaveAttribute('data-state', 'soaking');
    expect(progress).toHaveAttribute('data-outcome', 'none');
    expect(api.callsOf('planDrill')).toEqual([]);
    expect(screen.getByTestId('drill-step-soaking')).toHaveAttribute(
      'data-status',
      'running',
    );
    expect(screen.getByTestId('drill-soak-countdown')).toHaveTextContent(
      /fails back in (9|10) min/,
    );
    expect(screen.getByTestId('drill-watch')).toHaveTextContent(
      'us-west-2 health check Healthy; outcome alarms orders-5xx-us-west-2: OK; blocking alarms (us-east-1) orders-primary-db: OK',
    );
    expect(screen.queryByTestId('drill-timings')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('drill-stop'));
    const confirm = await screen.findByTestId('drill-stop-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.click(screen.getByTestId('drill-stop-reason'));
    await userEvent.paste('Customer traffic spike');
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    expect(await screen.findByTestId('drill-stop-requested')).toHaveTextContent(
      'Stop asked by bob',
    );
    expect(api.callsOf('stopDrill')).toEqual([
      ['drill-2', 'Customer traffic spike'],
    ]);
    expect(screen.queryByTestId('drill-stop')).not.toBeInTheDocument();
  });
});

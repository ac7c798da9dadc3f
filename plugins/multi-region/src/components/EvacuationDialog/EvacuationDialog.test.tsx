import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { StartEvacuationRequest } from '@multi-region-failover/plugin-multi-region-common';
import {
  evacuation,
  evacuationHalfway,
  evacuationPartlyFailed,
  evacuationPlan,
  evacuationPlanItems,
} from '../../__fixtures__/evacuations';
import { exampleServices, searchSummary } from '../../__fixtures__/services';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { steppedAnswers } from '../../__testUtils__/steppedAnswers';
import { EvacuationDialog } from './EvacuationDialog';

/*
 * The evacuation dialog as a platform engineer drives it: choose the region,
 * plan, read what moves and what stays, give a reason and type the
 * confirmation, start, follow to the outcome, stop. What disables Start is
 * unit-tested in decideEvacuationStart.test.ts. Polled states are stepped by
 * the test (steppedAnswers), never left to the timing of a fast poll.
 */

function renderDialog(
  api: FakeMultiRegionApi,
  props: Partial<Parameters<typeof EvacuationDialog>[0]> = {},
) {
  const onClose = jest.fn();
  const onStateChanged = jest.fn();
  return renderWithApis(
    <EvacuationDialog
      open
      services={[...exampleServices, searchSummary]}
      onClose={onClose}
      onStateChanged={onStateChanged}
      pollIntervalMs={5}
      {...props}
    />,
    {
      api,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  ).then(() => ({ onClose, onStateChanged }));
}

// Each keystroke re-renders the dialog: fields are pasted, not typed.
jest.setTimeout(90_000);

async function planRegion(region = 'us-east-1') {
  await userEvent.selectOptions(
    await screen.findByTestId('evacuation-region'),
    region,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
  return screen.findByTestId('evacuation-plan');
}

async function fillIn(
  reason = 'us-east-1 degraded, INC-4242',
  confirmation = 'evacuate us-east-1',
) {
  await userEvent.click(screen.getByTestId('evacuation-reason'));
  await userEvent.paste(reason);
  await userEvent.click(screen.getByTestId('evacuation-confirm-text'));
  await userEvent.paste(confirmation);
}

const startButton = () =>
  screen.getByRole('button', { name: 'Evacuate us-east-1' });

const startRequests = (api: FakeMultiRegionApi) =>
  api
    .callsOf('startEvacuation')
    .map(([request]) => request as StartEvacuationRequest);

/** Starts the planned us-east-1 evacuation with a valid form. */
async function planAndStart() {
  await planRegion();
  await fillIn();
  await waitFor(() => expect(startButton()).toBeEnabled());
  await userEvent.click(startButton());
}

describe('EvacuationDialog', () => {
  it('plans the chosen region: what moves, in order, and what is skipped and why', async () => {
    const api = new FakeMultiRegionApi({ evacuationPlan: evacuationPlan() });
    await renderDialog(api);
    const region = await screen.findByTestId('evacuation-region');
    // Only regions some service is active in.
    expect(
      within(region)
        .getAllByRole('option')
        .map(o => o.getAttribute('value')),
    ).toEqual(['', 'us-east-1', 'us-west-2']);
    expect(screen.getByRole('button', { name: 'Plan' })).toBeDisabled();

    await planRegion();
    expect(api.callsOf('planEvacuation')).toEqual([[{ region: 'us-east-1' }]]);
    expect(screen.getByTestId('evacuation-plan-headline')).toHaveTextContent(
      '2 services move out of us-east-1 in 2 waves, at most 4 at a time; 2 are skipped.',
    );

    const moving = screen.getByTestId('evacuation-plan-moving');
    const orders = within(moving).getByTestId('evacuation-plan-item-orders');
    const checkout = within(moving).getByTestId(
      'evacuation-plan-item-checkout',
    );
    expect(orders).toHaveAttribute('data-order', '1');
    expect(checkout).toHaveAttribute('data-order', '2');
    expect(orders).toHaveTextContent('us-east-1 → us-west-2');
    expect(
      within(orders).getByTestId('evacuation-plan-readiness'),
    ).toHaveAttribute('data-verdict', 'pass');
    expect(checkout).toHaveTextContent('Checkout');
    expect(checkout).toHaveTextContent('orders');
    expect(checkout).toHaveTextContent(
      'Does not wait for payments: it is skipped.',
    );
    expect(
      within(checkout).getByTestId('evacuation-plan-readiness'),
    ).toHaveAttribute('data-verdict', 'none');
    expect(
      within(moving).queryByTestId('evacuation-plan-item-payments'),
    ).not.toBeInTheDocument();

    const skipped = screen.getByTestId('evacuation-plan-skipped');
    const externalApi = within(skipped).getByTestId(
      'evacuation-plan-skip-external-api',
    );
    expect(externalApi).toHaveAttribute('data-kind', 'not-permitted');
    expect(externalApi).toHaveTextContent(evacuationPlanItems[2].skip!.message);
    expect(
      within(skipped).getByTestId('evacuation-plan-skip-payments'),
    ).toHaveTextContent(evacuationPlanItems[3].skip!.message);
    expect(screen.getByTestId('evacuation-plan-unreadable')).toHaveTextContent(
      '1 more service is active in us-east-1 that you may not read: not listed, and not moved.',
    );

    expect(startButton()).toBeDisabled();
    expect(screen.getByTestId('evacuation-blockers')).toHaveTextContent(
      'To start: a reason is needed; type "evacuate us-east-1" to confirm.',
    );
  });

  it('narrows the plan to an owner or a system, and asks to plan again once the choice changes', async () => {
    const api = new FakeMultiRegionApi({ evacuationPlan: evacuationPlan() });
    await renderDialog(api);
    await userEvent.selectOptions(
      await screen.findByTestId('evacuation-owner'),
      'group:default/team-orders',
    );
    await planRegion();
    await userEvent.selectOptions(
      screen.getByTestId('evacuation-system'),
      'system:default/storefront',
    );
    expect(screen.queryByTestId('evacuation-plan')).not.toBeInTheDocument();
    expect(screen.getByTestId('evacuation-plan-outdated')).toBeInTheDocument();
    expect(startButton()).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    await screen.findByTestId('evacuation-plan');
    expect(api.callsOf('planEvacuation')).toEqual([
      [
        {
          region: 'us-east-1',
          selection: { owner: 'group:default/team-orders' },
        },
      ],
      [
        {
          region: 'us-east-1',
          selection: {
            owner: 'group:default/team-orders',
            system: 'system:default/storefront',
          },
        },
      ],
    ]);
  });

  it('keeps Start disabled until the confirmation matches and the reason is valid, then sends the services that move', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan({
        selection: { owner: 'group:default/team-orders' },
      }),
      startedEvacuation: evacuation(),
      evacuation: evacuation(),
    });
    const { onStateChanged } = await renderDialog(api, {
      pollIntervalMs: 60_000,
    });
    await planRegion();
    await fillIn('us-east-1 degraded, INC-4242', 'evacuate us-east');
    expect(
      screen.getByText('This does not match "evacuate us-east-1".'),
    ).toBeInTheDocument();
    expect(startButton()).toBeDisabled();
    expect(screen.getByTestId('evacuation-blockers')).toHaveTextContent(
      'To start: type "evacuate us-east-1" to confirm.',
    );

    await userEvent.type(screen.getByTestId('evacuation-confirm-text'), '-1');
    await waitFor(() => expect(startButton()).toBeEnabled());

    // The failover's rule for the reason.
    await userEvent.clear(screen.getByTestId('evacuation-reason'));
    await userEvent.type(screen.getByTestId('evacuation-reason'), 'no');
    expect(startButton()).toBeDisabled();
    expect(
      screen.getByText(
        'Give a reason of at least 3 characters (it is recorded in the audit trail).',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByTestId('evacuation-reason'));
    await userEvent.click(screen.getByTestId('evacuation-reason'));
    await userEvent.paste('  us-east-1 degraded, INC-4242  ');

    await userEvent.click(screen.getByLabelText('Stop the rest if one fails'));
    await waitFor(() => expect(startButton()).toBeEnabled());
    await userEvent.click(startButton());

    await screen.findByTestId('evacuation-progress');
    expect(startRequests(api)).toEqual([
      {
        region: 'us-east-1',
        selection: { owner: 'group:default/team-orders' },
        reason: 'us-east-1 degraded, INC-4242',
        confirmation: 'evacuate us-east-1',
        services: ['component:default/orders', 'component:default/checkout'],
        stopOnFailure: true,
      },
    ]);
    expect(onStateChanged).toHaveBeenCalledTimes(1);
  });

  it('follows the evacuation to its outcome, showing each state until it is seen', async () => {
    const states = steppedAnswers(
      evacuation(),
      evacuationHalfway(),
      evacuationPartlyFailed(),
    );
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan(),
      startedEvacuation: evacuation(),
      evacuation: states.answer,
    });
    const { onStateChanged } = await renderDialog(api);
    await planAndStart();

    const progress = await screen.findByTestId('evacuation-progress');
    const row = (name: string) => screen.getByTestId(`evacuation-item-${name}`);
    const count = (state: string) =>
      screen
        .getByTestId(`evacuation-count-${state}`)
        .getAttribute('data-count');
    expect(progress).toHaveAttribute('data-state', 'running');
    expect(progress).toHaveAttribute('data-outcome', 'none');
    expect(row('orders')).toHaveAttribute('data-state', 'moving');
    expect(row('orders')).toHaveAttribute('data-order', '1');
    expect(row('checkout')).toHaveAttribute('data-state', 'waiting');
    expect(row('checkout')).toHaveAttribute('data-order', '2');
    expect(row('external-api')).toHaveAttribute('data-state', 'skipped');
    expect(row('external-api')).toHaveTextContent(
      evacuationPlanItems[2].skip!.message,
    );
    expect([count('waiting'), count('moving'), count('skipped')]).toEqual([
      '1',
      '1',
      '2',
    ]);
    expect(
      within(row('orders')).getByRole('link', { name: 'History' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/multi-region');
    expect(row('orders')).toHaveTextContent('2030-01-15 03:00:01 UTC');
    expect(screen.getByTestId('evacuation-stop')).toBeInTheDocument();
    expect(screen.getByTestId('evacuation-cancel')).toHaveTextContent(
      'Close (it continues on the server)',
    );

    states.next();
    await waitFor(() =>
      expect(row('orders')).toHaveAttribute('data-state', 'moved'),
    );
    expect(row('checkout')).toHaveAttribute('data-state', 'moving');
    expect(count('moved')).toBe('1');

    states.next();
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-progress')).toHaveAttribute(
        'data-state',
        'completed',
      ),
    );
    const outcome = screen.getByTestId('evacuation-outcome');
    expect(outcome).toHaveAttribute('data-outcome', 'partly-failed');
    expect(outcome).toHaveTextContent(
      'Evacuation partly failed: some services are still in us-east-1',
    );
    expect(outcome).toHaveTextContent('1 moved, 1 failed, 2 skipped');
    expect(row('checkout')).toHaveAttribute('data-state', 'failed');
    expect(row('checkout')).toHaveTextContent(
      'ARC refused the change: a safety rule blocks it.',
    );
    expect(screen.getAllByTestId('evacuation-event')).toHaveLength(3);
    expect(screen.queryByTestId('evacuation-stop')).not.toBeInTheDocument();
    expect(screen.getByTestId('evacuation-cancel')).toHaveTextContent(
      /^Close$/,
    );
    // Once when it started, once when it ended.
    expect(onStateChanged).toHaveBeenCalledTimes(2);
  });

  it('opens on an evacuation already running and stops it with a reason', async () => {
    const running = evacuation();
    const stopped = evacuation({
      stop: {
        by: 'user:default/bob',
        at: '2030-01-15T03:00:30.000Z',
        reason: 'Region recovered',
      },
    });
    const api = new FakeMultiRegionApi({
      evacuation: running,
      stoppedEvacuation: stopped,
    });
    await renderDialog(api, {
      followEvacuation: running,
      pollIntervalMs: 60_000,
    });
    expect(await screen.findByTestId('evacuation-progress')).toHaveAttribute(
      'data-state',
      'running',
    );
    expect(api.callsOf('planEvacuation')).toEqual([]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Stop evacuation' }),
    );
    const confirm = await screen.findByTestId('evacuation-stop-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.click(screen.getByTestId('evacuation-stop-reason'));
    await userEvent.paste('Region recovered');
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    expect(
      await screen.findByTestId('evacuation-stop-requested'),
    ).toHaveTextContent('Stop asked by bob 2030-01-15 03:00:30 UTC');
    expect(api.callsOf('stopEvacuation')).toEqual([
      ['evac-1', 'Region recovered'],
    ]);
    expect(screen.queryByTestId('evacuation-stop')).not.toBeInTheDocument();
  });

  it('shows the plan’s refusal and never enables Start', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan({
        refusal:
          'An evacuation of us-east-1 is already running (started by bob).',
      }),
    });
    await renderDialog(api);
    await planRegion();
    expect(screen.getByTestId('evacuation-plan-refusal')).toHaveTextContent(
      'An evacuation of us-east-1 is already running (started by bob).',
    );
    await fillIn();
    expect(startButton()).toBeDisabled();
    expect(screen.getByTestId('evacuation-blockers')).toHaveTextContent(
      'To start: the evacuation is refused now (see above).',
    );
  });

  it('says when nothing would move and keeps Start disabled', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan({
        items: evacuationPlanItems.filter(item => item.skip),
        unreadable: 0,
      }),
    });
    await renderDialog(api);
    await planRegion();
    expect(screen.getByTestId('evacuation-plan-headline')).toHaveTextContent(
      'Nothing moves out of us-east-1; 2 are skipped.',
    );
    expect(screen.getByTestId('evacuation-plan-moving')).toHaveTextContent(
      'No service moves.',
    );
    expect(
      screen.queryByTestId('evacuation-plan-unreadable'),
    ).not.toBeInTheDocument();
    await fillIn();
    expect(startButton()).toBeDisabled();
    expect(screen.getByTestId('evacuation-blockers')).toHaveTextContent(
      'To start: no service would move.',
    );
  });

  it('shows a 409 refusal of the start in the server’s words, and plans again on demand', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan(),
      startedEvacuation: await responseError(
        409,
        'ConflictError',
        'An evacuation of us-east-1 is already running.',
      ),
    });
    const { onStateChanged } = await renderDialog(api);
    await planAndStart();
    const conflict = await screen.findByTestId('evacuation-conflict');
    expect(conflict).toHaveAttribute('data-refusal', 'conflict');
    expect(conflict).toHaveTextContent(
      'Refused: the evacuation cannot start now',
    );
    expect(
      within(conflict).getByTestId('evacuation-conflict-message'),
    ).toHaveTextContent('An evacuation of us-east-1 is already running.');
    expect(conflict.textContent).not.toMatch(/ResponseError|\bat \S+ \(/);
    expect(onStateChanged).toHaveBeenCalled();
    expect(screen.queryByTestId('evacuation-progress')).not.toBeInTheDocument();

    await userEvent.click(
      within(conflict).getByTestId('evacuation-plan-again'),
    );
    await waitFor(() => expect(api.callsOf('planEvacuation')).toHaveLength(2));
    expect(screen.queryByTestId('evacuation-conflict')).not.toBeInTheDocument();
  });

  it('shows a rejected start (400) in words', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: evacuationPlan(),
      startedEvacuation: await responseError(
        400,
        'InputError',
        'The confirmation must be "evacuate us-east-1".',
      ),
    });
    await renderDialog(api);
    await planAndStart();
    const error = await screen.findByTestId('evacuation-error');
    expect(error).toHaveAttribute('data-status', '400');
    expect(error).toHaveTextContent(
      'The evacuation was not started: The confirmation must be "evacuate us-east-1".',
    );
  });

  it('shows a plan that could not be made, with a retry', async () => {
    const api = new FakeMultiRegionApi({
      evacuationPlan: await responseError(
        403,
        'NotAllowedError',
        'The multi-region plugin is in read-only mode',
      ),
    });
    await renderDialog(api);
    await userEvent.selectOptions(
      await screen.findByTestId('evacuation-region'),
      'us-east-1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    const error = await screen.findByTestId('evacuation-plan-error');
    expect(error).toHaveTextContent(
      'Could not plan the evacuation: The multi-region plugin is in read-only mode',
    );
    api.evacuationPlan = evacuationPlan();
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('evacuation-plan')).toBeInTheDocument();
  });
});

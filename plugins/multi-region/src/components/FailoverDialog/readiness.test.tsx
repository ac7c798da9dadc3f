import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExecuteFailoverRequest } from '@multi-region-failover/plugin-multi-region-common';
import { ordersEntity } from '../../__fixtures__/entities';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  failingAlarm,
  failingTargetHealth,
  operation,
  plan,
  primaryActiveStatus,
  readinessReport,
  steps,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import { FailoverDialog } from './FailoverDialog';

/*
 * Readiness in the dialog: the plan's checks before Confirm, the
 * acknowledgement a failing check needs, and the server's refusal when the
 * checks it evaluates at execute fail unacknowledged.
 */

jest.setTimeout(90_000);

function renderDialog(api: FakeMultiRegionApi) {
  return renderWithApis(
    <FailoverDialog
      open
      entity={ordersEntity}
      status={primaryActiveStatus}
      onClose={jest.fn()}
      pollIntervalMs={5}
    />,
    { api },
  );
}

async function fillIn() {
  await userEvent.click(await screen.findByTestId('failover-reason'));
  await userEvent.paste('us-east-1 API Gateway 5xx, INC-1234');
  await userEvent.click(screen.getByTestId('failover-confirm-name'));
  await userEvent.paste('orders');
}

const started = operation({
  status: 'in-progress',
  steps: steps('done', 'running'),
  completedAt: undefined,
  dnsFollowedAfterMs: undefined,
});

const executeRequests = (api: FakeMultiRegionApi) =>
  api.callsOf('executeFailover').map(([r]) => r as ExecuteFailoverRequest);

/** The 409 the backend answers when a failing check is not acknowledged. */
const readinessRefusal = (
  checks = withChecks(failingTargetHealth, failingAlarm),
) =>
  responseError(
    409,
    'ConflictError',
    'Readiness checks fail that were not acknowledged: CloudWatch alarms',
    {
      refusal: 'readiness',
      readiness: readinessReport({
        checks,
        evaluatedAt: '2030-01-15T03:00:05.000Z',
      }),
    },
  );

describe('FailoverDialog: readiness', () => {
  it('shows the plan’s checks before Confirm; all passing needs no acknowledgement', async () => {
    const api = new FakeMultiRegionApi({ plan: plan(), execute: started });
    await renderDialog(api);
    const readiness = await screen.findByTestId('failover-readiness');
    expect(readiness).toHaveAttribute('data-source', 'plan');
    expect(
      within(readiness).getByTestId('readiness-headline'),
    ).toHaveTextContent('Ready to fail over to us-west-2: 6 of 6 checks pass');
    expect(within(readiness).getAllByRole('listitem')).toHaveLength(6);
    // before the confirm fields, and so before the button
    expect(
      readiness.compareDocumentPosition(screen.getByTestId('failover-reason')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      screen.queryByTestId('failover-readiness-acknowledge'),
    ).not.toBeInTheDocument();

    await fillIn();
    const confirm = screen.getByTestId('failover-confirm');
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    await screen.findByTestId('failover-progress');
    expect(executeRequests(api)[0]).not.toHaveProperty(
      'acknowledgeFailingChecks',
    );
  });

  it('never asks to acknowledge warnings', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        readiness: readinessReport({ checks: withChecks(warningEndpoints) }),
      }),
      execute: started,
    });
    await renderDialog(api);
    const readiness = await screen.findByTestId('failover-readiness');
    expect(
      within(readiness).getByTestId('readiness-headline'),
    ).toHaveTextContent(
      'Ready to fail over to us-west-2: 5 of 6 checks pass, 1 warning',
    );
    expect(
      within(readiness).getByRole('img', { name: 'Warning' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('failover-readiness-acknowledge'),
    ).not.toBeInTheDocument();
    await fillIn();
    await waitFor(() =>
      expect(screen.getByTestId('failover-confirm')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('failover-confirm'));
    await screen.findByTestId('failover-progress');
    expect(executeRequests(api)[0]).not.toHaveProperty(
      'acknowledgeFailingChecks',
    );
  });

  it('keeps Confirm disabled until the failing checks are acknowledged, and sends their ids', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        readiness: readinessReport({
          checks: withChecks(
            failingTargetHealth,
            warningEndpoints,
            failingAlarm,
          ),
        }),
      }),
      execute: started,
    });
    await renderDialog(api);
    const readiness = await screen.findByTestId('failover-readiness');
    expect(
      within(readiness).getByTestId('readiness-headline'),
    ).toHaveTextContent(
      'Not ready to fail over to us-west-2: 2 of 7 checks fail',
    );
    await fillIn();
    const confirm = screen.getByTestId('failover-confirm');
    const acknowledge = screen.getByTestId('failover-readiness-acknowledge');
    expect(acknowledge).not.toBeChecked();
    expect(
      screen.getByLabelText(
        'I have read the 2 failing checks (Target health check, CloudWatch alarms) and fail over anyway',
      ),
    ).toBe(acknowledge);
    expect(confirm).toBeDisabled();
    expect(screen.getByTestId('failover-blockers')).toHaveTextContent(
      'To confirm: acknowledge the failing readiness checks.',
    );

    await userEvent.click(acknowledge);
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(acknowledge);
    expect(confirm).toBeDisabled();
    await userEvent.click(acknowledge);
    await waitFor(() => expect(confirm).toBeEnabled());

    await userEvent.click(confirm);
    await screen.findByTestId('failover-progress');
    expect(executeRequests(api)).toEqual([
      expect.objectContaining({
        targetRegion: 'us-west-2',
        acknowledgeFailingChecks: ['target-health', 'alarms'],
      }),
    ]);
  });

  it('on a 409 for readiness, shows the server’s fresh failing checks and retries with them acknowledged', async () => {
    const refusal = await readinessRefusal();
    const api = new FakeMultiRegionApi({
      // the plan saw only the target health check failing
      plan: plan({
        readiness: readinessReport({ checks: withChecks(failingTargetHealth) }),
      }),
      execute: (request: ExecuteFailoverRequest) => {
        if (request.acknowledgeFailingChecks?.includes('alarms'))
          return started;
        throw refusal;
      },
    });
    await renderDialog(api);
    await fillIn();
    const confirm = screen.getByTestId('failover-confirm');
    expect(
      screen.getByLabelText(
        'I have read the failing check (Target health check) and fail over anyway',
      ),
    ).not.toBeChecked();
    await userEvent.click(screen.getByTestId('failover-readiness-acknowledge'));
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    const conflict = await screen.findByTestId('failover-conflict');
    expect(conflict).toHaveAttribute('data-refusal', 'readiness');
    expect(conflict).toHaveTextContent(
      'Readiness checks fail that you have not acknowledged',
    );
    expect(conflict).not.toHaveTextContent('Someone else');
    expect(
      within(conflict)
        .getAllByTestId('failover-readiness-refused-check')
        .map(li => li.textContent),
    ).toEqual([
      `Target health check: ${failingTargetHealth.reason}`,
      'CloudWatch alarms: orders-5xx-us-west-2 is in ALARM.',
    ]);
    // the way on is the acknowledgement, not a new plan
    expect(
      within(conflict).queryByTestId('failover-review-again'),
    ).not.toBeInTheDocument();

    // the checklist is now the server's, and the new failing check is not acknowledged
    const readiness = screen.getByTestId('failover-readiness');
    expect(readiness).toHaveAttribute('data-source', 'execute');
    expect(
      within(readiness).getByTestId('readiness-headline'),
    ).toHaveTextContent(
      'Not ready to fail over to us-west-2: 2 of 7 checks fail',
    );
    const acknowledge = screen.getByLabelText(
      'I have read the 2 failing checks (Target health check, CloudWatch alarms) and fail over anyway',
    );
    expect(acknowledge).not.toBeChecked();
    expect(confirm).toBeDisabled();

    await userEvent.click(acknowledge);
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    await screen.findByTestId('failover-progress');
    expect(executeRequests(api).map(r => r.acknowledgeFailingChecks)).toEqual([
      ['target-health'],
      ['target-health', 'alarms'],
    ]);
    // the same reason both times: nothing had to be typed again
    expect(new Set(executeRequests(api).map(r => r.reason)).size).toBe(1);
  });
});

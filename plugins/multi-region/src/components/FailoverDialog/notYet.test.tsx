import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SafetyRuleWaitPeriod } from '@multi-region-failover/plugin-multi-region-common';
import { ordersEntity } from '../../__fixtures__/entities';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  NOW,
  operation,
  plan,
  primaryActiveStatus,
  steps,
} from '../../__fixtures__/status';
import { FailoverDialog } from './FailoverDialog';

/*
 * "Not yet" in the dialog: a safety rule's wait period after the last change
 * (counted down on a fake clock, then planned again), ARC refusing for one,
 * and a control panel ARC is still deploying.
 */

jest.setTimeout(90_000);

const EXPLANATION =
  'Safety rule "orders-at-least-one-on" refuses changes of its routing controls for 60 s after each change, and the portal changed these routing controls at 2030-01-15T02:59:30.000Z.';

const waitPeriod: SafetyRuleWaitPeriod = {
  endsAt: '2030-01-15T03:00:30.000Z',
  remainingSeconds: 30,
  message: `The safety rule's wait period ends in 30 s. ${EXPLANATION} Plan again once it has ended.`,
  explanation: EXPLANATION,
  rules: [
    {
      arn: 'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a/safetyrule/a0a0a0a0a0a0a0a2',
      name: 'orders-at-least-one-on',
      waitPeriodMs: 60_000,
    },
  ],
  basis: 'portal-change',
  since: '2030-01-15T02:59:30.000Z',
};

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

describe('FailoverDialog: not yet', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it("counts the safety rule's wait period down, and lets the person plan again once it has ended", async () => {
    jest.useFakeTimers({ now: Date.parse(NOW) });
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const api = new FakeMultiRegionApi({ plan: plan({ waitPeriod }) });
    await renderDialog(api);

    const notice = await screen.findByTestId('failover-wait-period');
    expect(screen.getByTestId('failover-wait-countdown')).toHaveTextContent(
      "Not yet: the safety rule's wait period ends in 30 s.",
    );
    expect(notice).toHaveTextContent(EXPLANATION);
    const planAgain = screen.getByTestId('failover-wait-plan-again');
    expect(planAgain).toBeDisabled();

    // whatever is typed, Confirm waits for the wait period
    await user.click(screen.getByTestId('failover-reason'));
    await user.paste('Drill: move traffic');
    await user.click(screen.getByTestId('failover-confirm-name'));
    await user.paste('orders');
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
    expect(screen.getByTestId('failover-blockers')).toHaveTextContent(
      'the safety rule’s wait period has not ended (plan again once it has)',
    );

    act(() => {
      jest.setSystemTime(Date.parse('2030-01-15T03:00:20.500Z'));
      jest.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('failover-wait-countdown')).toHaveTextContent(
      "Not yet: the safety rule's wait period ends in 9 s.",
    );
    expect(planAgain).toBeDisabled();

    act(() => {
      jest.setSystemTime(Date.parse('2030-01-15T03:00:30.000Z'));
      jest.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('failover-wait-period')).toHaveAttribute(
      'data-passed',
      'true',
    );
    expect(screen.getByTestId('failover-wait-countdown')).toHaveTextContent(
      'The safety rule’s wait period has ended: plan again to go ahead.',
    );
    expect(planAgain).toBeEnabled();

    api.plan = plan();
    await user.click(planAgain);
    expect(api.callsOf('planFailover')).toHaveLength(2);
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('failover-wait-period'),
    ).not.toBeInTheDocument();
    // the reason and the typed name are still there
    expect(screen.getByTestId('failover-confirm')).toBeEnabled();
  });

  it('says "not yet" for a 409 about the wait period, not that someone else changed the service', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: await responseError(409, 'ConflictError', waitPeriod.message, {
        refusal: 'wait-period',
        waitPeriodEndsAt: waitPeriod.endsAt,
      }),
    });
    await renderDialog(api);
    await userEvent.click(await screen.findByTestId('failover-reason'));
    await userEvent.paste('Drill: move traffic');
    await userEvent.click(screen.getByTestId('failover-confirm-name'));
    await userEvent.paste('orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));

    const refusal = await screen.findByTestId('failover-conflict');
    expect(refusal).toHaveAttribute('data-refusal', 'wait-period');
    expect(refusal).toHaveTextContent(
      'Not yet: a safety rule’s wait period is running',
    );
    expect(refusal).toHaveTextContent(
      "The safety rule's wait period ends in 30 s.",
    );
    expect(refusal).not.toHaveTextContent('Someone else');
    expect(
      screen.queryByTestId('failover-conflict-now'),
    ).not.toBeInTheDocument();

    api.plan = plan({ waitPeriod });
    await userEvent.click(screen.getByTestId('failover-review-again'));
    expect(
      await screen.findByTestId('failover-wait-period'),
    ).toBeInTheDocument();
  });

  it('when ARC refuses for the wait period, shows its message in the result and plans again on request', async () => {
    const refused = `Refused by ARC: the safety rule's wait period ends in 60 s. ${EXPLANATION} Plan again once it has ended. The routing controls were not updated.`;
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: operation({
        status: 'in-progress',
        steps: steps('done', 'running'),
        completedAt: undefined,
        dnsFollowedAfterMs: undefined,
      }),
      operationStates: [
        operation({
          status: 'failed',
          steps: [
            { name: 'authorised', status: 'done' },
            {
              name: 'routing-controls-updated',
              status: 'failed',
              detail: refused,
            },
            { name: 'health-checks-observed', status: 'skipped' },
            { name: 'dns-answering', status: 'skipped' },
          ],
          error: { name: 'SafetyRuleWaitPeriod', message: refused },
          dnsFollowedAfterMs: undefined,
        }),
      ],
    });
    await renderDialog(api);
    await userEvent.click(await screen.findByTestId('failover-reason'));
    await userEvent.paste('Drill: move traffic');
    await userEvent.click(screen.getByTestId('failover-confirm-name'));
    await userEvent.paste('orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));

    const result = await screen.findByTestId('failover-result');
    expect(result).toHaveAttribute('data-status', 'failed');
    expect(result).toHaveTextContent(
      "Refused by ARC: the safety rule's wait period ends in 60 s.",
    );

    api.plan = plan({ waitPeriod: { ...waitPeriod, basis: 'arc-refusal' } });
    await userEvent.click(screen.getByTestId('failover-plan-again'));
    expect(
      await screen.findByTestId('failover-wait-period'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('failover-progress')).not.toBeInTheDocument();
    expect(screen.getByTestId('failover-reason')).toHaveValue(
      'Drill: move traffic',
    );
  });

  it('says ARC is still deploying the control panel and keeps Confirm disabled', async () => {
    const deployment = {
      state: 'deploying' as const,
      message:
        'ARC is still deploying control panel orders-panel, routing control orders-secondary-rc (status PENDING). Their routing-control states are not readable and no failover is possible until ARC reports them DEPLOYED, usually within minutes; this is expected right after the service was created or its safety rules changed.',
      resources: [],
    };
    const api = new FakeMultiRegionApi({ plan: plan({ deployment }) });
    await renderDialog(api);
    const notice = await screen.findByTestId('failover-deployment');
    expect(notice).toHaveTextContent('ARC is still deploying this service');
    expect(notice).toHaveTextContent(deployment.message);
    await userEvent.click(screen.getByTestId('failover-reason'));
    await userEvent.paste('New service');
    await userEvent.click(screen.getByTestId('failover-confirm-name'));
    await userEvent.paste('orders');
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
    expect(screen.getByTestId('failover-blockers')).toHaveTextContent(
      'ARC is still deploying the control panel',
    );
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ordersEntity } from '../../__fixtures__/entities';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  bothOffStatus,
  blockingRule,
  operation,
  plan,
  primaryActiveStatus,
  secondaryActiveStatus,
  steps,
  PRIMARY_RC,
  SECONDARY_RC,
  unknownStatus,
} from '../../__fixtures__/status';
import { FailoverDialog } from './FailoverDialog';

/*
 * The dialog as a user drives it, step by step (plan, reason and name,
 * progress, conflicts, override). Long because each step's cases share the
 * fixtures and helpers below; what disables Confirm is also unit-tested on its
 * own in blockers.test.ts.
 */

function renderDialog(
  api: FakeMultiRegionApi,
  props: Partial<Parameters<typeof FailoverDialog>[0]> = {},
) {
  const onClose = jest.fn();
  const onStateChanged = jest.fn();
  return renderWithApis(
    <FailoverDialog
      open
      entity={ordersEntity}
      status={primaryActiveStatus}
      onClose={onClose}
      onStateChanged={onStateChanged}
      pollIntervalMs={5}
      {...props}
    />,
    { api },
  ).then(() => ({ onClose, onStateChanged }));
}

// Every keystroke re-renders the whole dialog: typing long texts key by key
// takes seconds of CPU on a busy machine. Fields the test does not study are
// filled in one input event (a paste); the test of the typed confirmation
// below still types key by key.
jest.setTimeout(90_000);

async function fillIn(reason: string, name: string) {
  await userEvent.click(await screen.findByTestId('failover-reason'));
  await userEvent.paste(reason);
  await userEvent.click(screen.getByTestId('failover-confirm-name'));
  await userEvent.paste(name);
}

describe('FailoverDialog', () => {
  it('shows the plan first: changes, regions and the target health', async () => {
    const api = new FakeMultiRegionApi({ plan: plan() });
    await renderDialog(api);
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Fail over orders: us-east-1 → us-west-2');
    const changes = screen
      .getAllByTestId('failover-plan-change')
      .map(r => r.textContent);
    expect(changes).toEqual([
      'orders-secondary-rcus-west-2 (secondary)Off → On',
      'orders-primary-rcus-east-1 (primary)On → Off',
    ]);
    const health = screen.getByTestId('failover-target-health');
    expect(health).toHaveAttribute('data-status', 'Unhealthy');
    expect(health).toHaveTextContent(
      'Expected: it follows the target routing control',
    );
    expect(
      screen.queryByTestId('failover-blocking-rules'),
    ).not.toBeInTheDocument();
    expect(screen.queryByTestId('failover-override')).not.toBeInTheDocument();
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
  });

  it('with both controls Off, proposes to set routing to the primary (a change, not a no-op)', async () => {
    const setRouting = plan({
      action: 'failback',
      fromRegion: 'us-east-1',
      toRegion: 'us-east-1',
      currentActive: bothOffStatus.active!,
      changes: [
        {
          role: 'primary',
          region: 'us-east-1',
          routingControlArn: PRIMARY_RC,
          routingControlName: 'orders-primary-rc',
          from: 'Off',
          to: 'On',
        },
        {
          role: 'secondary',
          region: 'us-west-2',
          routingControlArn: SECONDARY_RC,
          routingControlName: 'orders-secondary-rc',
          from: 'Off',
          to: 'Off',
        },
      ],
    });
    const api = new FakeMultiRegionApi({ plan: setRouting });
    await renderDialog(api, { status: bothOffStatus });
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Set routing of orders to us-east-1');
    expect(screen.getByTestId('failover-plan')).toHaveTextContent(
      'Traffic stays in us-east-1, which Route 53 answers with today only by fallback.',
    );
    expect(api.callsOf('planFailover')).toEqual([
      [{ entityRef: 'component:default/orders', targetRegion: 'us-east-1' }],
    ]);
    await fillIn('New service: turn the primary On', 'orders');
    const confirm = screen.getByTestId('failover-confirm');
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(confirm).toHaveTextContent('Set routing to us-east-1');
  });

  it('says when the control panel is tagged for another entity, and never enables Confirm', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        claimProblem:
          'Control panel arn:...:controlpanel/abc is tagged backstage.io/entity-ref=component:default/payments, not component:default/orders.',
      }),
    });
    await renderDialog(api);
    expect(
      await screen.findByTestId('failover-claim-problem'),
    ).toHaveTextContent(
      'tagged backstage.io/entity-ref=component:default/payments',
    );
    await fillIn('Drill: us-east-1 degraded', 'orders');
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
  });

  it('warns about other entities naming the panel, ignored because the tag names this one', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({ ignoredClaimants: ['component:default/mallory'] }),
    });
    await renderDialog(api);
    expect(
      await screen.findByTestId('failover-ignored-claimants'),
    ).toHaveTextContent('component:default/mallory. They are ignored');
    await fillIn('Drill: us-east-1 degraded', 'orders');
    await waitFor(() =>
      expect(screen.getByTestId('failover-confirm')).toBeEnabled(),
    );
  });

  it('keeps Confirm disabled while the reason is too short or the typed name does not match', async () => {
    const api = new FakeMultiRegionApi({ plan: plan() });
    await renderDialog(api);
    const confirm = await screen.findByTestId('failover-confirm');
    await fillIn('ab', 'orders');
    expect(screen.getByText(/at least 3 characters/)).toBeInTheDocument();
    expect(confirm).toBeDisabled();

    await userEvent.type(screen.getByTestId('failover-reason'), 'c is failing');
    await userEvent.clear(screen.getByTestId('failover-confirm-name'));
    await userEvent.type(screen.getByTestId('failover-confirm-name'), 'order');
    expect(
      screen.getByText('This does not match "orders".'),
    ).toBeInTheDocument();
    expect(confirm).toBeDisabled();

    await userEvent.type(screen.getByTestId('failover-confirm-name'), 's');
    expect(confirm).toBeEnabled();
    expect(confirm).toHaveTextContent('Fail over to us-west-2');
  });

  it('shows a blocking safety rule and, without break-glass, offers no override', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({ blockingSafetyRules: [blockingRule] }),
    });
    await renderDialog(api);
    expect(
      await screen.findByTestId('failover-blocking-rule'),
    ).toHaveTextContent(
      'orders-at-least-one-on (assertion): At least 1 of orders-primary-rc, orders-secondary-rc must be On',
    );
    await fillIn('us-east-1 is down', 'orders');
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
    expect(screen.queryByTestId('failover-override')).not.toBeInTheDocument();
    expect(
      screen.getByTestId('failover-override-unavailable'),
    ).toHaveTextContent('multi-region.safety-rule.override');
  });

  it('offers the break-glass override, with its warning, only to a holder of the permission when rules block', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        blockingSafetyRules: [blockingRule],
        permissions: { canFailover: true, canOverrideSafetyRules: true },
      }),
      execute: operation({
        status: 'in-progress',
        steps: steps('done', 'running'),
      }),
      operationStates: [operation()],
    });
    await renderDialog(api);
    expect(
      await screen.findByTestId('failover-override-warning'),
    ).toHaveTextContent('Break-glass');
    await fillIn('rule misconfigured, INC-42', 'orders');
    const confirm = screen.getByTestId('failover-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.click(screen.getByTestId('failover-override'));
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await screen.findByTestId('failover-progress');
    expect(api.callsOf('executeFailover')).toEqual([
      [
        {
          entityRef: 'component:default/orders',
          targetRegion: 'us-west-2',
          reason: 'rule misconfigured, INC-42',
          expectedActiveRegion: 'us-east-1',
          overrideSafetyRules: true,
        },
      ],
    ]);
  });

  it('does not show the override to a holder of the permission when no rule blocks', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        permissions: { canFailover: true, canOverrideSafetyRules: true },
      }),
    });
    await renderDialog(api);
    await screen.findByTestId('failover-plan');
    expect(screen.queryByTestId('failover-override')).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('failover-override-warning'),
    ).not.toBeInTheDocument();
  });

  it('follows the operation through every step until DNS answers with the target', async () => {
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
          status: 'in-progress',
          steps: steps('done', 'done', 'running'),
          completedAt: undefined,
          dnsFollowedAfterMs: undefined,
        }),
        operation({
          status: 'in-progress',
          steps: steps('done', 'done', 'done', 'running'),
          completedAt: undefined,
          dnsFollowedAfterMs: undefined,
        }),
        operation({
          status: 'succeeded',
          steps: steps('done', 'done', 'done', 'done'),
          dnsFollowedAfterMs: 84000,
        }),
      ],
    });
    const { onStateChanged } = await renderDialog(api);
    await fillIn('us-east-1 API Gateway 5xx storm', 'orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));

    expect(await screen.findByTestId('failover-progress')).toBeInTheDocument();
    const result = await screen.findByTestId('failover-result');
    expect(result).toHaveAttribute('data-status', 'succeeded');
    expect(result).toHaveTextContent(
      'Done: DNS answers with us-west-2 (it followed 1 min 24 s after',
    );
    for (const name of [
      'authorised',
      'routing-controls-updated',
      'health-checks-observed',
      'dns-answering',
    ]) {
      expect(screen.getByTestId(`failover-step-${name}`)).toHaveAttribute(
        'data-status',
        'done',
      );
    }
    expect(screen.getByTestId('failover-step-dns-answering')).toHaveTextContent(
      'DNS answering with the target region',
    );
    // Polled until finished, then stopped.
    expect(api.callsOf('getOperation')).toEqual([['op-1'], ['op-1'], ['op-1']]);
    expect(onStateChanged).toHaveBeenCalled();
    expect(screen.getByTestId('failover-cancel')).toHaveTextContent('Close');
  });

  it('shows a failed step and the reason when the operation fails', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: operation({
        status: 'in-progress',
        steps: steps('done', 'running'),
      }),
      operationStates: [
        operation({
          status: 'failed',
          steps: [
            { name: 'authorised', status: 'done' },
            {
              name: 'routing-controls-updated',
              status: 'failed',
              detail: 'all 5 cluster endpoints failed',
            },
            { name: 'health-checks-observed', status: 'skipped' },
            { name: 'dns-answering', status: 'skipped' },
          ],
          error: {
            name: 'ServiceUnavailableError',
            message: 'ARC did not accept the update',
          },
        }),
      ],
    });
    await renderDialog(api);
    await fillIn('drill', 'orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));
    const result = await screen.findByTestId('failover-result');
    expect(result).toHaveAttribute('data-status', 'failed');
    expect(result).toHaveTextContent('ARC did not accept the update');
    expect(
      screen.getByTestId('failover-step-routing-controls-updated'),
    ).toHaveAttribute('data-status', 'failed');
    expect(
      screen.getByTestId('failover-step-routing-controls-updated'),
    ).toHaveTextContent('all 5 cluster endpoints failed');
  });

  it('explains a 409: someone else just failed it over; shows the new state and refreshes', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: await responseError(
        409,
        'ConflictError',
        'The active region is us-west-2, not us-east-1 as expected',
      ),
      status: {
        ...secondaryActiveStatus,
        lastChange: operation({
          actor: 'user:default/erin',
          reason: 'Region-wide incident',
          createdAt: new Date().toISOString(),
        }),
      },
    });
    const { onStateChanged } = await renderDialog(api);
    await fillIn('us-east-1 is failing', 'orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));
    const conflict = await screen.findByTestId('failover-conflict');
    expect(conflict).toHaveTextContent(
      'Someone else just changed this service',
    );
    expect(conflict).toHaveTextContent(
      'The active region is us-west-2, not us-east-1 as expected',
    );
    expect(
      await screen.findByTestId('failover-conflict-now'),
    ).toHaveTextContent(
      'It is now active in us-west-2 after a failover by erin',
    );
    expect(screen.getByTestId('failover-conflict-now')).toHaveTextContent(
      'Region-wide incident',
    );
    expect(onStateChanged).toHaveBeenCalled();

    // Reviewing again plans from the new state: a failback.
    api.plan = plan({
      action: 'failback',
      fromRegion: 'us-west-2',
      toRegion: 'us-east-1',
    });
    await userEvent.click(screen.getByTestId('failover-review-again'));
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Fail back orders: us-west-2 → us-east-1');
    expect(api.callsOf('planFailover').at(-1)).toEqual([
      { entityRef: 'component:default/orders', targetRegion: 'us-east-1' },
    ]);
  });

  it('shows a 403 with the server message', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: await responseError(
        403,
        'NotAllowedError',
        'guest may not fail over component:default/orders (owned by team-orders)',
      ),
    });
    await renderDialog(api);
    await fillIn('trying', 'orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));
    const error = await screen.findByTestId('failover-error');
    expect(error).toHaveTextContent('Not allowed (403)');
    expect(error).toHaveTextContent(
      'guest may not fail over component:default/orders (owned by team-orders)',
    );
  });

  it('shows a 503 with which endpoints failed', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan(),
      execute: await responseError(
        503,
        'ServiceUnavailableError',
        'No ARC cluster endpoint accepted the update',
        {
          endpoints: [
            'us-east-1 http://127.0.0.1:7411/v1: timeout after 800 ms',
            'us-west-2 http://127.0.0.1:7412/v1: connection refused',
          ],
        },
      ),
    });
    await renderDialog(api);
    await fillIn('us-east-1 down', 'orders');
    await userEvent.click(screen.getByTestId('failover-confirm'));
    const error = await screen.findByTestId('failover-error');
    expect(error).toHaveTextContent('AWS could not be reached (503)');
    expect(error).toHaveTextContent(
      'No ARC cluster endpoint accepted the update',
    );
    expect(error).toHaveTextContent(
      'us-west-2 http://127.0.0.1:7412/v1: connection refused',
    );
  });

  it('lets the person choose the target when the active region is unknown', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({ currentActive: unknownStatus.active! }),
    });
    await renderDialog(api, { status: unknownStatus });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The active region is unknown',
    );
    expect(api.callsOf('planFailover')).toEqual([]);
    await userEvent.click(screen.getByTestId('failover-target-us-west-2'));
    await screen.findByTestId('failover-plan');
    expect(api.callsOf('planFailover')).toEqual([
      [{ entityRef: 'component:default/orders', targetRegion: 'us-west-2' }],
    ]);
  });

  it('loads the status itself when opened without one (entity context menu)', async () => {
    const api = new FakeMultiRegionApi({
      status: secondaryActiveStatus,
      plan: plan({
        action: 'failback',
        fromRegion: 'us-west-2',
        toRegion: 'us-east-1',
      }),
    });
    await renderDialog(api, { status: undefined });
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Fail back orders');
    expect(api.callsOf('getStatus')).toEqual([['component:default/orders']]);
    expect(api.callsOf('planFailover')).toEqual([
      [{ entityRef: 'component:default/orders', targetRegion: 'us-east-1' }],
    ]);
  });

  it('shows read-only mode from the plan and never enables Confirm', async () => {
    const api = new FakeMultiRegionApi({
      plan: plan({
        readOnly: true,
        permissions: {
          canFailover: false,
          canOverrideSafetyRules: false,
          failoverDeniedReason: 'Read-only mode (multiRegion.readOnly) is on.',
        },
      }),
    });
    await renderDialog(api);
    expect(await screen.findByTestId('failover-denied')).toHaveTextContent(
      'Read-only mode (multiRegion.readOnly) is on.',
    );
    await fillIn('try anyway', 'orders');
    await waitFor(() =>
      expect(screen.getByTestId('failover-blockers')).toHaveTextContent(
        'read-only mode is on',
      ),
    );
    expect(screen.getByTestId('failover-confirm')).toBeDisabled();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { malformedEntity, ordersEntity } from '../../__fixtures__/entities';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  bothOffStatus,
  deducedStatus,
  deployingStatus,
  operation,
  steps,
  notPermittedStatus,
  plan,
  primaryActiveStatus,
  readOnlyStatus,
  secondaryActiveStatus,
  unknownStatus,
} from '../../__fixtures__/status';
import { MultiRegionCard } from './MultiRegionCard';

const render = (
  api: FakeMultiRegionApi,
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  entity = ordersEntity,
) =>
  renderWithApis(<MultiRegionCard refreshIntervalMs={0} />, {
    api,
    entity,
    permission,
  });

describe('MultiRegionCard', () => {
  it('shows a progress bar while the status loads', async () => {
    const api = new FakeMultiRegionApi({ status: () => new Promise(() => {}) });
    await render(api);
    expect(screen.getByTestId('multi-region-card')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(
      screen.queryByTestId('multi-region-active-region'),
    ).not.toBeInTheDocument();
  });

  it('shows the primary as active, both regions, and the last change', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    await render(api);
    const active = await screen.findByTestId('multi-region-active-region');
    expect(active).toHaveTextContent('us-east-1');
    expect(active).toHaveAttribute('data-role', 'primary');
    expect(active).toHaveAttribute('data-certainty', 'known');
    expect(
      screen.queryByTestId('multi-region-active-since'),
    ).not.toBeInTheDocument();
    expect(api.callsOf('getStatus')).toEqual([['component:default/orders']]);

    expect(
      screen.getByTestId('multi-region-routing-control-primary'),
    ).toHaveAttribute('data-state', 'On');
    expect(
      screen.getByTestId('multi-region-routing-control-secondary'),
    ).toHaveAttribute('data-state', 'Off');
    expect(screen.getByTestId('multi-region-health-primary')).toHaveTextContent(
      'Healthy',
    );
    expect(
      screen.getByTestId('multi-region-health-secondary'),
    ).toHaveTextContent('Unhealthy');
    expect(screen.getByTestId('multi-region-dns-primary')).toHaveTextContent(
      'PRIMARY record (set 1)',
    );
    expect(screen.getByTestId('multi-region-dns-secondary')).toHaveTextContent(
      'd-secondaryorders.execute-api.us-west-2.amazonaws.com.',
    );

    const last = screen.getByTestId('multi-region-last-change');
    expect(last).toHaveTextContent('Failed back us-west-2 → us-east-1 by bob');
    expect(last).toHaveTextContent('Quarterly DR drill complete');
    expect(last).toHaveTextContent('2030-01-15 02:10:00 UTC');
    expect(last).toHaveTextContent('DNS followed after 1 min 24 s');

    const button = screen.getByTestId('multi-region-failover-button');
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveTextContent('Fail over to us-west-2');
  });

  it('says "running on secondary since" when the secondary is active', async () => {
    const api = new FakeMultiRegionApi({ status: secondaryActiveStatus });
    await render(api);
    const active = await screen.findByTestId('multi-region-active-region');
    expect(active).toHaveTextContent('us-west-2');
    expect(active).toHaveAttribute('data-role', 'secondary');
    expect(screen.getByTestId('multi-region-active-since')).toHaveTextContent(
      'Running on secondary since 2030-01-15 02:11:30 UTC',
    );
    expect(
      screen.getByTestId('multi-region-failover-button'),
    ).toHaveTextContent('Fail back to us-east-1');
  });

  it('shows "unknown" with the reason instead of guessing', async () => {
    const api = new FakeMultiRegionApi({ status: unknownStatus });
    await render(api);
    const active = await screen.findByTestId('multi-region-active-region');
    expect(active).toHaveTextContent('Unknown');
    const unknown = screen.getByTestId('multi-region-unknown');
    expect(unknown).toHaveTextContent('all 5 cluster endpoints failed');
    expect(unknown).toHaveTextContent(
      'orders-primary-rc (primary, us-east-1) could not be read',
    );
    expect(
      screen.getByTestId('multi-region-routing-control-primary'),
    ).toHaveAttribute('data-state', 'Unknown');
  });

  it('shows a service ARC is still deploying as "Deploying", not as an error, and offers no failover yet', async () => {
    const api = new FakeMultiRegionApi({ status: deployingStatus });
    await render(api);
    const active = await screen.findByTestId('multi-region-active-region');
    expect(active).toHaveTextContent('Deploying');
    expect(active).toHaveAttribute('data-deployment', 'deploying');
    expect(screen.getByTestId('multi-region-deploying')).toHaveTextContent(
      deployingStatus.deployment!.message,
    );
    expect(
      screen.queryByTestId('multi-region-unknown'),
    ).not.toBeInTheDocument();
    const secondary = screen.getByTestId(
      'multi-region-routing-control-secondary',
    );
    expect(secondary).toHaveAttribute('data-deployment', 'PENDING');
    expect(secondary).toHaveTextContent('Deploying');
    expect(secondary).not.toHaveTextContent('Unknown');
    expect(
      screen.getByTestId('multi-region-routing-control-primary'),
    ).toHaveAttribute('data-state', 'Off');
    await waitFor(() =>
      expect(screen.getByTestId('multi-region-failover-button')).toBeDisabled(),
    );
  });

  it('says what was deduced and which control was unreadable', async () => {
    const api = new FakeMultiRegionApi({ status: deducedStatus });
    await render(api);
    const active = await screen.findByTestId('multi-region-active-region');
    expect(active).toHaveTextContent('us-east-1');
    expect(active).toHaveAttribute('data-certainty', 'deduced');
    const deduced = screen.getByTestId('multi-region-deduced');
    expect(deduced).toHaveTextContent(
      'Primary routing control is On, which alone makes Route 53 answer with the primary',
    );
    expect(deduced).toHaveTextContent(
      'orders-secondary-rc (secondary, us-west-2) could not be read: all 5 cluster endpoints failed',
    );
  });

  it('lists every annotation error of a malformed entity, computed client-side, with the docs link', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    await renderWithApis(<MultiRegionCard refreshIntervalMs={0} />, {
      api,
      entity: malformedEntity,
      config: {
        multiRegion: {
          annotationsDocsUrl: 'https://docs.internal/annotations',
        },
      },
    });
    const rows = screen.getAllByTestId('multi-region-annotation-error');
    const text = rows.map(r => r.textContent);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'multi-region-failover.io/secondary-region"us-west2" is not a known AWS region code',
        ),
        expect.stringContaining(
          'multi-region-failover.io/dns-nameis missinga fully qualified lower-case domain name',
        ),
      ]),
    );
    expect(
      screen.getByTestId('multi-region-annotation-docs-link'),
    ).toHaveAttribute('href', 'https://docs.internal/annotations');
    // A malformed entity is not sent to the backend at all.
    expect(api.callsOf('getStatus')).toEqual([]);
    expect(
      screen.queryByTestId('multi-region-failover-button'),
    ).not.toBeInTheDocument();
  });

  it('shows the annotation errors the backend found (e.g. an unconfigured cluster)', async () => {
    const api = new FakeMultiRegionApi({
      status: {
        entityRef: 'component:default/orders',
        annotationErrors: [
          {
            annotation: 'multi-region-failover.io/arc-cluster',
            problem:
              '"shared-arc" is not configured under multiRegion.clusters',
            expected:
              'the name of a cluster configured under multiRegion.clusters',
          },
        ],
        permissions: { canFailover: false, canOverrideSafetyRules: false },
        readOnly: false,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
    });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-annotation-error'),
    ).toHaveTextContent(
      '"shared-arc" is not configured under multiRegion.clusters',
    );
    expect(
      screen.getByTestId('multi-region-annotation-docs-link'),
    ).toHaveAttribute('href', expect.stringContaining('docs/annotations.md'));
  });

  it('shows read-only mode and disables failover', async () => {
    const api = new FakeMultiRegionApi({ status: readOnlyStatus });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-read-only'),
    ).toHaveTextContent('Read-only mode');
    expect(screen.getByTestId('multi-region-failover-button')).toBeDisabled();
  });

  it('disables failover with the server reason when not permitted', async () => {
    const api = new FakeMultiRegionApi({ status: notPermittedStatus });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-failover-button'),
    ).toBeDisabled();
    expect(
      screen.getByTestId('multi-region-failover-denied'),
    ).toHaveTextContent(
      'You do not have the multi-region.failover.execute permission on component:default/orders (owned by group:default/team-orders).',
    );
  });

  it('mirrors the permission framework: DENY disables the button and names the permission and the owner', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    // usePermission caches answers per entity ref across renders (SWR), so
    // this test uses an entity no other test has asked about.
    await render(api, AuthorizeResult.DENY, {
      ...ordersEntity,
      metadata: { ...ordersEntity.metadata, namespace: 'denied' },
    });
    await screen.findByTestId('multi-region-active-region');
    const denied = await screen.findByTestId('multi-region-failover-denied');
    expect(denied).toHaveTextContent('multi-region.failover.execute');
    expect(denied).toHaveTextContent('owned by team-orders');
    expect(screen.getByTestId('multi-region-failover-button')).toBeDisabled();
  });

  it('shows a failed status request in words, with the server message', async () => {
    const api = new FakeMultiRegionApi({
      status: await responseError(
        403,
        'NotAllowedError',
        'You may not read the multi-region status of component:default/orders',
      ),
    });
    await render(api);
    const error = await screen.findByTestId('multi-region-error');
    expect(error).toHaveTextContent('Not allowed (403)');
    expect(error).toHaveTextContent(
      'You may not read the multi-region status of component:default/orders',
    );
  });

  it('opens the failover dialog with the plan, and refreshes when it closes', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      plan: plan(),
    });
    await render(api);
    const button = await screen.findByTestId('multi-region-failover-button');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByTestId('failover-dialog');
    expect(
      await within(dialog).findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Fail over orders: us-east-1 → us-west-2');
    expect(api.callsOf('planFailover')).toEqual([
      [{ entityRef: 'component:default/orders', targetRegion: 'us-west-2' }],
    ]);
    await userEvent.click(within(dialog).getByTestId('failover-cancel'));
    await waitFor(() => expect(api.callsOf('getStatus')).toHaveLength(2));
  });

  it('shows an operation under way and follows its progress', async () => {
    const pending = operation({
      status: 'in-progress',
      steps: steps('done', 'done', 'running'),
      actor: 'user:default/erin',
    });
    const api = new FakeMultiRegionApi({
      status: { ...primaryActiveStatus, pendingOperation: pending },
      operationStates: [operation({ actor: 'user:default/erin' })],
    });
    await renderWithApis(
      <MultiRegionCard refreshIntervalMs={0} pollIntervalMs={5} />,
      {
        api,
        entity: ordersEntity,
      },
    );
    const banner = await screen.findByTestId('multi-region-pending-operation');
    expect(banner).toHaveTextContent(
      'Fail over us-east-1 → us-west-2 by erin is in progress',
    );
    expect(screen.getByTestId('multi-region-failover-button')).toBeDisabled();
    await userEvent.click(screen.getByTestId('multi-region-follow-operation'));
    expect(await screen.findByTestId('failover-result')).toHaveAttribute(
      'data-status',
      'succeeded',
    );
    expect(api.callsOf('planFailover')).toEqual([]);
  });
  it('polls every few seconds while the DNS rows of a new service are missing', async () => {
    const withoutDns = {
      ...primaryActiveStatus,
      regions: {
        primary: {
          ...primaryActiveStatus.regions!.primary,
          dnsRecord: undefined,
          dnsError: 'Not read by the Route 53 refresher yet.',
        },
        secondary: {
          ...primaryActiveStatus.regions!.secondary,
          dnsRecord: undefined,
          dnsError: 'Not read by the Route 53 refresher yet.',
        },
      },
    };
    let calls = 0;
    const api = new FakeMultiRegionApi({
      status: () => (++calls === 1 ? withoutDns : primaryActiveStatus),
    });
    // the regular interval (10 min) would never fire within the test
    await renderWithApis(<MultiRegionCard refreshIntervalMs={600_000} />, {
      api,
      entity: ordersEntity,
    });
    const dns = await screen.findByTestId('multi-region-dns-secondary');
    expect(dns).toHaveTextContent('Not read by the Route 53 refresher yet.');
    await waitFor(
      () =>
        expect(
          screen.getByTestId('multi-region-dns-secondary'),
        ).toHaveTextContent('SECONDARY record'),
      { timeout: 8_000 },
    );
    expect(api.callsOf('getStatus')).toHaveLength(2);
  }, 15_000);
  it('with both controls Off, says so and offers to set routing to the primary', async () => {
    const api = new FakeMultiRegionApi({ status: bothOffStatus });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-degraded'),
    ).toHaveTextContent("Neither region's routing control is On");
    expect(
      screen.getByTestId('multi-region-failover-button'),
    ).toHaveTextContent('Set routing to us-east-1');
  });
});

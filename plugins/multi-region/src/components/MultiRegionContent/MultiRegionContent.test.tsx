import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  externalApiEntity,
  malformedEntity,
  ordersEntity,
} from '../../__fixtures__/entities';
import { captureDownloads } from '../../__testUtils__/captureDownloads';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { exampleServices } from '../../__fixtures__/services';
import {
  operation,
  primaryActiveStatus,
  secondaryActiveStatus,
} from '../../__fixtures__/status';
import { MultiRegionContent } from './MultiRegionContent';

const history = [
  operation({
    id: 'op-3',
    action: 'failback',
    fromRegion: 'us-west-2',
    toRegion: 'us-east-1',
    actor: 'user:default/bob',
    reason: 'Drill over',
    dnsFollowedAfterMs: 20 * 60_000,
  }),
  operation({
    id: 'op-2',
    actor: 'external',
    source: 'external',
    reason: 'Changed in the AWS console',
    dnsFollowedAfterMs: undefined,
  }),
];

describe('MultiRegionContent', () => {
  it('shows the region detail and every change as a timeline, with paging', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: query =>
        query?.cursor === 'page-2'
          ? {
              items: [
                operation({
                  id: 'op-1',
                  status: 'failed',
                  error: { name: 'Error', message: 'ARC throttled' },
                }),
                operation({
                  id: 'op-0',
                  status: 'refused',
                  actor: 'user:default/carol',
                  error: {
                    name: 'ConflictError',
                    message:
                      'Another failover of this control panel is in progress',
                  },
                }),
              ],
            }
          : { items: history, nextCursor: 'page-2' },
    });
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: ordersEntity,
    });

    expect(
      await screen.findByTestId('multi-region-active-region'),
    ).toHaveTextContent('us-east-1');
    expect(
      screen.getByTestId('multi-region-region-secondary'),
    ).toHaveTextContent('us-west-2');

    const rows = await screen.findAllByTestId('multi-region-history-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Fail back us-west-2 → us-east-1');
    expect(rows[0]).toHaveTextContent('By bob');
    expect(rows[0]).toHaveTextContent('Why: “Drill over”');
    expect(rows[0]).toHaveTextContent('2030-01-15 02:10:00 UTC');
    expect(rows[0]).toHaveTextContent('succeeded');
    expect(rows[0]).toHaveTextContent('portal');
    expect(rows[0]).toHaveTextContent(
      'DNS followed after 20 min (over the 15 min RTO)',
    );
    expect(rows[1]).toHaveTextContent('external change');
    expect(rows[1]).toHaveTextContent('By outside the portal');
    expect(api.callsOf('getHistory')[0]).toEqual([
      { entityRef: 'component:default/orders', cursor: undefined, limit: 25 },
    ]);

    await userEvent.click(screen.getByTestId('multi-region-history-more'));
    const all = await screen.findAllByTestId('multi-region-history-row');
    expect(all.map(r => r.getAttribute('data-operation-id'))).toEqual([
      'op-3',
      'op-2',
      'op-1',
      'op-0',
    ]);
    expect(all[2]).toHaveAttribute('data-status', 'failed');
    expect(all[2]).toHaveTextContent('ARC throttled');
    expect(all[3]).toHaveAttribute('data-status', 'refused');
    expect(all[3]).toHaveTextContent('By carol');
    expect(all[3]).toHaveTextContent(
      'Refused, nothing changed: Another failover of this control panel is in progress',
    );
    expect(
      screen.queryByTestId('multi-region-history-more'),
    ).not.toBeInTheDocument();
    // A service is not the external API: no topology, no /services call.
    expect(screen.queryByTestId('topology-diagram')).not.toBeInTheDocument();
    expect(api.callsOf('getServices')).toEqual([]);
  });

  it('draws the topology for the external API and highlights cross-region calls', async () => {
    const api = new FakeMultiRegionApi({
      status: {
        ...secondaryActiveStatus,
        entityRef: 'component:default/external-api',
      },
      services: {
        items: exampleServices,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
      history: { items: [] },
    });
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: externalApiEntity,
    });

    const diagram = await screen.findByTestId('topology-diagram');
    expect(
      within(diagram).getByTestId('topology-node-external-api'),
    ).toHaveAttribute('data-region', 'us-west-2');
    expect(within(diagram).getByTestId('topology-node-orders')).toHaveAttribute(
      'data-region',
      'us-east-1',
    );
    expect(within(diagram).getByTestId('topology-edge-orders')).toHaveAttribute(
      'data-cross-region',
      'true',
    );
    const calls = screen
      .getAllByTestId('topology-call')
      .map(c => c.textContent);
    expect(calls).toContain(
      'external-api (us-west-2) → orders (us-east-1) — crosses regions',
    );
    expect(screen.getByTestId('topology-calls')).toHaveTextContent(
      'legacy-billing: not a multi-region service you can read',
    );
    expect(
      screen.getByTestId('multi-region-history-empty'),
    ).toBeInTheDocument();
  });

  it('lists annotation errors instead of the tab content for a malformed entity', async () => {
    const api = new FakeMultiRegionApi({});
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: malformedEntity,
    });
    expect(
      screen.getAllByTestId('multi-region-annotation-error').length,
    ).toBeGreaterThanOrEqual(2);
    expect(api.calls).toEqual([]);
    expect(screen.queryByTestId('runbook-download')).not.toBeInTheDocument();
  });
});

describe('Break-glass runbook on the tab', () => {
  let downloads: ReturnType<typeof captureDownloads>;
  beforeEach(() => {
    downloads = captureDownloads();
  });
  afterEach(() => downloads.restore());

  const script = '#!/usr/bin/env bash\naws route53-recovery-cluster ...\n';

  it("downloads the entity's runbook and saves it under the server's name", async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: [] },
      runbook: {
        blob: new Blob([script], { type: 'text/x-shellscript' }),
        filename: 'orders-break-glass-runbook.sh',
      },
    });
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: ordersEntity,
    });
    const button = await screen.findByTestId('runbook-download');
    expect(button).toHaveTextContent('Break-glass runbook');
    expect(button).toHaveAccessibleDescription(
      'AWS CLI script to fail over and back through any ARC endpoint when the portal is down',
    );

    await userEvent.click(button);
    await waitFor(() => expect(downloads.saved).toHaveLength(1));
    expect(api.callsOf('downloadRunbook')).toEqual([
      ['component:default/orders'],
    ]);
    expect(downloads.saved[0].filename).toBe('orders-break-glass-runbook.sh');
    expect(await downloads.saved[0].blob?.text()).toBe(script);
    expect(screen.queryByTestId('runbook-download-error')).toBeNull();
  });

  it('shows why the runbook could not be downloaded, and saves nothing', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: [] },
      runbook: await responseError(
        403,
        'NotAllowedError',
        'You may not read this entity',
      ),
    });
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: ordersEntity,
    });
    await userEvent.click(await screen.findByTestId('runbook-download'));
    const error = await screen.findByTestId('runbook-download-error');
    expect(error).toHaveAttribute('data-status', '403');
    expect(error).toHaveTextContent(
      'Could not download the break-glass runbook: You may not read this entity',
    );
    expect(downloads.saved).toEqual([]);
    expect(screen.getByTestId('runbook-download')).toBeEnabled();
  });
});

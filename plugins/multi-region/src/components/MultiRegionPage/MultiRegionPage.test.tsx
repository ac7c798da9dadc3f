import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { captureDownloads } from '../../__testUtils__/captureDownloads';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  exampleServices,
  manyServices,
  searchSummary,
} from '../../__fixtures__/services';
import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { MultiRegionPage } from './MultiRegionPage';

/** Renders the page over a backend that lists these services. */
async function renderPage(items: ServiceSummary[]) {
  const api = new FakeMultiRegionApi({
    services: { items, fetchedAt: '2030-01-15T03:00:00.000Z' },
  });
  await renderWithApis(<MultiRegionPage />, {
    api,
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const rowRefs = () =>
  screen
    .getAllByTestId('multi-region-service-row')
    .map(r => r.getAttribute('data-entity-ref'));

/** Picks `value` in one of the page's select filters; '' is "All". */
const pick = (
  filter: 'owner' | 'system' | 'region' | 'readiness' | 'drill',
  value: string,
) =>
  userEvent.selectOptions(
    screen.getByTestId(`multi-region-filter-${filter}`),
    value,
  );

// material-table re-renders the whole table on each filter change: seconds
// per change on a loaded CI machine. A bound on a hang, not a speed check.
jest.setTimeout(120_000);

describe('MultiRegionPage', () => {
  it('lists every service with owner, system, primary, active region, health and last change', async () => {
    await renderPage(exampleServices);
    await screen.findAllByTestId('multi-region-service-row');
    // Away from primary first, then unknown, then the rest.
    expect(rowRefs()).toEqual([
      'component:default/external-api',
      'component:default/payments',
      'component:default/orders',
    ]);
    expect(screen.getByTestId('multi-region-summary')).toHaveTextContent(
      '3 services; 1 running away from their primary',
    );

    const rowOf = (ref: string) =>
      screen
        .getAllByTestId('multi-region-service-row')
        .find(r => r.getAttribute('data-entity-ref') === ref)!
        .closest('tr')!;
    const external = rowOf('component:default/external-api');
    expect(external).toHaveTextContent('team-edge');
    expect(external).toHaveTextContent('storefront');
    expect(external).toHaveTextContent('us-east-1');
    expect(
      within(external).getByTestId('multi-region-row-active'),
    ).toHaveAttribute('data-region', 'us-west-2');
    expect(
      within(external).getByTestId('multi-region-away-from-primary'),
    ).toBeInTheDocument();
    expect(external).toHaveTextContent('us-east-1 → us-west-2 by erin');
    expect(
      screen.getAllByTestId('multi-region-service-row')[0],
    ).toHaveAttribute('data-away-from-primary', 'true');

    const orders = rowOf('component:default/orders');
    expect(
      within(orders).queryByTestId('multi-region-away-from-primary'),
    ).not.toBeInTheDocument();
    const payments = rowOf('component:default/payments');
    expect(
      within(payments).getByTestId('multi-region-row-active'),
    ).toHaveAttribute('data-region', 'unknown');
  });

  it('shows a service ARC is still deploying as "deploying", not "unknown"', async () => {
    await renderPage([
      {
        ...exampleServices[2],
        entityRef: 'component:default/checkout',
        deployment: {
          state: 'deploying',
          message: 'ARC is still deploying control panel checkout-panel.',
          resources: [],
        },
      },
    ]);
    const cell = await screen.findByTestId('multi-region-row-active');
    expect(cell).toHaveAttribute('data-region', 'unknown');
    expect(
      within(cell).getByTestId('multi-region-row-deploying'),
    ).toHaveTextContent('deploying');
    expect(cell).not.toHaveTextContent('unknown');
  });

  it('filters by owner, system and active region', async () => {
    await renderPage(exampleServices);
    await screen.findAllByTestId('multi-region-service-row');

    await pick('owner', 'group:default/team-orders');
    expect(rowRefs()).toEqual(['component:default/orders']);

    await pick('owner', '');
    await pick('system', 'system:default/payments');
    expect(rowRefs()).toEqual(['component:default/payments']);

    await pick('system', '');
    await pick('region', 'us-east-1');
    expect(rowRefs()).toEqual(['component:default/orders']);

    await pick('region', 'eu-west-1');
    expect(screen.queryAllByTestId('multi-region-service-row')).toHaveLength(0);
    expect(
      screen.getByTestId('multi-region-services-empty'),
    ).toBeInTheDocument();

    await pick('region', '');
    await userEvent.click(screen.getByTestId('multi-region-filter-away'));
    expect(rowRefs()).toEqual(['component:default/external-api']);
  });

  it('shows each service’s readiness: verdict chip, checks passing, the headline on hover', async () => {
    await renderPage([...exampleServices, searchSummary]);
    await screen.findAllByTestId('multi-region-service-row');
    const readinessOf = (ref: string) =>
      within(
        screen
          .getAllByTestId('multi-region-service-row')
          .find(r => r.getAttribute('data-entity-ref') === ref)!
          .closest('tr')!,
      ).getByTestId('multi-region-row-readiness');

    const external = readinessOf('component:default/external-api');
    expect(external).toHaveAttribute('data-verdict', 'pass');
    expect(external).toHaveTextContent('Ready 6/6');
    const orders = readinessOf('component:default/orders');
    expect(orders).toHaveAttribute('data-verdict', 'fail');
    expect(orders).toHaveTextContent('Not ready 5/6');
    const search = readinessOf('component:default/search');
    expect(search).toHaveAttribute('data-verdict', 'warn');
    expect(search).toHaveTextContent('Warnings 5/6');
    const payments = readinessOf('component:default/payments');
    expect(payments).toHaveAttribute('data-verdict', 'none');
    expect(payments).toHaveTextContent('—');

    await userEvent.hover(orders);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Not ready to fail over to us-west-2: 1 of 6 checks fail',
    );
    await userEvent.unhover(orders);
    // the external API runs on its secondary: its readiness is of a failback
    await userEvent.hover(external);
    await waitFor(() =>
      expect(screen.getByRole('tooltip')).toHaveTextContent(
        'Ready to fail back to us-east-1: 6 of 6 checks pass',
      ),
    );
  });

  it('filters by readiness and sorts by it, not ready first', async () => {
    await renderPage([...exampleServices, searchSummary]);
    await screen.findAllByTestId('multi-region-service-row');
    const filter = screen.getByTestId('multi-region-filter-readiness');
    expect(
      within(filter)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All', 'Ready', 'Warnings', 'Not ready', 'Not evaluated']);

    await pick('readiness', 'not-ready');
    expect(rowRefs()).toEqual(['component:default/orders']);
    await pick('readiness', 'warnings');
    expect(rowRefs()).toEqual(['component:default/search']);
    await pick('readiness', 'ready');
    expect(rowRefs()).toEqual(['component:default/external-api']);
    await pick('readiness', 'not-evaluated');
    expect(rowRefs()).toEqual(['component:default/payments']);
    await pick('readiness', '');
    expect(rowRefs()).toHaveLength(4);

    // the column's sort label (material-table nests a drag handle of the same name)
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Readiness' })[0],
    );
    expect(rowRefs()).toEqual([
      'component:default/orders',
      'component:default/search',
      'component:default/external-api',
      'component:default/payments',
    ]);
  });

  it('handles 1,000 services with one request and a paged table', async () => {
    const api = await renderPage(manyServices(1000));
    await waitFor(() =>
      expect(screen.getAllByTestId('multi-region-service-row')).toHaveLength(
        20,
      ),
    );
    expect(api.callsOf('getServices')).toHaveLength(1);
    expect(screen.getByText('1000 of 1000 services')).toBeInTheDocument();
    // 143 of them (every 7th) are away from primary and come first.
    expect(screen.getByTestId('multi-region-summary')).toHaveTextContent(
      '143 running away from their primary',
    );
    expect(
      screen
        .getAllByTestId('multi-region-service-row')
        .every(r => r.getAttribute('data-away-from-primary') === 'true'),
    ).toBe(true);

    await pick('owner', 'group:default/team-orders');
    expect(screen.getByText('200 of 1000 services')).toBeInTheDocument();
  });

  it('shows each service’s last drill and filters by it', async () => {
    await renderPage([
      {
        ...exampleServices[0],
        drill: {
          running: false,
          lastAt: '2030-01-12T02:17:00.000Z',
          lastOutcome: 'passed',
          lastRtoMet: true,
          overdue: false,
        },
      },
      {
        ...exampleServices[1],
        drill: {
          running: false,
          lastAt: '2030-01-12T02:17:00.000Z',
          lastOutcome: 'blocked',
          lastRtoMet: false,
          overdue: true,
        },
      },
      { ...exampleServices[2], drill: { running: true, overdue: true } },
      { ...searchSummary, drill: { running: false, overdue: true } },
    ]);
    await screen.findAllByTestId('multi-region-service-row');
    const drillOf = (ref: string) =>
      within(
        screen
          .getAllByTestId('multi-region-service-row')
          .find(r => r.getAttribute('data-entity-ref') === ref)!
          .closest('tr')!,
      ).getByTestId('multi-region-row-drill');
    const external = drillOf('component:default/external-api');
    expect(external).toHaveAttribute('data-status', 'passed');
    expect(external).toHaveTextContent('passed, RTO met');
    const orders = drillOf('component:default/orders');
    expect(orders).toHaveAttribute('data-status', 'failed');
    expect(orders).toHaveTextContent(
      'ended early: a blocking alarm went into ALARM, RTO missed',
    );
    expect(orders).toHaveTextContent('overdue');
    expect(drillOf('component:default/payments')).toHaveAttribute(
      'data-status',
      'running',
    );
    expect(drillOf('component:default/search')).toHaveAttribute(
      'data-status',
      'never',
    );

    const filter = screen.getByTestId('multi-region-filter-drill');
    expect(
      within(filter)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'All',
      'Overdue',
      'Last one failed',
      'Last one passed',
      'Running',
      'Never drilled',
    ]);
    await pick('drill', 'failed');
    expect(rowRefs()).toEqual(['component:default/orders']);
    await pick('drill', 'never');
    expect(rowRefs()).toEqual(['component:default/search']);
    await pick('drill', 'overdue');
    expect(rowRefs()).toEqual([
      'component:default/payments',
      'component:default/orders',
      'component:default/search',
    ]);
  });

  describe('Download report', () => {
    let downloads: ReturnType<typeof captureDownloads>;
    beforeEach(() => {
      downloads = captureDownloads();
    });
    afterEach(() => downloads.restore());

    /** Opens the menu, checks its formats and picks one. */
    async function download(format: string) {
      await userEvent.click(
        await screen.findByTestId('multi-region-report-download'),
      );
      const items = await screen.findAllByTestId('multi-region-report-format');
      expect(items.map(i => i.getAttribute('data-format'))).toEqual([
        'json',
        'csv',
        'markdown',
      ]);
      expect(items.map(i => i.textContent)).toEqual([
        'JSON',
        'CSV (spreadsheet)',
        'Markdown',
      ]);
      await userEvent.click(items.find(i => i.dataset.format === format)!);
    }

    it('downloads the organisation report in the format picked, under the server’s file name', async () => {
      const api = await renderPage(exampleServices);
      const blob = new Blob(['entity_ref,title\r\n']);
      api.report = {
        blob,
        filename: 'multi-region-organisation-report-2030-01-15.csv',
      };
      await download('csv');
      await waitFor(() => expect(downloads.saved).toHaveLength(1));
      expect(api.callsOf('downloadReport')).toEqual([
        [{ kind: 'organisation' }, 'csv'],
      ]);
      expect(downloads.saved[0]).toMatchObject({
        filename: 'multi-region-organisation-report-2030-01-15.csv',
        blob,
      });
      expect(screen.queryByTestId('multi-region-report-error')).toBeNull();
    });

    it('says why the report could not be downloaded', async () => {
      const api = await renderPage(exampleServices);
      api.report = await responseError(
        429,
        'TooManyRequestsError',
        'Too many plan requests; retry in 30 s',
      );
      await download('markdown');
      const error = await screen.findByTestId('multi-region-report-error');
      expect(error).toHaveAttribute('data-status', '429');
      expect(error).toHaveTextContent('Too many requests (429)');
      expect(error).toHaveTextContent(
        'Could not download the organisation report: Too many plan requests; retry in 30 s',
      );
      expect(api.callsOf('downloadReport')).toEqual([
        [{ kind: 'organisation' }, 'markdown'],
      ]);
      expect(downloads.saved).toEqual([]);
      // the list itself is still there
      expect(screen.getAllByTestId('multi-region-service-row')).toHaveLength(3);
    });
  });
});

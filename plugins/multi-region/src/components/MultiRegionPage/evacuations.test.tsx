import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  evacuation,
  evacuationPartlyFailed,
} from '../../__fixtures__/evacuations';
import { exampleServices } from '../../__fixtures__/services';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MultiRegionPage } from './MultiRegionPage';

/** Renders the page over a backend with the example services and these evacuations. */
async function renderPage(init: Partial<FakeMultiRegionApi> = {}) {
  const api = new FakeMultiRegionApi({
    services: { items: exampleServices, fetchedAt: '2030-01-15T03:00:00.000Z' },
    ...init,
  });
  await renderWithApis(<MultiRegionPage />, {
    api,
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  await screen.findAllByTestId('multi-region-service-row');
  return api;
}

// material-table re-renders the whole table on each change: slow on a loaded CI machine.
jest.setTimeout(120_000);

describe('MultiRegionPage evacuations', () => {
  it('offers "Evacuate region" to everyone and hides the list while there is none', async () => {
    const api = await renderPage();
    expect(api.callsOf('listEvacuations')).toEqual([[10]]);
    expect(screen.queryByTestId('evacuations-table')).not.toBeInTheDocument();

    // The page's region filter becomes the dialog's first choice.
    await userEvent.selectOptions(
      screen.getByTestId('multi-region-filter-region'),
      'us-east-1',
    );
    const open = screen.getByRole('button', { name: 'Evacuate region' });
    expect(open).toBeEnabled();
    await userEvent.click(open);
    const dialog = await screen.findByTestId('evacuation-dialog');
    expect(within(dialog).getByTestId('evacuation-region')).toHaveValue(
      'us-east-1',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Evacuate us-east-1' }),
    ).toBeDisabled();
    await userEvent.click(within(dialog).getByTestId('evacuation-cancel'));
    await waitFor(() =>
      expect(screen.queryByTestId('evacuation-dialog')).not.toBeInTheDocument(),
    );
  });

  it('lists recent evacuations and opens one’s progress', async () => {
    const api = await renderPage({
      evacuations: {
        items: [
          evacuation({
            id: 'evac-2',
            selection: { owner: 'group:default/team-orders' },
          }),
          evacuationPartlyFailed(),
        ],
      },
      evacuation: evacuation({ id: 'evac-2' }),
    });
    const table = await screen.findByTestId('evacuations-table');
    const rows = within(table).getAllByTestId('evacuation-row');
    expect(rows.map(r => r.getAttribute('data-evacuation-id'))).toEqual([
      'evac-2',
      'evac-1',
    ]);
    expect(rows[0]).toHaveAttribute('data-state', 'running');
    expect(rows[0]).toHaveTextContent('us-east-1');
    expect(rows[0]).toHaveTextContent('owner team-orders');
    expect(rows[0]).toHaveTextContent('alice');
    expect(rows[0]).toHaveTextContent('running');
    expect(rows[0]).toHaveTextContent('1 waiting, 1 moving, 2 skipped');
    expect(rows[1]).toHaveAttribute('data-outcome', 'partly-failed');
    expect(rows[1]).toHaveTextContent('partly failed');

    await userEvent.click(
      within(rows[1]).getByRole('button', { name: 'Show progress' }),
    );
    const progress = await screen.findByTestId('evacuation-progress');
    expect(progress).toHaveAttribute('data-state', 'completed');
    expect(screen.getByTestId('evacuation-outcome')).toHaveAttribute(
      'data-outcome',
      'partly-failed',
    );
    expect(api.callsOf('planEvacuation')).toEqual([]);
  });

  it('says when the evacuations cannot be read', async () => {
    await renderPage({
      evacuations: await responseError(503, 'ServiceUnavailable', 'Down'),
    });
    expect(await screen.findByTestId('evacuations-error')).toHaveTextContent(
      'Could not load the evacuations: Down',
    );
  });

  it('hides the list when the backend has no evacuations route', async () => {
    await renderPage({
      evacuations: await responseError(404, 'NotFoundError', 'Not found'),
    });
    expect(screen.queryByTestId('evacuations-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('evacuations-table')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Evacuate region' }),
    ).toBeEnabled();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  Operation,
  ReportFormat,
} from '@multi-region-failover/plugin-multi-region-common';
import { ReportTarget } from '../../api/MultiRegionApi';
import { ordersEntity } from '../../__fixtures__/entities';
import { drill, soakingDrill } from '../../__fixtures__/drills';
import { operation } from '../../__fixtures__/status';
import { captureDownloads } from '../../__testUtils__/captureDownloads';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DrillDialog } from '../DrillDialog';
import { DrillsTable } from '../DrillsTable';
import { HistoryTimeline } from '../HistoryTimeline';

/*
 * The "Report" action of each operation in the history, each drill in the
 * drills table and a finished drill in the dialog: it downloads the report
 * through the API and saves it under the server's name. (The org page's
 * "Download report" is tested with the page.)
 */

// The dialog polls and MUI menus animate: a bound on a hang, not a speed check.
jest.setTimeout(60_000);

/** A backend that answers every report with a small file named after what was asked. */
const reportingApi = (
  init: ConstructorParameters<typeof FakeMultiRegionApi>[0] = {},
) =>
  new FakeMultiRegionApi({
    report: (target: ReportTarget, format: ReportFormat) => ({
      blob: new Blob([`${target.kind} ${format}`]),
      filename: `${target.kind}-report.${format === 'json' ? 'json' : 'md'}`,
    }),
    ...init,
  });

/** Opens a Report menu and picks one format; resolves once the menu has gone. */
async function pickFormat(button: HTMLElement, prefix: string, format: string) {
  await userEvent.click(button);
  const items = await screen.findAllByTestId(`${prefix}-format`);
  expect(items.map(item => item.getAttribute('data-format'))).toEqual([
    'json',
    'markdown',
  ]);
  expect(items.map(item => item.textContent)).toEqual(['JSON', 'Markdown']);
  await userEvent.click(items.find(i => i.dataset.format === format)!);
  await waitFor(() =>
    expect(screen.queryAllByTestId(`${prefix}-format`)).toHaveLength(0),
  );
}

let downloads: ReturnType<typeof captureDownloads>;
beforeEach(() => {
  downloads = captureDownloads();
});
afterEach(() => downloads.restore());

const history: Operation[] = [
  operation({ id: 'op-2', createdAt: '2030-01-15T02:00:00.000Z' }),
  operation({ id: 'op-1', status: 'refused' }),
];

describe('Report of an operation in the history', () => {
  it('downloads the report of that operation in the format picked', async () => {
    const api = reportingApi();
    await renderWithApis(<HistoryTimeline items={history} />, { api });
    const rows = screen.getAllByTestId('multi-region-history-row');
    // every operation, refused ones included, has a report
    expect(
      rows.map(row => within(row).getByTestId('operation-report').textContent),
    ).toEqual(['Report', 'Report']);

    await pickFormat(
      within(rows[1]).getByTestId('operation-report'),
      'operation-report',
      'markdown',
    );
    await waitFor(() => expect(downloads.saved).toHaveLength(1));
    expect(api.callsOf('downloadReport')).toEqual([
      [{ kind: 'operation', id: 'op-1' }, 'markdown'],
    ]);
    expect(downloads.saved[0].filename).toBe('operation-report.md');
    expect(await downloads.saved[0].blob?.text()).toBe('operation markdown');

    await pickFormat(
      within(rows[0]).getByTestId('operation-report'),
      'operation-report',
      'json',
    );
    await waitFor(() => expect(downloads.saved).toHaveLength(2));
    expect(api.callsOf('downloadReport')[1]).toEqual([
      { kind: 'operation', id: 'op-2' },
      'json',
    ]);
    expect(screen.queryByTestId('operation-report-error')).toBeNull();
  });

  it('shows why a download failed under that operation, and saves nothing', async () => {
    const api = reportingApi({
      report: await responseError(404, 'NotFoundError', 'Operation not found'),
    });
    await renderWithApis(<HistoryTimeline items={history} />, { api });
    const rows = screen.getAllByTestId('multi-region-history-row');
    await pickFormat(
      within(rows[0]).getByTestId('operation-report'),
      'operation-report',
      'markdown',
    );
    const error = await within(rows[0]).findByTestId('operation-report-error');
    expect(error).toHaveAttribute('data-status', '404');
    expect(error).toHaveTextContent(
      "Could not download the operation's report: Operation not found",
    );
    expect(within(rows[1]).queryByTestId('operation-report-error')).toBeNull();
    expect(downloads.saved).toEqual([]);
    // enabled again: a second try that works clears the notice
    api.report = { blob: new Blob(['ok']), filename: 'op.md' };
    await pickFormat(
      within(rows[0]).getByTestId('operation-report'),
      'operation-report',
      'json',
    );
    await waitFor(() =>
      expect(
        within(rows[0]).queryByTestId('operation-report-error'),
      ).toBeNull(),
    );
    expect(downloads.saved.map(d => d.filename)).toEqual(['op.md']);
  });
});

describe('Report of a drill', () => {
  it('downloads the report of a drill of the table', async () => {
    const api = reportingApi();
    await renderWithApis(<DrillsTable drills={[soakingDrill(), drill()]} />, {
      api,
    });
    const rows = screen.getAllByTestId('drill-row');
    expect(rows.map(r => r.getAttribute('data-drill-id'))).toEqual([
      'drill-2',
      'drill-1',
    ]);
    await pickFormat(
      within(rows[1]).getByTestId('drill-report'),
      'drill-report',
      'json',
    );
    await waitFor(() => expect(downloads.saved).toHaveLength(1));
    expect(api.callsOf('downloadReport')).toEqual([
      [{ kind: 'drill', id: 'drill-1' }, 'json'],
    ]);
    expect(downloads.saved[0].filename).toBe('drill-report.json');
  });

  it('shows why a drill report failed in its row', async () => {
    const api = reportingApi({
      report: await responseError(
        503,
        'ServiceUnavailableError',
        'Database down',
      ),
    });
    await renderWithApis(<DrillsTable drills={[drill()]} />, { api });
    await pickFormat(
      screen.getByTestId('drill-report'),
      'drill-report',
      'markdown',
    );
    const error = await within(screen.getByTestId('drill-row')).findByTestId(
      'drill-report-error',
    );
    expect(error).toHaveAttribute('data-status', '503');
    expect(error).toHaveTextContent(
      "Could not download the drill's report: Database down",
    );
    expect(downloads.saved).toEqual([]);
  });

  it('offers the report of a finished drill in the dialog', async () => {
    const api = reportingApi({ drillStates: [drill()] });
    await renderWithApis(
      <DrillDialog
        open
        entity={ordersEntity}
        onClose={jest.fn()}
        followDrill={soakingDrill({ id: 'drill-1' })}
        pollIntervalMs={5}
      />,
      { api },
    );
    const progress = await screen.findByTestId('drill-progress');
    // polled to its end: the outcome, then its report
    await within(progress).findByTestId('drill-outcome');
    await pickFormat(
      within(progress).getByTestId('drill-report'),
      'drill-report',
      'markdown',
    );
    await waitFor(() => expect(downloads.saved).toHaveLength(1));
    expect(api.callsOf('downloadReport')).toEqual([
      [{ kind: 'drill', id: 'drill-1' }, 'markdown'],
    ]);
    expect(downloads.saved[0].filename).toBe('drill-report.md');
  });

  it('has no report while the drill in the dialog runs', async () => {
    const api = reportingApi({ drillStates: [soakingDrill()] });
    await renderWithApis(
      <DrillDialog
        open
        entity={ordersEntity}
        onClose={jest.fn()}
        followDrill={soakingDrill()}
        pollIntervalMs={60_000}
      />,
      { api },
    );
    await screen.findByTestId('drill-progress');
    expect(screen.queryByTestId('drill-report')).toBeNull();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReadinessReport } from '@multi-region-failover/plugin-multi-region-common';
import { ordersEntity } from '../../__fixtures__/entities';
import {
  FakeMultiRegionApi,
  responseError,
} from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  failingAlarm,
  failingTargetHealth,
  primaryActiveStatus,
  readinessReport,
  secondaryActiveStatus,
  withChecks,
} from '../../__fixtures__/status';
import { MultiRegionContent } from '../MultiRegionContent';
import { MultiRegionCard } from './MultiRegionCard';

/*
 * Readiness on the card and the entity tab: the stored report's line, its
 * checks on demand, and "Check now".
 */

const render = (api: FakeMultiRegionApi) =>
  renderWithApis(<MultiRegionCard refreshIntervalMs={0} />, {
    api,
    entity: ordersEntity,
  });

/** A report checked after the stored one (02:55), with two failing checks. */
const freshFailing = readinessReport({
  checks: withChecks(failingTargetHealth, failingAlarm),
  evaluatedAt: '2030-01-15T03:00:00.000Z',
});

describe('MultiRegionCard readiness', () => {
  it('shows the stored readiness as one line, coloured by verdict, expandable to every check', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    await render(api);
    const line = await screen.findByTestId('multi-region-readiness');
    expect(line).toHaveAttribute('data-verdict', 'pass');
    const headline = screen.getByTestId('multi-region-readiness-headline');
    expect(headline).toHaveTextContent(
      'Ready to fail over to us-west-2: 6 of 6 checks pass',
    );
    expect(headline.style.color).not.toBe('');
    expect(within(line).getByTestId('readiness-evaluated')).toHaveAttribute(
      'title',
      '2030-01-15 02:55:00 UTC',
    );

    // collapsed: the checks are in the page but hidden
    const toggle = screen.getByTestId('multi-region-readiness-toggle');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('Show checks');
    expect(
      screen.queryByRole('list', { name: 'Readiness checks' }),
    ).not.toBeInTheDocument();

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const list = await screen.findByRole('list', { name: 'Readiness checks' });
    expect(
      document.getElementById(toggle.getAttribute('aria-controls')!),
    ).toContainElement(list);
    expect(within(list).getAllByRole('listitem')).toHaveLength(6);
    expect(api.callsOf('getReadiness')).toEqual([]);
  });

  it('says a failback when the secondary is active', async () => {
    const api = new FakeMultiRegionApi({ status: secondaryActiveStatus });
    await render(api);
    expect(
      await screen.findByTestId('multi-region-readiness-headline'),
    ).toHaveTextContent('Ready to fail back to us-east-1: 6 of 6 checks pass');
  });

  it('"Check now" evaluates again, is disabled while it runs, and shows the fresh report', async () => {
    let answer!: (report: ReadinessReport) => void;
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      readiness: () =>
        new Promise<ReadinessReport>(resolve => {
          answer = resolve;
        }),
    });
    await render(api);
    const button = await screen.findByTestId('multi-region-readiness-check');
    expect(button).toHaveTextContent('Check now');
    await userEvent.click(button);

    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveTextContent('Checking…');
    expect(api.callsOf('getReadiness')).toEqual([
      [{ entityRef: 'component:default/orders' }],
    ]);

    answer(freshFailing);
    const headline = screen.getByTestId('multi-region-readiness-headline');
    await waitFor(() =>
      expect(headline).toHaveTextContent(
        'Not ready to fail over to us-west-2: 2 of 7 checks fail',
      ),
    );
    expect(screen.getByTestId('multi-region-readiness')).toHaveAttribute(
      'data-verdict',
      'fail',
    );
    expect(button).toBeEnabled();
    expect(button).toHaveTextContent('Check now');
  });

  it('shows a failed check with the existing error notice, and can try again', async () => {
    const api = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      readiness: await responseError(
        429,
        'TooManyRequests',
        'Too many plan requests: try again in 20 s',
      ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByTestId('multi-region-readiness-check'),
    );
    const error = await screen.findByTestId('multi-region-readiness-error');
    expect(error).toHaveAttribute('data-status', '429');
    expect(error).toHaveTextContent(
      'Could not check readiness: Too many plan requests: try again in 20 s',
    );
    // the stored report stays on screen
    expect(
      screen.getByTestId('multi-region-readiness-headline'),
    ).toHaveTextContent('Ready to fail over to us-west-2');

    api.readiness = freshFailing;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(
        screen.queryByTestId('multi-region-readiness-error'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByTestId('multi-region-readiness-headline'),
    ).toHaveTextContent('Not ready to fail over to us-west-2');
    expect(api.callsOf('getReadiness')).toHaveLength(2);
  });

  it('says when readiness was not evaluated yet, and checks it on request', async () => {
    const api = new FakeMultiRegionApi({
      status: { ...primaryActiveStatus, readiness: undefined },
      readiness: readinessReport({ evaluatedAt: '2030-01-15T03:00:00.000Z' }),
    });
    await render(api);
    const line = await screen.findByTestId('multi-region-readiness');
    expect(line).toHaveAttribute('data-verdict', 'none');
    expect(line).toHaveTextContent('Readiness not evaluated yet');
    expect(
      screen.queryByTestId('multi-region-readiness-toggle'),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('multi-region-readiness-check'));
    await waitFor(() => expect(line).toHaveAttribute('data-verdict', 'pass'));
    expect(line).toHaveTextContent(
      'Ready to fail over to us-west-2: 6 of 6 checks pass',
    );
  });

  it('lists every check on the entity tab without a click', async () => {
    const api = new FakeMultiRegionApi({
      status: {
        ...primaryActiveStatus,
        readiness: readinessReport({
          checks: withChecks(failingTargetHealth),
        }),
      },
      history: { items: [] },
    });
    await renderWithApis(<MultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: ordersEntity,
    });
    const list = await screen.findByRole('list', { name: 'Readiness checks' });
    expect(list).toBeVisible();
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(i => i.getAttribute('data-verdict')),
    ).toEqual(['fail', 'pass', 'pass', 'pass', 'pass', 'pass']);
    expect(screen.getByTestId('multi-region-readiness-toggle')).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });
});

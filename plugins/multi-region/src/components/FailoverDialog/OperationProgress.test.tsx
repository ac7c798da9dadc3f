import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { operation, steps } from '../../__fixtures__/status';
import { FakeMultiRegionApi } from '../../__testUtils__/FakeMultiRegionApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryTimeline } from '../HistoryTimeline';
import { OperationProgress } from './OperationProgress';

describe('operations whose ARC write is unconfirmed or whose DNS observation was superseded', () => {
  const unknown = operation({
    status: 'unknown',
    steps: steps('done', 'unknown', 'skipped', 'skipped'),
    error: {
      name: 'ArcWriteUnconfirmed',
      message:
        'Unknown — check ARC: the write may or may not have been applied. Last read: orders-secondary-rc=Off, orders-primary-rc=On.',
    },
    dnsFollowedAfterMs: undefined,
  });

  it('shows an unconfirmed write as such: check ARC, not "did not complete", and no longer waiting', async () => {
    await renderInTestApp(<OperationProgress operation={unknown} />);
    const result = screen.getByTestId('failover-result');
    expect(result).toHaveAttribute('data-status', 'unknown');
    expect(result).toHaveTextContent(
      'may or may not have changed the routing controls: Unknown — check ARC',
    );
    expect(result).not.toHaveTextContent('did not complete');
    expect(
      screen.getByTestId('failover-step-routing-controls-updated'),
    ).toHaveTextContent('(unconfirmed: check ARC)');
    expect(screen.queryByTestId('failover-waiting')).toBeNull();
  });

  it('says that a superseded failover changed the controls and why DNS was not followed', async () => {
    await renderInTestApp(
      <OperationProgress
        operation={operation({
          supersededBy: 'op-2',
          steps: steps('done', 'done', 'skipped', 'skipped'),
          dnsFollowedAfterMs: undefined,
        })}
      />,
    );
    expect(screen.getByTestId('failover-result')).toHaveTextContent(
      'the routing controls were set for us-west-2. DNS was no longer followed: a later change (operation op-2) superseded this one.',
    );
  });

  it('the history shows both', async () => {
    // the history offers each operation's report: it needs the API
    await renderWithApis(
      <HistoryTimeline
        items={[unknown, operation({ id: 'op-0', supersededBy: 'op-1' })]}
      />,
      { api: new FakeMultiRegionApi() },
    );
    const rows = screen.getAllByTestId('multi-region-history-row');
    expect(rows[0]).toHaveAttribute('data-status', 'unknown');
    expect(rows[0]).toHaveTextContent('Unknown — check ARC');
    expect(
      screen.getByTestId('multi-region-history-superseded'),
    ).toHaveTextContent('superseded by a later change (operation op-1)');
  });
});

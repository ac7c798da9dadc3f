import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { summariseReadiness } from '@multi-region-failover/plugin-multi-region-common';
import {
  failingTargetHealth,
  operation,
  passingChecks,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import { HistoryTimeline } from './HistoryTimeline';

const at = '2030-01-15T02:09:55.000Z';

describe('HistoryTimeline readiness', () => {
  it('says what failed or warned at confirm and which failing checks were acknowledged', async () => {
    const failing = withChecks(failingTargetHealth, warningEndpoints);
    await renderInTestApp(
      <HistoryTimeline
        items={[
          operation({
            id: 'op-ack',
            readiness: {
              summary: summariseReadiness(failing, 'us-west-2', at),
              problems: [failingTargetHealth, warningEndpoints],
              acknowledged: ['target-health'],
            },
          }),
          operation({
            id: 'op-warn',
            readiness: {
              summary: summariseReadiness(
                withChecks(warningEndpoints),
                'us-west-2',
                at,
              ),
              problems: [warningEndpoints],
              acknowledged: [],
            },
          }),
          operation({
            id: 'op-clean',
            readiness: {
              summary: summariseReadiness(passingChecks, 'us-west-2', at),
              problems: [],
              acknowledged: [],
            },
          }),
          operation({ id: 'op-before-readiness' }),
        ]}
      />,
    );
    const rows = screen.getAllByTestId('multi-region-history-row');
    const line = (i: number) =>
      within(rows[i]).queryByTestId('multi-region-history-readiness');

    expect(line(0)).toHaveTextContent(
      'Readiness at confirm: 4 of 6 pass, 1 failing, 1 warning; acknowledged: Target health check',
    );
    expect(line(0)?.getAttribute('title')).toContain(
      `Target health check (fail): ${failingTargetHealth.reason}`,
    );
    expect(line(1)).toHaveTextContent(
      'Readiness at confirm: 5 of 6 pass, 1 warning',
    );
    expect(line(1)).not.toHaveTextContent('acknowledged');
    // nothing to say when every check passed, or before readiness existed
    expect(line(2)).toBeNull();
    expect(line(3)).toBeNull();
  });
});

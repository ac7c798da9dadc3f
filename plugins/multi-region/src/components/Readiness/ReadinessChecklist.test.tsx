import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  failingAlarm,
  failingTargetHealth,
  readinessReport,
  warningEndpoints,
  withChecks,
} from '../../__fixtures__/status';
import { READINESS_CHECK_IDS } from '@multi-region-failover/plugin-multi-region-common';
import { ReadinessChecklist } from './ReadinessChecklist';

const now = new Date('2030-01-15T03:00:00.000Z');

describe('ReadinessChecklist', () => {
  it('lists every check in order with its verdict icon, named for screen readers, and its reason', async () => {
    const report = readinessReport({
      checks: withChecks(failingTargetHealth, warningEndpoints, failingAlarm),
    });
    await renderInTestApp(<ReadinessChecklist report={report} now={now} />);

    const list = screen.getByRole('list', { name: 'Readiness checks' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-check-id'))).toEqual([
      ...READINESS_CHECK_IDS,
    ]);
    expect(items.map(i => i.getAttribute('data-verdict'))).toEqual([
      'fail',
      'pass',
      'warn',
      'pass',
      'pass',
      'pass',
      'fail',
    ]);
    // The icon says the verdict in words, not only in colour.
    expect(within(items[0]).getByRole('img', { name: 'Fail' })).toBeTruthy();
    expect(within(items[1]).getByRole('img', { name: 'Pass' })).toBeTruthy();
    expect(within(items[2]).getByRole('img', { name: 'Warning' })).toBeTruthy();
    expect(items[0]).toHaveTextContent('Target health check');
    expect(items[0]).toHaveTextContent(
      "is bound to routing control orders-primary-rc, not the target's orders-secondary-rc.",
    );
    expect(items[6]).toHaveTextContent(
      'CloudWatch alarmsorders-5xx-us-west-2 is in ALARM.',
    );

    const headline = screen.getByTestId('readiness-headline');
    expect(headline).toHaveTextContent(
      'Not ready to fail over to us-west-2: 2 of 7 checks fail',
    );
    expect(headline).toHaveAttribute('data-verdict', 'fail');
    expect(screen.getByTestId('readiness-evaluated')).toHaveTextContent(
      'Evaluated 5 min ago',
    );
    expect(screen.getByTestId('readiness-evaluated')).toHaveAttribute(
      'title',
      '2030-01-15 02:55:00 UTC',
    );
  });

  it('colours the headline by verdict, and counts warnings without calling the service not ready', async () => {
    await renderInTestApp(
      <>
        <ReadinessChecklist
          report={readinessReport({ checks: withChecks(warningEndpoints) })}
          now={now}
        />
        <ReadinessChecklist report={readinessReport()} now={now} />
        <ReadinessChecklist
          report={readinessReport({
            checks: withChecks(failingTargetHealth),
            action: 'failback',
            targetRegion: 'us-east-1',
          })}
          now={now}
        />
      </>,
    );
    const [warn, pass, fail] = screen.getAllByTestId('readiness-headline');
    // the text says the verdict: its icon is not read out as well
    expect(fail.textContent).toMatch(/^Not ready/);
    expect(warn).toHaveTextContent(
      'Ready to fail over to us-west-2: 5 of 6 checks pass, 1 warning',
    );
    expect(pass).toHaveTextContent(
      'Ready to fail over to us-west-2: 6 of 6 checks pass',
    );
    expect(fail).toHaveTextContent(
      'Not ready to fail back to us-east-1: 1 of 6 checks fail',
    );
    const colours = [warn, pass, fail].map(h => h.style.color);
    expect(colours.every(Boolean)).toBe(true);
    expect(new Set(colours).size).toBe(3);
  });

  it('can leave the headline out where it is already shown', async () => {
    await renderInTestApp(
      <ReadinessChecklist report={readinessReport()} headline={false} />,
    );
    expect(screen.queryByTestId('readiness-headline')).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(6);
  });
});

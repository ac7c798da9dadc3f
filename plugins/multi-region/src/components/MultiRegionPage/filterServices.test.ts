import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { ordersSummary } from '../../__fixtures__/services';
import {
  drillStatusOf,
  filterServices,
  matchesDrillFilter,
} from './filterServices';

const withDrill = (
  name: string,
  drill?: ServiceSummary['drill'],
): ServiceSummary => ({
  ...ordersSummary,
  entityRef: `component:default/${name}`,
  drill,
});

const running = withDrill('running', { running: true, overdue: false });
const passed = withDrill('passed', {
  running: false,
  lastAt: '2030-01-12T02:17:00.000Z',
  lastOutcome: 'passed',
  lastRtoMet: true,
  overdue: false,
});
const stale = withDrill('stale', { ...passed.drill!, overdue: true });
const failed = withDrill('failed', {
  running: false,
  lastAt: '2030-01-12T02:17:00.000Z',
  lastOutcome: 'outcome-failed',
  overdue: true,
});
const never = withDrill('never', { running: false, overdue: true });
const unknown = withDrill('unknown');

describe('drillStatusOf', () => {
  it('says the most pressing of running, failed, never, overdue and passed', () => {
    expect(
      [running, failed, never, stale, passed, unknown].map(drillStatusOf),
    ).toEqual(['running', 'failed', 'never', 'overdue', 'passed', 'never']);
  });
});

describe('the drill filter', () => {
  const all = [running, passed, stale, failed, never, unknown];
  const names = (filter: Parameters<typeof matchesDrillFilter>[1]) =>
    filterServices(all, { drill: filter }).map(s => s.entityRef.split('/')[1]);

  it('lists every service the backend counts as overdue under "overdue"', () => {
    expect(names('overdue')).toEqual(['failed', 'never', 'stale']);
  });

  it('lists the services of one column word under each other value', () => {
    expect(names('failed')).toEqual(['failed']);
    expect(names('passed')).toEqual(['passed']);
    expect(names('running')).toEqual(['running']);
    expect(names('never')).toEqual(['never', 'unknown']);
  });
});

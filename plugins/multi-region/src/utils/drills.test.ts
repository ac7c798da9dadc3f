import { drill, soakingDrill } from '../__fixtures__/drills';
import {
  describeTimings,
  drillPhaseStatuses,
  lastDrillText,
  rtoMetOf,
  rtoVerdictText,
} from './drills';

const now = new Date('2030-01-15T03:00:00.000Z');

describe('describeTimings', () => {
  it('says the switch and healthy times against the RTO', () => {
    expect(
      describeTimings({
        switchMs: 42_000,
        healthyMs: 30_000,
        rtoMinutes: 15,
        rtoMet: true,
      }),
    ).toBe('switched in 42 s, healthy in 30 s — RTO 15 min met');
    expect(
      describeTimings({ switchMs: 20 * 60_000, rtoMinutes: 15, rtoMet: false }),
    ).toBe('switched in 20 min — RTO 15 min missed');
  });

  it('falls back to the given RTO, and says when there is none or nothing was measured', () => {
    expect(describeTimings({ switchMs: 1_500 }, 10)).toBe(
      'switched in 1.5 s — RTO 10 min',
    );
    expect(describeTimings({ healthyMs: 800 })).toBe(
      'healthy in 800 ms — no RTO',
    );
    expect(describeTimings({})).toBe('not measured — no RTO');
  });

  it('has a data attribute and words for each RTO verdict', () => {
    expect([rtoMetOf(true), rtoMetOf(false), rtoMetOf(undefined)]).toEqual([
      'true',
      'false',
      'unknown',
    ]);
    expect(rtoVerdictText(undefined, true)).toBe('no RTO');
  });
});

describe('lastDrillText', () => {
  it('says when, how and how fast the last drill switched', () => {
    expect(lastDrillText(drill(), now)).toBe(
      'Last drill 3 days ago: passed, switched in 42 s (RTO 15 min, met)',
    );
    expect(
      lastDrillText(
        drill({
          outcome: 'outcome-failed',
          rtoMet: false,
          failoverTimings: { switchMs: 20 * 60_000 },
        }),
        now,
      ),
    ).toBe(
      'Last drill 3 days ago: failed: the outcome went bad during the soak, switched in 20 min (RTO 15 min, missed)',
    );
    expect(
      lastDrillText(
        drill({
          outcome: 'failover-failed',
          failoverTimings: undefined,
          rtoMinutes: undefined,
        }),
        now,
      ),
    ).toBe('Last drill 3 days ago: failover failed');
    expect(
      lastDrillText(
        drill({
          rtoMinutes: undefined,
          rtoMet: undefined,
          failoverTimings: { switchMs: 5_000 },
        }),
        now,
      ),
    ).toBe('Last drill 3 days ago: passed, switched in 5 s (no RTO)');
  });

  it('says "No drill yet" without one', () => {
    expect(lastDrillText(undefined)).toBe('No drill yet');
  });
});

describe('drillPhaseStatuses', () => {
  const phases = (d: Parameters<typeof drillPhaseStatuses>[0]) =>
    Object.values(drillPhaseStatuses(d));

  it('follows a drill through its phases', () => {
    expect(
      phases(soakingDrill({ state: 'failing-over', soakStartedAt: undefined })),
    ).toEqual(['running', 'pending', 'pending', 'pending']);
    expect(phases(soakingDrill())).toEqual([
      'done',
      'running',
      'pending',
      'pending',
    ]);
    expect(phases(soakingDrill({ state: 'failing-back' }))).toEqual([
      'done',
      'done',
      'running',
      'pending',
    ]);
    expect(phases(drill())).toEqual(['done', 'done', 'done', 'done']);
  });

  it('marks a soak cut short, a failover that failed and a failback that failed', () => {
    expect(
      phases(
        soakingDrill({
          state: 'failing-back',
          stop: { by: 'user:default/bob', at: '', reason: 'traffic spike' },
        }),
      ),
    ).toEqual(['done', 'cut-short', 'running', 'pending']);
    expect(phases(drill({ outcome: 'outcome-failed' }))).toEqual([
      'done',
      'cut-short',
      'done',
      'done',
    ]);
    expect(
      phases(
        drill({
          state: 'failed',
          outcome: 'failover-failed',
          soakStartedAt: undefined,
        }),
      ),
    ).toEqual(['failed', 'skipped', 'skipped', 'failed']);
    expect(
      phases(drill({ state: 'needs-attention', outcome: 'failback-failed' })),
    ).toEqual(['done', 'done', 'failed', 'failed']);
    expect(
      phases(
        drill({
          outcome: 'stopped',
          soakStartedAt: undefined,
        }),
      ),
    ).toEqual(['done', 'skipped', 'done', 'done']);
  });
});

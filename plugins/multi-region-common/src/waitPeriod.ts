/**
 * "the safety rule's wait period ends in N s": how the backend's plan and
 * refusals and the failover dialog's countdown say it, N in whole seconds
 * rounded up (never 0 while any of it is left).
 *
 * @public
 */
export function waitPeriodEndsIn(remainingMs: number): string {
  return `the safety rule's wait period ends in ${Math.max(
    1,
    Math.ceil(remainingMs / 1000),
  )} s`;
}

/**
 * `error.name` of a failover operation that ARC refused because a safety
 * rule's wait period had not ended (nothing changed; plan again once it has).
 *
 * @public
 */
export const SAFETY_RULE_WAIT_PERIOD_ERROR = 'SafetyRuleWaitPeriod';

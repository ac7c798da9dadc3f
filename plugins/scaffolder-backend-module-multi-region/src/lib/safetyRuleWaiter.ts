import {
  DescribeSafetyRuleCommand,
  DescribeSafetyRuleCommandInput,
  Route53RecoveryControlConfigClient,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  checkExceptions,
  createWaiter,
  WaiterConfiguration,
  WaiterResult,
  WaiterState,
} from '@aws-sdk/util-waiter';

/**
 * Reads the rule once: the acceptors of the SDK's control-panel and
 * routing-control waiters, applied to DescribeSafetyRule (DEPLOYED succeeds;
 * PENDING, an InternalServerException and anything else are polled again).
 */
async function checkState(
  client: Route53RecoveryControlConfigClient,
  input: DescribeSafetyRuleCommandInput,
): Promise<WaiterResult> {
  let reason;
  try {
    const result = await client.send(new DescribeSafetyRuleCommand(input));
    reason = result;
    const status = (result.AssertionRule ?? result.GatingRule)?.Status;
    if (status === 'DEPLOYED') return { state: WaiterState.SUCCESS, reason };
  } catch (error) {
    reason = error;
  }
  return { state: WaiterState.RETRY, reason };
}

/**
 * Waits until a safety rule is DEPLOYED: the waiter the SDK has for control
 * panels and routing controls (`waitUntilControlPanelCreated`) but not for
 * safety rules, on the same engine and with the same defaults (first read at
 * once, then pauses from 5 s growing to 120 s with jitter, until
 * `maxWaitTime`); throws a TimeoutError or AbortError like them.
 */
export async function waitUntilSafetyRuleCreated(
  params: WaiterConfiguration<Route53RecoveryControlConfigClient>,
  input: DescribeSafetyRuleCommandInput,
): Promise<WaiterResult> {
  const serviceDefaults = { minDelay: 5, maxDelay: 120 };
  const result = await createWaiter(
    { ...serviceDefaults, ...params },
    input,
    checkState,
  );
  return checkExceptions(result);
}

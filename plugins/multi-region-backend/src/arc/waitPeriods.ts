import {
  SAFETY_RULE_WAIT_PERIOD_ERROR,
  SafetyRuleWaitPeriod,
  waitPeriodEndsIn,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  ArcCallError,
  ArcSafetyRule,
} from '@multi-region-failover/plugin-multi-region-node';

/** `error.name` of an operation ARC refused because a safety rule's wait period had not ended. */
export const WAIT_PERIOD_ERROR = SAFETY_RULE_WAIT_PERIOD_ERROR;

/** What a running wait period counts from: the last change of the controls the portal knows of. */
export interface WaitPeriodStart {
  /** Epoch ms of the portal's write (its answer), or of ARC's refusal. */
  at: number;
  basis: SafetyRuleWaitPeriod['basis'];
  /** The routing controls that write set (or that the refused change would have). */
  controls: string[];
  /** The rule ARC named in its refusal, when it named one. */
  ruleArn?: string;
  /** How long ARC said the wait period still ran when it refused, when it said so. */
  remainingMs?: number;
}

/** The controls a rule's wait period guards: those whose changes it evaluates. */
function guarded(rule: ArcSafetyRule): string[] {
  return rule.type === 'assertion'
    ? rule.assertedControls ?? []
    : rule.targetControls ?? [];
}

/**
 * The wait period a change of `changing` would run into, or undefined: each
 * rule with a WaitPeriodMs that guards one of `changing` and one of the
 * controls changed at `start` refuses changes until `start.at` plus its wait
 * period (after an ARC refusal, only the rule ARC named, when it named one we
 * know, and for as long as ARC said was left, when it said). Counting from the portal's own recorded time (taken after ARC
 * answered) or from the refusal can only end later than ARC's own clock, so
 * a change allowed by this is not refused by ARC for the same reason.
 * `overridden` rules are skipped, as ARC skips them.
 */
export function runningWaitPeriod(
  rules: ArcSafetyRule[],
  changing: string[],
  start: WaitPeriodStart | undefined,
  now: number,
  overridden: ReadonlySet<string> = new Set(),
): SafetyRuleWaitPeriod | undefined {
  if (!start) return undefined;
  const changed = new Set(start.controls);
  let candidates = rules.filter(
    rule =>
      (rule.waitPeriodMs ?? 0) > 0 &&
      !overridden.has(rule.arn) &&
      guarded(rule).some(arn => changing.includes(arn)) &&
      guarded(rule).some(arn => changed.has(arn)),
  );
  if (start.ruleArn && candidates.some(r => r.arn === start.ruleArn)) {
    candidates = candidates.filter(r => r.arn === start.ruleArn);
  }
  const endOf = (rule: ArcSafetyRule) =>
    start.at + (start.remainingMs ?? rule.waitPeriodMs!);
  const running = candidates.filter(r => endOf(r) > now);
  if (running.length === 0) return undefined;
  const endsAt = Math.max(...running.map(endOf));
  const names = running.map(r => `"${r.name}"`).join(', ');
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const periods = [...new Set(running.map(r => seconds(r.waitPeriodMs!)))];
  const since = new Date(start.at).toISOString();
  const origin =
    start.basis === 'portal-change'
      ? `the portal changed these routing controls at ${since}`
      : `ARC refused a change of them for this reason at ${since} (the change before was made outside this portal, or just before)`;
  const ends = waitPeriodEndsIn(endsAt - now);
  const explanation = `Safety rule${
    running.length > 1 ? 's' : ''
  } ${names} refuse${running.length > 1 ? '' : 's'} changes of ${
    running.length > 1 ? 'their' : 'its'
  } routing controls for ${periods.join(
    ' / ',
  )} after each change, and ${origin}.`;
  return {
    endsAt: new Date(endsAt).toISOString(),
    remainingSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)),
    message: `${ends[0].toUpperCase()}${ends.slice(
      1,
    )}. ${explanation} Plan again once it has ended.`,
    explanation,
    rules: running.map(r => ({
      arn: r.arn,
      name: r.name,
      waitPeriodMs: r.waitPeriodMs!,
    })),
    basis: start.basis,
    since,
  };
}

/**
 * Whether a failed UpdateRoutingControlStates is ARC refusing the change
 * because a safety rule's wait period has not ended (a conflict that names
 * the wait period), and the rule it names, if any.
 */
export function waitPeriodRefusal(
  error: unknown,
): { ruleArn?: string; remainingMs?: number } | undefined {
  if (!(error instanceof ArcCallError) || error.kind !== 'conflict') {
    return undefined;
  }
  const sdk = error.sdkError as
    | { message?: string; resourceId?: string; resourceType?: string }
    | undefined;
  const text = `${sdk?.message ?? ''} ${error.message}`;
  if (!/wait[ -]?period/i.test(text)) return undefined;
  const named =
    sdk?.resourceId && /:safetyrule\//.test(sdk.resourceId)
      ? sdk.resourceId
      : /arn:aws[\w-]*:route53-recovery-control::\d{12}:controlpanel\/[\w-]+\/safetyrule\/[\w-]+/.exec(
          text,
        )?.[0];
  // "... ends in 3 s (2500 ms)" when ARC says how long is left
  const ms = /ends in[^(.]*\((\d+) ?ms\)/i.exec(text)?.[1];
  const s = /ends in (\d+(?:\.\d+)?) ?s\b/i.exec(text)?.[1];
  let remainingMs: number | undefined;
  if (ms) remainingMs = Number(ms);
  else if (s) remainingMs = Number(s) * 1000;
  return { ruleArn: named, remainingMs };
}

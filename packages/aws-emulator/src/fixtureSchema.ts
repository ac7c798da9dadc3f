/**
 * The fixture format (YAML, camelCase), once: a zod schema that checks a
 * fixture and from which its types are inferred. What a schema cannot say
 * (unique ARNs, references between entries) is checked in fixture.ts.
 */
import { z } from 'zod';
import {
  AWS_REGION_CODE,
  CLUSTER_ARN,
  CONTROL_PANEL_ARN,
  ROUTING_CONTROL_ARN,
  SAFETY_RULE_ARN,
} from './arns';

/** Optional; null (an empty YAML value) counts as absent. */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess(
    value => (value === null ? undefined : value),
    schema.optional(),
  );
}

const text = z.string().min(1, 'must be a non-empty string');

/** Text; a YAML number (`setIdentifier: 1`) is taken as written. */
const textOrNumber = z.preprocess(
  value => (typeof value === 'number' ? String(value) : value),
  text,
);

const count = z.number().int().nonnegative();

const tags = optional(z.record(z.string()));

function arnOf(kind: RegExp, what: string) {
  return text.refine(
    arn => arn.length <= 255 && kind.test(arn),
    arn => ({ message: `is not a valid ${what} ARN: ${arn}` }),
  );
}

/**
 * The members naming an ARC resource (panel, control, rule): its full ARN,
 * or an id appended to the ARN of what holds it (the panel, or for a panel
 * the cluster's account). One of the two is required; see {@link arnOrId}.
 */
function arcResource(kind: RegExp, what: string) {
  return {
    name: text,
    arn: optional(arnOf(kind, what)),
    id: optional(
      text.regex(/^[A-Za-z0-9]+$/, 'must be letters and digits only'),
    ),
  };
}

/** Reports a problem of the value being refined, or of its member `key`. */
function report(ctx: z.RefinementCtx, message: string, key?: string): void {
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message,
    path: key === undefined ? [] : [key],
  });
}

function arnOrId(
  item: { arn?: string; id?: string },
  ctx: z.RefinementCtx,
): void {
  if (item.arn === undefined && item.id === undefined)
    report(ctx, 'needs an arn or an id');
}

const routingControl = z
  .object({
    ...arcResource(ROUTING_CONTROL_ARN, 'routing control'),
    /** Initial state. Default `Off` (as on AWS). */
    state: optional(z.enum(['On', 'Off'])),
  })
  .superRefine(arnOrId);

/** Names or ARNs of controls of the rule's own panel. */
const controlRefs = optional(z.array(text));

const safetyRule = z
  .object({
    type: z.enum(['assertion', 'gating']),
    ...arcResource(SAFETY_RULE_ARN, 'safety rule'),
    /** Assertion rules: the asserted controls. */
    assertedControls: controlRefs,
    /** Gating rules. */
    gatingControls: controlRefs,
    targetControls: controlRefs,
    ruleConfig: z.object({
      type: z.enum(['ATLEAST', 'AND', 'OR']),
      /** Default 1. */
      threshold: optional(count),
      /** Default false. */
      inverted: optional(z.boolean()),
    }),
    /** Default 0. */
    waitPeriodMs: optional(count),
    tags,
  })
  .superRefine((rule, ctx) => {
    arnOrId(rule, ctx);
    if (rule.type === 'assertion' && !rule.assertedControls?.length) {
      report(ctx, 'must name at least one control', 'assertedControls');
    }
    if (
      rule.type === 'gating' &&
      (!rule.gatingControls?.length || !rule.targetControls?.length)
    ) {
      report(ctx, 'needs gatingControls and targetControls');
    }
  });

const controlPanel = z
  .object({
    ...arcResource(CONTROL_PANEL_ARN, 'control panel'),
    tags,
    routingControls: optional(z.array(routingControl)),
    safetyRules: optional(z.array(safetyRule)),
  })
  .superRefine(arnOrId);

const record = z
  .object({
    name: text,
    type: text,
    setIdentifier: optional(textOrNumber),
    failover: optional(z.enum(['PRIMARY', 'SECONDARY'])),
    weight: optional(count),
    region: optional(text),
    ttl: optional(count),
    /** The record's values; or `aliasTarget`. */
    values: optional(z.array(textOrNumber)),
    aliasTarget: optional(
      z.object({
        hostedZoneId: text,
        dnsName: text,
        /** Default false. */
        evaluateTargetHealth: optional(z.boolean()),
      }),
    ),
    healthCheckId: optional(text),
  })
  .superRefine((r, ctx) => {
    if (r.failover !== undefined && r.setIdentifier === undefined) {
      report(ctx, 'has failover but no setIdentifier');
    }
    if ((r.values === undefined) === (r.aliasTarget === undefined)) {
      report(ctx, 'needs exactly one of values or aliasTarget');
    }
  });

/** A 12-digit AWS account id; unquoted in YAML it is a number, taken as written. */
const accountId = z.preprocess(
  value => (typeof value === 'number' ? String(value) : value),
  z.string().refine(
    id => /^\d{12}$/.test(id),
    id => ({
      message: `must be a 12-digit AWS account id (quoted if it starts with 0), got '${id}'`,
    }),
  ),
);

const account = z.object({
  accountId,
  accessKeyId: text,
  secretAccessKey: text,
});

const hostedZone = z.object({
  /** With or without the `/hostedzone/` prefix. */
  id: text,
  /** The owning account, one of `accounts`. Default: the cluster's account. */
  accountId: optional(accountId),
  name: text,
  comment: optional(z.string()),
  /** Default false. */
  privateZone: optional(z.boolean()),
  /** Default: the id. */
  callerReference: optional(text),
  records: optional(z.array(record)),
});

const healthCheck = z
  .object({
    id: text,
    /** The owning account, one of `accounts`. Default: the cluster's account. */
    accountId: optional(accountId),
    /** Default: the id. */
    callerReference: optional(text),
    /** Any Route 53 type; only RECOVERY_CONTROL is derived from ARC. */
    type: text,
    routingControlArn: optional(arnOf(ROUTING_CONTROL_ARN, 'routing control')),
    inverted: optional(z.boolean()),
    disabled: optional(z.boolean()),
    fqdn: optional(text),
    port: optional(z.number().int().min(1).max(65535)),
    resourcePath: optional(text),
    /** For non-RECOVERY_CONTROL types: what status to report. Default true. */
    healthy: optional(z.boolean()),
  })
  .superRefine((hc, ctx) => {
    if (hc.type === 'RECOVERY_CONTROL' && hc.routingControlArn === undefined) {
      report(
        ctx,
        'is required for a RECOVERY_CONTROL health check',
        'routingControlArn',
      );
    }
  });

/** CloudWatch's alarm states (the `StateValue` enum). */
export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/**
 * A CloudWatch alarm of one account and region, in a fixture or in the admin
 * API's `POST /alarms`: the same rules for both. Lengths are the model's.
 */
export const alarmSchema = z.object({
  region: text.refine(
    region => AWS_REGION_CODE.test(region),
    region => ({
      message: `must be an AWS region code such as us-east-1, got '${region}'`,
    }),
  ),
  name: text
    .max(255, 'must be at most 255 characters')
    .refine(
      name =>
        ![...name].some(c => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
      { message: 'must not contain control characters' },
    ),
  state: z.enum(ALARM_STATES),
  /** Default: says who set the state. */
  reason: optional(z.string().max(1023, 'must be at most 1023 characters')),
  /** The owning account, one of `accounts`. Default: the cluster's account. */
  accountId: optional(accountId),
  metricName: optional(text.max(255, 'must be at most 255 characters')),
  namespace: optional(text.max(255, 'must be at most 255 characters')),
});

/**
 * The fixture the emulator is seeded from: one schema validates fixtures and
 * gives their types.
 *
 * @public
 */
export const fixtureSchema = z.object({
  cluster: z.object({
    name: text,
    arn: arnOf(CLUSTER_ARN, 'cluster'),
    /** Region labels of the five endpoints, in order. Default us-east-1, us-west-2, eu-west-1, ap-northeast-1, ap-southeast-2. */
    regions: optional(
      z
        .array(text)
        .length(5, 'must list exactly five regions (one per cluster endpoint)'),
    ),
    tags,
  }),
  /**
   * The access keys that may sign requests, with their accounts. Default: one
   * account, the cluster's, with the key of EMULATOR_CREDENTIALS. The
   * cluster's account must be one of them.
   */
  accounts: optional(z.array(account).min(1, 'must list at least one account')),
  controlPanels: optional(z.array(controlPanel)),
  hostedZones: optional(z.array(hostedZone)),
  healthChecks: optional(z.array(healthCheck)),
  /** CloudWatch alarms, each in one account and region. */
  alarms: optional(z.array(alarmSchema)),
});

/** The fixture the emulator is seeded from. @public */
export type EmulatorFixture = z.infer<typeof fixtureSchema>;

/** A control panel in a fixture. @public */
export type FixtureControlPanel = NonNullable<
  EmulatorFixture['controlPanels']
>[number];

/** A routing control in a fixture. @public */
export type FixtureRoutingControl = NonNullable<
  FixtureControlPanel['routingControls']
>[number];

/** A safety rule in a fixture; controls are ARNs or names of controls in the same panel. @public */
export type FixtureSafetyRule = NonNullable<
  FixtureControlPanel['safetyRules']
>[number];

/** A hosted zone in a fixture. @public */
export type FixtureHostedZone = NonNullable<
  EmulatorFixture['hostedZones']
>[number];

/** A record set in a fixture. @public */
export type FixtureRecord = NonNullable<FixtureHostedZone['records']>[number];

/** An account with its access key in a fixture. @public */
export type FixtureAccount = NonNullable<EmulatorFixture['accounts']>[number];

/** A health check in a fixture. @public */
export type FixtureHealthCheck = NonNullable<
  EmulatorFixture['healthChecks']
>[number];

/** A CloudWatch alarm in a fixture (or a `POST /alarms` body of the admin API). @public */
export type FixtureAlarm = NonNullable<EmulatorFixture['alarms']>[number];

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

function shown(value: unknown): string {
  const json = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function alternatives(options: readonly unknown[]): string {
  const names = options.map(String);
  return names.length === 1
    ? names[0]
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Messages in the fixture's words: what is expected, and what was found. */
export const fixtureErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return {
        message:
          issue.received === 'undefined'
            ? 'is required'
            : `must be ${
                TYPE_NAMES[issue.expected] ?? issue.expected
              }, got ${shown(ctx.data)}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `must be ${alternatives(
          issue.options,
        )} (case-sensitive), got ${shown(issue.received)}`,
      };
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      const bound =
        issue.code === z.ZodIssueCode.too_small
          ? `at least ${issue.minimum}`
          : `at most ${issue.maximum}`;
      return {
        message: `must ${issue.type === 'array' ? 'list' : 'be'} ${bound}`,
      };
    }
    default:
      return { message: ctx.defaultError };
  }
};

/** `controlPanels[1].routingControls[0].state`; keys that are not identifiers in brackets. */
export function pathText(path: Array<string | number>): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) result += result ? `.${key}` : key;
    else result += `[${JSON.stringify(key)}]`;
  }
  return result || '(root)';
}

/**
 * The conformance suite's own fixture: two accounts, panels whose safety
 * rules have a wait period or none, health checks, and a zone whose record
 * names contain `-` and `*` (the names whose order Route 53 documents).
 */
import type { EmulatorFixture } from '../../fixtureSchema';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

/** Keys of the two accounts; the first is the emulator's default credentials. */
export const KEYS = {
  main: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' },
  other: {
    accessKeyId: 'AKIDCONFORMANCEOTHER',
    secretAccessKey: 'conformance-other-secret',
  },
};

const ARC = `arn:aws:route53-recovery-control::${ACCOUNT}`;
export const CLUSTER = `${ARC}:cluster/c0f0c0f0-1111-4222-8333-000000000001`;

/** A panel with a 0 ms rule: changes are free to repeat. */
export const PANEL = `${ARC}:controlpanel/c0f00000000000000000000000000001`;
export const PRIMARY = `${PANEL}/routingcontrol/c0f0000000000001`;
export const SECONDARY = `${PANEL}/routingcontrol/c0f0000000000002`;
export const RULE = `${PANEL}/safetyrule/c0f0000000000003`;

/** A panel whose assertion rule waits 5 s (AWS's documented default) after a change. */
export const WAIT_PANEL = `${ARC}:controlpanel/c0f00000000000000000000000000002`;
export const WAIT_PRIMARY = `${WAIT_PANEL}/routingcontrol/c0f0000000000011`;
export const WAIT_SECONDARY = `${WAIT_PANEL}/routingcontrol/c0f0000000000012`;
export const WAIT_RULE = `${WAIT_PANEL}/safetyrule/c0f0000000000013`;
export const WAIT_PERIOD_MS = 5000;

export const ZONE = 'Z0CONFORMANCE1';
export const OTHER_ZONE = 'Z0CONFORMANCE2';
export const HC_PRIMARY = 'c0f0c0f0-0000-4000-8000-000000000001';
export const HC_SECONDARY = 'c0f0c0f0-0000-4000-8000-000000000002';
export const HC_OTHER = 'c0f0c0f0-0000-4000-8000-000000000003';

/**
 * The ordering names of {@link ZONE}, in the order Route 53 lists them: the
 * labels reversed with the trailing dot, compared as ASCII (`*` is 42, `-` 45,
 * `.` 46), and `*` returned as the escape `\052` (API reference,
 * ListResourceRecordSets; Developer Guide, "DNS domain name format").
 */
export const ORDERED_NAMES = [
  'example.com.',
  '\\052.example.com.',
  'a-b.example.com.',
  'a.example.com.',
  '\\052.a.example.com.',
  'b.a.example.com.',
  'ab.example.com.',
  'checkout.example.com.',
];

/**
 * CloudWatch alarms of the main account in us-east-1, listed out of order:
 * CloudWatch lists them by name. The same name lives on in us-west-2 in
 * another state, and the other account has one of its own.
 */
export const ALARMS_USE1 = [
  { name: 'checkout-5xx', state: 'OK', reason: 'Threshold not crossed' },
  { name: 'checkout-latency', state: 'ALARM', reason: 'Threshold crossed' },
  { name: 'checkout-capacity', state: 'INSUFFICIENT_DATA' },
  { name: 'batch-a', state: 'OK' },
  { name: 'batch-b', state: 'OK' },
  { name: 'batch-c', state: 'ALARM' },
] as const;
export const ALARM_NAMES_USE1 = ALARMS_USE1.map(a => a.name).sort();

const simple = (name: string, value: string) => ({
  name,
  type: 'A',
  ttl: 300,
  values: [value],
});

export const CONFORMANCE_FIXTURE = {
  accounts: [
    { accountId: ACCOUNT, ...KEYS.main },
    { accountId: OTHER_ACCOUNT, ...KEYS.other },
  ],
  cluster: { name: 'conformance-cluster', arn: CLUSTER },
  controlPanels: [
    {
      name: 'checkout-panel',
      arn: PANEL,
      tags: { team: 'checkout' },
      routingControls: [
        { name: 'checkout-primary', arn: PRIMARY, state: 'On' },
        { name: 'checkout-secondary', arn: SECONDARY, state: 'Off' },
      ],
      safetyRules: [
        {
          type: 'assertion',
          name: 'checkout-at-least-one-on',
          arn: RULE,
          assertedControls: [PRIMARY, SECONDARY],
          ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
          waitPeriodMs: 0,
        },
      ],
    },
    {
      name: 'wait-panel',
      arn: WAIT_PANEL,
      routingControls: [
        { name: 'wait-primary', arn: WAIT_PRIMARY, state: 'On' },
        { name: 'wait-secondary', arn: WAIT_SECONDARY, state: 'Off' },
      ],
      safetyRules: [
        {
          type: 'assertion',
          name: 'wait-at-least-one-on',
          arn: WAIT_RULE,
          assertedControls: [WAIT_PRIMARY, WAIT_SECONDARY],
          ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
          waitPeriodMs: WAIT_PERIOD_MS,
        },
      ],
    },
  ],
  healthChecks: [
    {
      id: HC_PRIMARY,
      callerReference: 'checkout-primary',
      type: 'RECOVERY_CONTROL',
      routingControlArn: PRIMARY,
    },
    {
      id: HC_SECONDARY,
      callerReference: 'checkout-secondary',
      type: 'RECOVERY_CONTROL',
      routingControlArn: SECONDARY,
    },
    {
      id: HC_OTHER,
      callerReference: 'other-account-check',
      type: 'HTTP',
      fqdn: 'other.example.net',
      port: 80,
      resourcePath: '/',
      accountId: OTHER_ACCOUNT,
    },
  ],
  hostedZones: [
    {
      id: ZONE,
      name: 'example.com.',
      comment: 'conformance zone',
      // Listed out of order on purpose: the emulator must sort them.
      records: [
        simple('ab.example.com.', '192.0.2.6'),
        simple('b.a.example.com.', '192.0.2.5'),
        simple('a.example.com.', '192.0.2.3'),
        simple('*.a.example.com.', '192.0.2.4'),
        simple('a-b.example.com.', '192.0.2.2'),
        simple('*.example.com.', '192.0.2.1'),
        simple('example.com.', '192.0.2.0'),
        {
          name: 'checkout.example.com.',
          type: 'A',
          setIdentifier: 'primary',
          failover: 'PRIMARY',
          ttl: 60,
          values: ['192.0.2.10'],
          healthCheckId: HC_PRIMARY,
        },
        {
          name: 'checkout.example.com.',
          type: 'A',
          setIdentifier: 'secondary',
          failover: 'SECONDARY',
          ttl: 60,
          values: ['192.0.2.11'],
          healthCheckId: HC_SECONDARY,
        },
      ],
    },
    {
      id: OTHER_ZONE,
      name: 'other.example.net.',
      accountId: OTHER_ACCOUNT,
      records: [simple('www.other.example.net.', '198.51.100.1')],
    },
  ],
  alarms: [
    ...ALARMS_USE1.map(a => ({ region: 'us-east-1', ...a })),
    {
      region: 'us-west-2',
      name: 'checkout-5xx',
      state: 'ALARM',
      reason: 'Threshold crossed in us-west-2',
      metricName: 'HTTPCode_Target_5XX_Count',
      namespace: 'AWS/ApplicationELB',
    },
    {
      region: 'us-east-1',
      name: 'other-account-5xx',
      state: 'ALARM',
      accountId: OTHER_ACCOUNT,
    },
  ],
} as EmulatorFixture;

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountsOf, loadFixture } from './fixture';
import { fixtureToSnapshot } from './fixtureSnapshot';
import { EXAMPLE_FIXTURE } from './__testUtils__/clients';
import { EmulatorFixture } from './fixtureSchema';

/** A fresh copy of the example fixture, to break. */
const example = (): EmulatorFixture =>
  JSON.parse(JSON.stringify(loadFixture(EXAMPLE_FIXTURE)));

const PANEL_0 =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PANEL_B =
  'arn:aws:route53-recovery-control::444455556666:controlpanel/bbbb0000bbbb0000';
const ACCOUNT_A = {
  accountId: '111122223333',
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
};
const ACCOUNT_B = {
  accountId: '444455556666',
  accessKeyId: 'AKIDACCOUNTB',
  secretAccessKey: 'secret-b',
};

describe('loadFixture', () => {
  it('loads the dev portal fixture: three apps, each with a tagged panel, a pair, a rule, records and checks', () => {
    const snapshot = fixtureToSnapshot(loadFixture(EXAMPLE_FIXTURE));
    expect(snapshot.cluster).toMatchObject({
      Name: 'shared-arc',
      Owner: '111122223333',
    });
    expect(
      snapshot.controlPanels.map(p => [
        p.Name,
        p.Tags['backstage.io/entity-ref'],
      ]),
    ).toEqual([
      ['external-api-panel', 'component:default/external-api'],
      ['orders-panel', 'component:default/orders'],
      ['payments-panel', 'component:default/payments'],
    ]);
    expect(snapshot.routingControls.map(c => `${c.Name}=${c.State}`)).toEqual([
      'external-api-primary-rc=On',
      'external-api-secondary-rc=Off',
      'orders-primary-rc=On',
      'orders-secondary-rc=Off',
      'payments-primary-rc=On',
      'payments-secondary-rc=Off',
    ]);
    expect(snapshot.safetyRules.map(r => r.SafetyRuleArn.slice(-16))).toEqual([
      'a0a0a0a0a0a0a0a1',
      'a0a0a0a0a0a0a0a2',
      'a0a0a0a0a0a0a0a3',
    ]);
    // Every failover record's health check watches the control of the same role in the same app.
    const [zone] = snapshot.hostedZones;
    for (const record of zone.ResourceRecordSets) {
      const check = snapshot.healthChecks.find(
        hc => hc.Id === record.HealthCheckId,
      )!;
      const control = snapshot.routingControls.find(
        c => c.RoutingControlArn === check.HealthCheckConfig.RoutingControlArn,
      )!;
      const app = record.Name.startsWith('api.')
        ? 'external-api'
        : record.Name.split('.')[0];
      expect(control.Name).toBe(
        `${app}-${record.Failover === 'PRIMARY' ? 'primary' : 'secondary'}-rc`,
      );
      expect(record.SetIdentifier).toBe(
        record.Failover === 'PRIMARY' ? '1' : '2',
      );
    }
    expect(zone.ResourceRecordSets).toHaveLength(6);
    // The alarms the services' annotations name, each in its own region.
    expect(
      snapshot.alarms.map(a => [a.Region, a.AlarmName, a.StateValue]),
    ).toEqual([
      ['us-east-1', 'orders-5xx-use1', 'OK'],
      ['us-west-2', 'orders-5xx-usw2', 'OK'],
      ['eu-west-1', 'payments-5xx-euw1', 'OK'],
      ['eu-central-1', 'payments-5xx-euc1', 'OK'],
    ]);
  });

  it("takes an alarm's account and reason, or the cluster's account and a reason saying who set it; the same name may live in two regions", () => {
    const fixture = example();
    fixture.accounts = [ACCOUNT_A, ACCOUNT_B];
    fixture.alarms = [
      { region: 'us-east-1', name: 'a', state: 'ALARM' },
      {
        region: 'us-west-2',
        name: 'a',
        state: 'INSUFFICIENT_DATA',
        reason: 'no data',
        accountId: ACCOUNT_B.accountId,
      },
    ];
    expect(fixtureToSnapshot(loadFixture(fixture)).alarms).toEqual([
      {
        AccountId: '111122223333',
        Region: 'us-east-1',
        AlarmName: 'a',
        StateValue: 'ALARM',
        StateReason: 'State set to ALARM in the emulator',
      },
      {
        AccountId: '444455556666',
        Region: 'us-west-2',
        AlarmName: 'a',
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'no data',
      },
    ]);
  });

  it('builds ARNs from ids, resolves rule controls by name and applies the defaults', () => {
    const snapshot = fixtureToSnapshot(
      loadFixture({
        cluster: {
          name: 'c',
          arn: 'arn:aws:route53-recovery-control::111122223333:cluster/abc-1',
        },
        controlPanels: [
          {
            name: 'p',
            id: 'aa11',
            routingControls: [{ name: 'one', id: 'bb22' }],
            safetyRules: [
              {
                type: 'gating',
                name: 'r',
                id: 'cc33',
                gatingControls: ['one'],
                targetControls: ['one'],
                ruleConfig: { type: 'OR' },
              },
            ],
          },
        ],
      }),
    );
    const panel =
      'arn:aws:route53-recovery-control::111122223333:controlpanel/aa11';
    expect(snapshot.routingControls).toEqual([
      {
        RoutingControlArn: `${panel}/routingcontrol/bb22`,
        Name: 'one',
        ControlPanelArn: panel,
        Owner: '111122223333',
        State: 'Off',
      },
    ]);
    expect(snapshot.safetyRules[0]).toMatchObject({
      SafetyRuleArn: `${panel}/safetyrule/cc33`,
      Kind: 'GATING',
      GatingControls: [`${panel}/routingcontrol/bb22`],
      RuleConfig: { Type: 'OR', Threshold: 1, Inverted: false },
      WaitPeriodMs: 0,
      Tags: {},
    });
  });

  it("defaults to one account, the cluster's, signing with EMULATOR_CREDENTIALS; zones and checks belong to it", () => {
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    expect(accountsOf(fixture)).toEqual([ACCOUNT_A]);
    const snapshot = fixtureToSnapshot(fixture);
    expect(snapshot.hostedZones.map(z => z.AccountId)).toEqual([
      '111122223333',
    ]);
    expect(new Set(snapshot.healthChecks.map(h => h.AccountId))).toEqual(
      new Set(['111122223333']),
    );
  });

  it('takes the accounts listed, the first being the default, and zones and checks of any of them', () => {
    const fixture = example();
    fixture.accounts = [
      ACCOUNT_A,
      { ...ACCOUNT_B, accountId: 444455556666 as any },
    ];
    fixture.hostedZones![0].accountId = '444455556666';
    fixture.healthChecks![1].accountId = '444455556666';
    fixture.controlPanels!.push({ name: 'b', arn: PANEL_B });
    const loaded = loadFixture(fixture);
    expect(accountsOf(loaded)).toEqual([ACCOUNT_A, ACCOUNT_B]);
    const snapshot = fixtureToSnapshot(loaded);
    expect(snapshot.hostedZones[0].AccountId).toBe('444455556666');
    expect(snapshot.healthChecks.map(h => h.AccountId)).toEqual([
      '111122223333',
      '444455556666',
      '111122223333',
      '111122223333',
      '111122223333',
      '111122223333',
    ]);
    expect(snapshot.controlPanels[3].Owner).toBe('444455556666');
  });

  it.each<[string, (f: EmulatorFixture) => void, string]>([
    // What the schema checks.
    [
      'a missing member',
      f => delete (f.cluster as any).name,
      'cluster.name is required',
    ],
    [
      'an empty name',
      f => (f.controlPanels![1].name = ''),
      'controlPanels[1].name must be a non-empty string',
    ],
    [
      'a member of the wrong type',
      f => ((f.controlPanels![0].safetyRules![0] as any).waitPeriodMs = '0'),
      "controlPanels[0].safetyRules[0].waitPeriodMs must be a number, got '0'",
    ],
    [
      'a fractional threshold',
      f => (f.controlPanels![0].safetyRules![0].ruleConfig.threshold = 1.5),
      'controlPanels[0].safetyRules[0].ruleConfig.threshold must be a whole number, got 1.5',
    ],
    [
      'a negative wait period',
      f => (f.controlPanels![0].safetyRules![0].waitPeriodMs = -1),
      'controlPanels[0].safetyRules[0].waitPeriodMs must be at least 0',
    ],
    [
      'a lower-case state',
      f => ((f.controlPanels![0].routingControls![0] as any).state = 'on'),
      "controlPanels[0].routingControls[0].state must be On or Off (case-sensitive), got 'on'",
    ],
    [
      'an unknown rule type',
      f => ((f.controlPanels![0].safetyRules![0] as any).type = 'ASSERTION'),
      "controlPanels[0].safetyRules[0].type must be assertion or gating (case-sensitive), got 'ASSERTION'",
    ],
    [
      'an unknown rule config type',
      f =>
        ((f.controlPanels![0].safetyRules![0].ruleConfig as any).type = 'ANY'),
      "controlPanels[0].safetyRules[0].ruleConfig.type must be ATLEAST, AND or OR (case-sensitive), got 'ANY'",
    ],
    [
      'an ARN of the wrong kind',
      f => (f.controlPanels![0].arn = `${PANEL_0}/routingcontrol/1a2b`),
      `controlPanels[0].arn is not a valid control panel ARN: ${PANEL_0}/routingcontrol/1a2b`,
    ],
    [
      'an id that cannot end an ARN',
      f => {
        delete f.controlPanels![0].routingControls![0].arn;
        f.controlPanels![0].routingControls![0].id = 'not/hex';
      },
      'controlPanels[0].routingControls[0].id must be letters and digits only',
    ],
    [
      'neither an arn nor an id',
      f => delete f.controlPanels![0].routingControls![1].arn,
      'controlPanels[0].routingControls[1] needs an arn or an id',
    ],
    [
      'a tag that is not a string',
      f => ((f.controlPanels![0].tags as any)['backstage.io/entity-ref'] = 5),
      'controlPanels[0].tags["backstage.io/entity-ref"] must be a string, got 5',
    ],
    [
      'tags that are not a map',
      f => ((f.cluster as any).tags = ['team']),
      `cluster.tags must be a map, got ["team"]`,
    ],
    [
      'a list that is not a list',
      f => ((f as any).healthChecks = 'none'),
      "healthChecks must be a list, got 'none'",
    ],
    [
      'four regions',
      f => (f.cluster.regions = f.cluster.regions!.slice(1)),
      'cluster.regions must list exactly five regions (one per cluster endpoint)',
    ],
    [
      'an assertion rule without controls',
      f => (f.controlPanels![2].safetyRules![0].assertedControls = []),
      'controlPanels[2].safetyRules[0].assertedControls must name at least one control',
    ],
    [
      'a gating rule without target controls',
      f => {
        const rule = f.controlPanels![0].safetyRules![0];
        rule.type = 'gating';
        rule.gatingControls = rule.assertedControls;
      },
      'controlPanels[0].safetyRules[0] needs gatingControls and targetControls',
    ],
    [
      'a failover record without a set identifier',
      f => delete f.hostedZones![0].records![3].setIdentifier,
      'hostedZones[0].records[3] has failover but no setIdentifier',
    ],
    [
      'a record with values and an alias target',
      f => (f.hostedZones![0].records![0].values = ['192.0.2.1']),
      'hostedZones[0].records[0] needs exactly one of values or aliasTarget',
    ],
    [
      'a RECOVERY_CONTROL health check without a routing control',
      f => delete f.healthChecks![4].routingControlArn,
      'healthChecks[4].routingControlArn is required for a RECOVERY_CONTROL health check',
    ],
    // What is checked after the schema.
    [
      'a duplicate ARN',
      f =>
        f.controlPanels!.push({
          ...f.controlPanels![0],
          routingControls: [],
          safetyRules: [],
        }),
      `controlPanels[3] repeats ${PANEL_0}`,
    ],
    [
      'a duplicate health check id',
      f => f.healthChecks!.push({ ...f.healthChecks![0] }),
      'healthChecks[6] repeats health check 1e0f7a10-0000-4000-8000-000000000001',
    ],
    [
      'a routing control outside its panel',
      f =>
        f.controlPanels![0].routingControls!.push({
          name: 'elsewhere',
          arn: `${f.controlPanels![1].arn}/routingcontrol/ffff`,
        }),
      `controlPanels[0].routingControls[2] is not inside its panel ${PANEL_0}`,
    ],
    [
      'a rule naming an unknown control',
      f => (f.controlPanels![0].safetyRules![0].assertedControls = ['nope']),
      'controlPanels[0].safetyRules[0].assertedControls[0] names no routing control of panel external-api-panel: nope',
    ],
    [
      'a rule naming a control of another panel',
      f =>
        (f.controlPanels![0].safetyRules![0].assertedControls = [
          'orders-primary-rc',
        ]),
      'controlPanels[0].safetyRules[0].assertedControls[0] names no routing control of panel external-api-panel: orders-primary-rc',
    ],
    [
      'a rule naming a control by an ambiguous name',
      f => {
        f.controlPanels![0].routingControls![1].name =
          'external-api-primary-rc';
        f.controlPanels![0].safetyRules![0].assertedControls = [
          'external-api-primary-rc',
        ];
      },
      'controlPanels[0].safetyRules[0].assertedControls[0] is ambiguous: 2 routing controls of panel external-api-panel are named external-api-primary-rc',
    ],
    [
      'a record outside its zone',
      f => (f.hostedZones![0].records![0].name = 'api.example.org.'),
      'hostedZones[0].records[0].name is outside zone example.com.',
    ],
    [
      'a missing health check',
      f => (f.hostedZones![0].records![0].healthCheckId = 'missing'),
      'hostedZones[0].records[0].healthCheckId names no health check of the fixture: missing',
    ],
    [
      'an account id that is not 12 digits',
      f => (f.accounts = [{ ...ACCOUNT_A, accountId: '1234' }]),
      "accounts[0].accountId must be a 12-digit AWS account id (quoted if it starts with 0), got '1234'",
    ],
    [
      'an empty accounts list',
      f => (f.accounts = []),
      'accounts must list at least one account',
    ],
    [
      'an account without a secret',
      f => (f.accounts = [{ ...ACCOUNT_A, secretAccessKey: '' }]),
      'accounts[0].secretAccessKey must be a non-empty string',
    ],
    [
      'a repeated access key',
      f =>
        (f.accounts = [
          ACCOUNT_A,
          { ...ACCOUNT_B, accessKeyId: ACCOUNT_A.accessKeyId },
        ]),
      'accounts[1].accessKeyId repeats access key AKIDEMULATOR',
    ],
    [
      'a cluster whose account is not one of the accounts',
      f => (f.accounts = [ACCOUNT_B]),
      "cluster.arn names account 111122223333, which is not one of the fixture's accounts",
    ],
    [
      'a panel of an account without a key',
      f => {
        f.accounts = [ACCOUNT_A];
        f.controlPanels = [
          { name: 'b', arn: `${PANEL_B}`, routingControls: [] },
        ];
      },
      "controlPanels[0] names account 444455556666, which is not one of the fixture's accounts",
    ],
    [
      'a hosted zone of an unknown account (no accounts list: only the cluster account)',
      f => (f.hostedZones![0].accountId = ACCOUNT_B.accountId),
      "hostedZones[0].accountId names account 444455556666, which is not one of the fixture's accounts (only the cluster's account 111122223333 without an accounts list)",
    ],
    [
      'a health check of an unknown account',
      f => {
        f.accounts = [ACCOUNT_A];
        f.healthChecks![2].accountId = ACCOUNT_B.accountId;
      },
      "healthChecks[2].accountId names account 444455556666, which is not one of the fixture's accounts",
    ],
    [
      'an alarm in something that is no region code',
      f => (f.alarms![0].region = 'US East'),
      "alarms[0].region must be an AWS region code such as us-east-1, got 'US East'",
    ],
    [
      'an alarm state in lower case',
      f => ((f.alarms![1] as any).state = 'ok'),
      "alarms[1].state must be OK, ALARM or INSUFFICIENT_DATA (case-sensitive), got 'ok'",
    ],
    [
      'an alarm name longer than CloudWatch allows',
      f => (f.alarms![2].name = 'a'.repeat(256)),
      'alarms[2].name must be at most 255 characters',
    ],
    [
      'an alarm name with a control character',
      f => (f.alarms![2].name = 'payments\n5xx'),
      'alarms[2].name must not contain control characters',
    ],
    [
      'an alarm twice in one account and region',
      f => f.alarms!.push({ ...f.alarms![0], state: 'ALARM' }),
      'alarms[4] repeats alarm orders-5xx-use1 of account 111122223333 in us-east-1',
    ],
    [
      'an alarm of an account the fixture does not list',
      f => (f.alarms![3].accountId = ACCOUNT_B.accountId),
      "alarms[3].accountId names account 444455556666, which is not one of the fixture's accounts",
    ],
  ])('rejects %s with a message naming the place', (_, mutate, message) => {
    const fixture = example();
    mutate(fixture);
    expect(() => loadFixture(fixture)).toThrow(
      `Invalid emulator fixture: ${message}`,
    );
  });

  it('reports every problem the schema finds at once', () => {
    const fixture = example();
    (fixture.controlPanels![0].routingControls![0] as any).state = 'on';
    fixture.hostedZones![0].name = '';
    expect(() => loadFixture(fixture)).toThrow(
      "Invalid emulator fixture: controlPanels[0].routingControls[0].state must be On or Off (case-sensitive), got 'on'; hostedZones[0].name must be a non-empty string",
    );
  });

  it('rejects a fixture that is not a map', () => {
    expect(() => loadFixture(null as any)).toThrow(
      'Invalid emulator fixture: (root) must be a map, got null',
    );
  });

  describe('from a file', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-fixture-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };

    it('says when the file cannot be read or is not YAML', () => {
      expect(() => loadFixture(path.join(dir, 'missing.yaml'))).toThrow(
        /^Cannot read emulator fixture .*missing\.yaml: ENOENT/,
      );
      const bad = write('bad.yaml', 'cluster: [unclosed\n');
      expect(() => loadFixture(bad)).toThrow(
        `Emulator fixture ${bad} is not valid YAML`,
      );
    });

    it('takes empty YAML values as absent and a numeric set identifier as text', () => {
      const file = write(
        'small.yaml',
        [
          'cluster:',
          '  name: c',
          '  arn: arn:aws:route53-recovery-control::111122223333:cluster/abc',
          '  tags:',
          'controlPanels:',
          '  - name: p',
          '    id: aa11',
          '    routingControls:',
          'hostedZones:',
          '  - id: /hostedzone/Z1',
          '    name: Example.COM',
          '    records:',
          '      - name: www.example.com',
          '        type: A',
          '        setIdentifier: 1',
          '        region: us-east-1',
          '        ttl: 60',
          '        values: [192.0.2.1]',
          '',
        ].join('\n'),
      );
      const snapshot = fixtureToSnapshot(loadFixture(file));
      expect(snapshot.cluster.Tags).toEqual({});
      expect(snapshot.routingControls).toEqual([]);
      expect(snapshot.hostedZones).toEqual([
        {
          Id: 'Z1',
          AccountId: '111122223333',
          Name: 'example.com.',
          CallerReference: 'Z1',
          Comment: undefined,
          PrivateZone: false,
          ResourceRecordSets: [
            {
              Name: 'www.example.com.',
              Type: 'A',
              SetIdentifier: '1',
              Region: 'us-east-1',
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.1' }],
            },
          ],
        },
      ]);
    });
  });
});

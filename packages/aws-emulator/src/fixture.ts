/**
 * Loading fixtures: YAML (or an object) in, checked against the schema and
 * then for what a schema cannot express (unique ARNs and ids, references
 * between entries), out as an {@link EmulatorFixture}.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { EmulatorAccount } from './accounts';
import { accountOf } from './arns';
import { EMULATOR_CREDENTIALS } from './credentials';
import {
  EmulatorFixture,
  FixtureControlPanel,
  fixtureErrorMap,
  fixtureSchema,
  pathText,
} from './fixtureSchema';
import { toError } from '@backstage/errors';

/** The five regions of the example cluster, in endpoint order. */
export const DEFAULT_CLUSTER_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-northeast-1',
  'ap-southeast-2',
];

/** One thing wrong with a fixture: where, and what. */
interface Problem {
  path: string;
  problem: string;
}

function invalidFixture(problems: Problem[]): Error {
  return new Error(
    `Invalid emulator fixture: ${problems
      .map(p => `${p.path} ${p.problem}`)
      .join('; ')}`,
  );
}

function readFixtureFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read emulator fixture ${file}: ${toError(error).message}`,
      { cause: error },
    );
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new Error(
      `Emulator fixture ${file} is not valid YAML: ${toError(error).message}`,
      { cause: error },
    );
  }
}

/**
 * Reads a fixture from a YAML (or JSON) file, or checks a fixture object, and
 * returns it validated. Throws an Error naming the path of every bad value
 * and what is expected there otherwise.
 *
 * @public
 */
export function loadFixture(source: string | EmulatorFixture): EmulatorFixture {
  const raw = typeof source === 'string' ? readFixtureFile(source) : source;
  const parsed = fixtureSchema.safeParse(raw, { errorMap: fixtureErrorMap });
  if (!parsed.success) {
    throw invalidFixture(
      parsed.error.issues.map(issue => ({
        path: pathText(issue.path),
        problem: issue.message,
      })),
    );
  }
  const problems = crossReferenceProblems(parsed.data);
  if (problems.length > 0) throw invalidFixture(problems);
  return parsed.data;
}

/** Lower-cased, fully qualified DNS name (with the trailing dot). */
export function dnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function panelArnOf(clusterArn: string, panel: FixtureControlPanel): string {
  if (panel.arn !== undefined) return panel.arn;
  const accountPrefix = clusterArn.slice(0, clusterArn.lastIndexOf(':') + 1);
  return `${accountPrefix}controlpanel/${panel.id}`;
}

export function childArnOf(
  panelArn: string,
  kind: 'routingcontrol' | 'safetyrule',
  item: { arn?: string; id?: string },
): string {
  return item.arn ?? `${panelArn}/${kind}/${item.id}`;
}

export function zoneIdOf(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

const RULE_CONTROL_KEYS = [
  'assertedControls',
  'gatingControls',
  'targetControls',
] as const;

/** The panel's controls a rule's reference (an ARN or a name) stands for. */
export function controlsNamed(
  panelArn: string,
  panel: FixtureControlPanel,
  ref: string,
): string[] {
  return (panel.routingControls ?? [])
    .map(rc => ({ arn: childArnOf(panelArn, 'routingcontrol', rc), rc }))
    .filter(({ arn, rc }) => arn === ref || rc.name === ref)
    .map(({ arn }) => arn);
}

/** Every panel with its path and ARN. */
export function panelsOf(fixture: EmulatorFixture) {
  return (fixture.controlPanels ?? []).map((panel, i) => ({
    panel,
    path: `controlPanels[${i}]`,
    arn: panelArnOf(fixture.cluster.arn, panel),
  }));
}

/** Every record with its path and its zone's name. */
function recordsOf(fixture: EmulatorFixture) {
  return (fixture.hostedZones ?? []).flatMap((zone, i) =>
    (zone.records ?? []).map((record, j) => ({
      record,
      path: `hostedZones[${i}].records[${j}]`,
      zoneName: dnsName(zone.name),
    })),
  );
}

/** ARNs of panels, controls and rules, health-check ids, zone ids and alarms are each given once. */
function repeatedIdentifiers(fixture: EmulatorFixture): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const once = (key: string, path: string, what: string) => {
    if (seen.has(key)) problems.push({ path, problem: `repeats ${what}` });
    seen.add(key);
  };
  for (const { panel, path, arn } of panelsOf(fixture)) {
    once(arn, path, arn);
    (panel.routingControls ?? []).forEach((rc, j) => {
      const controlArn = childArnOf(arn, 'routingcontrol', rc);
      once(controlArn, `${path}.routingControls[${j}]`, controlArn);
    });
    (panel.safetyRules ?? []).forEach((rule, k) => {
      const ruleArn = childArnOf(arn, 'safetyrule', rule);
      once(ruleArn, `${path}.safetyRules[${k}]`, ruleArn);
    });
  }
  (fixture.healthChecks ?? []).forEach((hc, i) =>
    once(`healthcheck:${hc.id}`, `healthChecks[${i}]`, `health check ${hc.id}`),
  );
  (fixture.hostedZones ?? []).forEach((zone, i) =>
    once(
      `zone:${zoneIdOf(zone.id)}`,
      `hostedZones[${i}]`,
      `hosted zone ${zoneIdOf(zone.id)}`,
    ),
  );
  // Alarm names are unique per account and region, as in CloudWatch.
  const clusterAccount = accountOf(fixture.cluster.arn);
  (fixture.alarms ?? []).forEach((alarm, i) =>
    once(
      `alarm:${alarm.accountId ?? clusterAccount}:${alarm.region}:${
        alarm.name
      }`,
      `alarms[${i}]`,
      `alarm ${alarm.name} of account ${alarm.accountId ?? clusterAccount} in ${
        alarm.region
      }`,
    ),
  );
  return problems;
}

/** A routing control given by its full ARN belongs to the panel it is listed in. */
function controlsOutsideTheirPanel(fixture: EmulatorFixture): Problem[] {
  return panelsOf(fixture).flatMap(({ panel, path, arn }) =>
    (panel.routingControls ?? []).flatMap((rc, j) =>
      rc.arn !== undefined && !rc.arn.startsWith(`${arn}/`)
        ? [
            {
              path: `${path}.routingControls[${j}]`,
              problem: `is not inside its panel ${arn}`,
            },
          ]
        : [],
    ),
  );
}

/** A safety rule's controls are exactly one control each of the rule's own panel. */
function unresolvedRuleControls(fixture: EmulatorFixture): Problem[] {
  return panelsOf(fixture).flatMap(({ panel, path, arn }) =>
    (panel.safetyRules ?? []).flatMap((rule, k) =>
      RULE_CONTROL_KEYS.flatMap(key =>
        (rule[key] ?? []).flatMap((ref, r) => {
          const found = controlsNamed(arn, panel, ref).length;
          const refPath = `${path}.safetyRules[${k}].${key}[${r}]`;
          if (found === 0)
            return [
              {
                path: refPath,
                problem: `names no routing control of panel ${panel.name}: ${ref}`,
              },
            ];
          if (found > 1)
            return [
              {
                path: refPath,
                problem: `is ambiguous: ${found} routing controls of panel ${panel.name} are named ${ref}`,
              },
            ];
          return [];
        }),
      ),
    ),
  );
}

/** A record's name is the zone's name or below it. */
function recordsOutsideTheirZone(fixture: EmulatorFixture): Problem[] {
  return recordsOf(fixture).flatMap(({ record, path, zoneName }) => {
    const name = dnsName(record.name);
    return name === zoneName || name.endsWith(`.${zoneName}`)
      ? []
      : [{ path: `${path}.name`, problem: `is outside zone ${zoneName}` }];
  });
}

/** A record's health check is one of the fixture's. */
function unknownHealthChecks(fixture: EmulatorFixture): Problem[] {
  const ids = new Set((fixture.healthChecks ?? []).map(hc => hc.id));
  return recordsOf(fixture).flatMap(({ record, path }) =>
    record.healthCheckId === undefined || ids.has(record.healthCheckId)
      ? []
      : [
          {
            path: `${path}.healthCheckId`,
            problem: `names no health check of the fixture: ${record.healthCheckId}`,
          },
        ],
  );
}

/**
 * The keys that may sign requests: the fixture's `accounts`, or else one
 * account, the cluster's, with EMULATOR_CREDENTIALS. The first is the
 * default account.
 */
export function accountsOf(fixture: EmulatorFixture): EmulatorAccount[] {
  return (
    fixture.accounts?.map(a => ({ ...a })) ?? [
      {
        accountId: accountOf(fixture.cluster.arn)!,
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
        secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
      },
    ]
  );
}

/**
 * Every access key is given once; the cluster, the panels, the hosted zones,
 * the health checks and the alarms belong to listed accounts (no key could
 * reach them otherwise).
 */
function accountProblems(fixture: EmulatorFixture): Problem[] {
  const problems: Problem[] = [];
  const keys = new Set<string>();
  (fixture.accounts ?? []).forEach((account, i) => {
    if (keys.has(account.accessKeyId)) {
      problems.push({
        path: `accounts[${i}].accessKeyId`,
        problem: `repeats access key ${account.accessKeyId}`,
      });
    }
    keys.add(account.accessKeyId);
  });
  const known = new Set(accountsOf(fixture).map(a => a.accountId));
  const listed = fixture.accounts
    ? "of the fixture's accounts"
    : `of the fixture's accounts (only the cluster's account ${accountOf(
        fixture.cluster.arn,
      )} without an accounts list)`;
  const check = (id: string | undefined, path: string) => {
    if (id !== undefined && !known.has(id))
      problems.push({
        path,
        problem: `names account ${id}, which is not one ${listed}`,
      });
  };
  check(accountOf(fixture.cluster.arn), 'cluster.arn');
  for (const { path, arn } of panelsOf(fixture)) check(accountOf(arn), path);
  (fixture.hostedZones ?? []).forEach((zone, i) =>
    check(zone.accountId, `hostedZones[${i}].accountId`),
  );
  (fixture.healthChecks ?? []).forEach((hc, i) =>
    check(hc.accountId, `healthChecks[${i}].accountId`),
  );
  (fixture.alarms ?? []).forEach((alarm, i) =>
    check(alarm.accountId, `alarms[${i}].accountId`),
  );
  return problems;
}

function crossReferenceProblems(fixture: EmulatorFixture): Problem[] {
  return [
    accountProblems,
    repeatedIdentifiers,
    controlsOutsideTheirPanel,
    unresolvedRuleControls,
    recordsOutsideTheirZone,
    unknownHealthChecks,
  ].flatMap(check => check(fixture));
}

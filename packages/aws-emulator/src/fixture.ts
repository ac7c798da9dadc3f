/**
 * Loading and normalising fixtures: YAML (or an object) in, a validated
 * {@link EmulatorFixture} out, then the snapshot the store is seeded from.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ARN_PATTERN, accountOf } from './arns';
import {
  EmulatorFixture,
  EmulatorSnapshot,
  FixtureControlPanel,
  FixtureRecord,
  FixtureSafetyRule,
  HealthCheckSnapshot,
  HostedZoneSnapshot,
  ResourceRecordSetSnapshot,
  RoutingControlSnapshot,
  SafetyRuleSnapshot,
} from './types';

/** The five regions of the example cluster, in endpoint order. */
export const DEFAULT_CLUSTER_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-northeast-1',
  'ap-southeast-2',
];

/**
 * Reads a fixture from a YAML (or JSON) file, or checks a fixture object, and
 * returns it validated. Throws an Error naming the offending path otherwise.
 *
 * @public
 */
export function loadFixture(source: string | EmulatorFixture): EmulatorFixture {
  let raw: unknown = source;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new Error(
        `Cannot read emulator fixture ${source}: ${(error as Error).message}`,
      );
    }
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new Error(
        `Emulator fixture ${source} is not valid YAML: ${
          (error as Error).message
        }`,
      );
    }
  }
  const fixture = raw as EmulatorFixture;
  // Building the snapshot runs every check; the result is thrown away here.
  fixtureToSnapshot(fixture);
  return fixture;
}

function fail(path: string, problem: string): never {
  throw new Error(`Invalid emulator fixture: ${path} ${problem}`);
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail(path, 'must be a non-empty string');
  }
  return value;
}

function requireArn(value: unknown, path: string, kind: RegExp): string {
  const arn = requireString(value, path);
  if (
    arn.length > 255 ||
    !ARN_PATTERN.test(arn) ||
    !kind.test(arn) ||
    !accountOf(arn)
  ) {
    fail(path, `is not a valid ARN of the expected kind: ${arn}`);
  }
  return arn;
}

function tagsOf(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    fail(path, 'must be a map of strings');
  const tags: Record<string, string> = {};
  for (const [key, tagValue] of Object.entries(value as object)) {
    if (typeof tagValue !== 'string')
      fail(`${path}.${key}`, 'must be a string');
    tags[key] = tagValue;
  }
  return tags;
}

function listOf<T>(value: unknown, path: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'must be a list');
  return value as T[];
}

function childArn(
  parentArn: string,
  kind: string,
  item: { arn?: string; id?: string },
  path: string,
): string {
  if (item.arn !== undefined) return item.arn;
  if (item.id === undefined) fail(path, 'needs an arn or an id');
  return `${parentArn}/${kind}/${requireString(item.id, `${path}.id`)}`;
}

const PANEL_ARN = /:controlpanel\/[A-Za-z0-9]+$/;
const CONTROL_ARN =
  /:controlpanel\/[A-Za-z0-9]+\/routingcontrol\/[A-Za-z0-9]+$/;
const RULE_ARN = /:controlpanel\/[A-Za-z0-9]+\/safetyrule\/[A-Za-z0-9]+$/;

/** Converts a fixture into the store's snapshot form, checking it on the way. */
export function fixtureToSnapshot(fixture: EmulatorFixture): EmulatorSnapshot {
  if (!fixture || typeof fixture !== 'object') fail('(root)', 'must be a map');
  if (!fixture.cluster || typeof fixture.cluster !== 'object')
    fail('cluster', 'is required');
  const clusterArn = requireArn(
    fixture.cluster.arn,
    'cluster.arn',
    /:cluster\/[A-Za-z0-9-]+$/,
  );
  const owner = accountOf(clusterArn)!;
  const regions = fixture.cluster.regions ?? DEFAULT_CLUSTER_REGIONS;
  if (!Array.isArray(regions) || regions.length !== 5) {
    fail(
      'cluster.regions',
      'must list exactly five regions (one per cluster endpoint)',
    );
  }
  const snapshot: EmulatorSnapshot = {
    cluster: {
      ClusterArn: clusterArn,
      Name: requireString(fixture.cluster.name, 'cluster.name'),
      Owner: owner,
      Tags: tagsOf(fixture.cluster.tags, 'cluster.tags'),
    },
    controlPanels: [],
    routingControls: [],
    safetyRules: [],
    hostedZones: [],
    healthChecks: [],
  };
  const seen = new Set<string>();
  const unique = (arn: string, path: string) => {
    if (seen.has(arn)) fail(path, `repeats ${arn}`);
    seen.add(arn);
  };

  listOf<FixtureControlPanel>(fixture.controlPanels, 'controlPanels').forEach(
    (panel, i) => {
      const path = `controlPanels[${i}]`;
      const panelArn = panel.arn
        ? requireArn(panel.arn, `${path}.arn`, PANEL_ARN)
        : requireArn(
            `${clusterArn.slice(
              0,
              clusterArn.lastIndexOf(':') + 1,
            )}controlpanel/${requireString(panel.id, `${path}.id`)}`,
            `${path}.id`,
            PANEL_ARN,
          );
      unique(panelArn, path);
      snapshot.controlPanels.push({
        ControlPanelArn: panelArn,
        Name: requireString(panel.name, `${path}.name`),
        ClusterArn: clusterArn,
        Owner: accountOf(panelArn)!,
        Tags: tagsOf(panel.tags, `${path}.tags`),
      });
      const controls: RoutingControlSnapshot[] = [];
      listOf<any>(panel.routingControls, `${path}.routingControls`).forEach(
        (rc, j) => {
          const rcPath = `${path}.routingControls[${j}]`;
          const arn = requireArn(
            childArn(panelArn, 'routingcontrol', rc, rcPath),
            `${rcPath}.arn`,
            CONTROL_ARN,
          );
          if (!arn.startsWith(`${panelArn}/`))
            fail(rcPath, `is not inside its panel ${panelArn}`);
          unique(arn, rcPath);
          const state = rc.state ?? 'Off';
          if (state !== 'On' && state !== 'Off')
            fail(`${rcPath}.state`, 'must be On or Off (case-sensitive)');
          controls.push({
            RoutingControlArn: arn,
            Name: requireString(rc.name, `${rcPath}.name`),
            ControlPanelArn: panelArn,
            Owner: accountOf(arn)!,
            State: state,
          });
        },
      );
      snapshot.routingControls.push(...controls);

      const resolveControl = (ref: unknown, refPath: string): string => {
        const text = requireString(ref, refPath);
        const found = controls.find(
          c => c.RoutingControlArn === text || c.Name === text,
        );
        if (!found)
          fail(
            refPath,
            `names no routing control of panel ${panel.name}: ${text}`,
          );
        return found.RoutingControlArn;
      };
      listOf<FixtureSafetyRule>(
        panel.safetyRules,
        `${path}.safetyRules`,
      ).forEach((rule, k) => {
        snapshot.safetyRules.push(
          safetyRuleOf(
            rule,
            `${path}.safetyRules[${k}]`,
            panelArn,
            resolveControl,
            unique,
          ),
        );
      });
    },
  );

  listOf<any>(fixture.healthChecks, 'healthChecks').forEach((hc, i) => {
    const path = `healthChecks[${i}]`;
    const id = requireString(hc.id, `${path}.id`);
    unique(`healthcheck:${id}`, path);
    const type = requireString(hc.type, `${path}.type`);
    if (type === 'RECOVERY_CONTROL') {
      requireArn(
        hc.routingControlArn,
        `${path}.routingControlArn`,
        CONTROL_ARN,
      );
    }
    const check: HealthCheckSnapshot = {
      Id: id,
      CallerReference: hc.callerReference ?? id,
      HealthCheckVersion: 1,
      HealthCheckConfig: {
        Type: type,
        RoutingControlArn: hc.routingControlArn,
        Inverted: hc.inverted ?? false,
        Disabled: hc.disabled ?? false,
        FullyQualifiedDomainName: hc.fqdn,
        Port: hc.port,
        ResourcePath: hc.resourcePath,
      },
      EmulatedHealthy: hc.healthy ?? true,
    };
    snapshot.healthChecks.push(check);
  });

  listOf<any>(fixture.hostedZones, 'hostedZones').forEach((zone, i) => {
    const path = `hostedZones[${i}]`;
    const id = requireString(zone.id, `${path}.id`).replace(
      /^\/hostedzone\//,
      '',
    );
    unique(`zone:${id}`, path);
    const name = dnsName(requireString(zone.name, `${path}.name`));
    const hosted: HostedZoneSnapshot = {
      Id: id,
      Name: name,
      CallerReference: zone.callerReference ?? id,
      Comment: zone.comment,
      PrivateZone: zone.privateZone ?? false,
      ResourceRecordSets: [],
    };
    listOf<FixtureRecord>(zone.records, `${path}.records`).forEach(
      (record, j) => {
        hosted.ResourceRecordSets.push(
          recordOf(
            record,
            `${path}.records[${j}]`,
            name,
            snapshot.healthChecks,
          ),
        );
      },
    );
    snapshot.hostedZones.push(hosted);
  });
  return snapshot;
}

function safetyRuleOf(
  rule: FixtureSafetyRule,
  path: string,
  panelArn: string,
  resolveControl: (ref: unknown, path: string) => string,
  unique: (arn: string, path: string) => void,
): SafetyRuleSnapshot {
  const arn = requireArn(
    childArn(panelArn, 'safetyrule', rule, path),
    `${path}.arn`,
    RULE_ARN,
  );
  unique(arn, path);
  const cfg = rule.ruleConfig;
  if (!cfg || !['ATLEAST', 'AND', 'OR'].includes(cfg.type)) {
    fail(`${path}.ruleConfig.type`, 'must be ATLEAST, AND or OR');
  }
  const controlsAt = (
    key: 'assertedControls' | 'gatingControls' | 'targetControls',
  ) =>
    listOf<string>(rule[key], `${path}.${key}`).map((ref, i) =>
      resolveControl(ref, `${path}.${key}[${i}]`),
    );
  const base = {
    SafetyRuleArn: arn,
    Name: requireString(rule.name, `${path}.name`),
    ControlPanelArn: panelArn,
    RuleConfig: {
      Type: cfg.type,
      Threshold: cfg.threshold ?? 1,
      Inverted: cfg.inverted ?? false,
    },
    WaitPeriodMs: rule.waitPeriodMs ?? 0,
    Owner: accountOf(arn)!,
    Tags: tagsOf(rule.tags, `${path}.tags`),
  };
  if (rule.type === 'assertion') {
    const asserted = controlsAt('assertedControls');
    if (asserted.length === 0)
      fail(`${path}.assertedControls`, 'must name at least one control');
    return { ...base, Kind: 'ASSERTION', AssertedControls: asserted };
  }
  if (rule.type === 'gating') {
    const gating = controlsAt('gatingControls');
    const targets = controlsAt('targetControls');
    if (gating.length === 0 || targets.length === 0) {
      fail(path, 'needs gatingControls and targetControls');
    }
    return {
      ...base,
      Kind: 'GATING',
      GatingControls: gating,
      TargetControls: targets,
    };
  }
  return fail(`${path}.type`, 'must be assertion or gating');
}

/** Lower-cased, fully qualified DNS name (with the trailing dot). */
export function dnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function recordOf(
  record: FixtureRecord,
  path: string,
  zoneName: string,
  healthChecks: HealthCheckSnapshot[],
): ResourceRecordSetSnapshot {
  const name = dnsName(requireString(record.name, `${path}.name`));
  if (name !== zoneName && !name.endsWith(`.${zoneName}`))
    fail(`${path}.name`, `is outside zone ${zoneName}`);
  const result: ResourceRecordSetSnapshot = {
    Name: name,
    Type: requireString(record.type, `${path}.type`),
  };
  if (record.setIdentifier !== undefined)
    result.SetIdentifier = String(record.setIdentifier);
  if (record.failover !== undefined) {
    if (record.failover !== 'PRIMARY' && record.failover !== 'SECONDARY') {
      fail(`${path}.failover`, 'must be PRIMARY or SECONDARY');
    }
    if (result.SetIdentifier === undefined)
      fail(path, 'has failover but no setIdentifier');
    result.Failover = record.failover;
  }
  if (record.weight !== undefined) result.Weight = record.weight;
  if (record.region !== undefined) result.Region = record.region;
  if (record.ttl !== undefined) result.TTL = record.ttl;
  if (record.values !== undefined) {
    result.ResourceRecords = listOf<string>(
      record.values,
      `${path}.values`,
    ).map(v => ({ Value: String(v) }));
  }
  if (record.aliasTarget !== undefined) {
    result.AliasTarget = {
      HostedZoneId: requireString(
        record.aliasTarget.hostedZoneId,
        `${path}.aliasTarget.hostedZoneId`,
      ),
      DNSName: dnsName(
        requireString(
          record.aliasTarget.dnsName,
          `${path}.aliasTarget.dnsName`,
        ),
      ),
      EvaluateTargetHealth: record.aliasTarget.evaluateTargetHealth ?? false,
    };
  }
  if (!result.AliasTarget === !result.ResourceRecords) {
    fail(path, 'needs exactly one of values or aliasTarget');
  }
  if (record.healthCheckId !== undefined) {
    if (!healthChecks.some(hc => hc.Id === record.healthCheckId)) {
      fail(
        `${path}.healthCheckId`,
        `names no health check of the fixture: ${record.healthCheckId}`,
      );
    }
    result.HealthCheckId = record.healthCheckId;
  }
  return result;
}

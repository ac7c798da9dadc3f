/**
 * The snapshot the store is seeded from, built from a fixture that
 * `loadFixture` has checked: ARNs from ids, rule controls from names,
 * DNS names fully qualified, and the defaults applied.
 */
import { accountOf } from './arns';
import {
  childArnOf,
  controlsNamed,
  dnsName,
  panelsOf,
  zoneIdOf,
} from './fixture';
import {
  EmulatorFixture,
  FixtureAlarm,
  FixtureRecord,
  FixtureSafetyRule,
} from './fixtureSchema';
import {
  AlarmSnapshot,
  EmulatorSnapshot,
  HealthCheckSnapshot,
  HostedZoneSnapshot,
  ResourceRecordSetSnapshot,
  SafetyRuleSnapshot,
} from './types';

/** Converts a fixture checked by `loadFixture` into the store's snapshot form. */
export function fixtureToSnapshot(fixture: EmulatorFixture): EmulatorSnapshot {
  const clusterArn = fixture.cluster.arn;
  const snapshot: EmulatorSnapshot = {
    cluster: {
      ClusterArn: clusterArn,
      Name: fixture.cluster.name,
      Owner: accountOf(clusterArn)!,
      Tags: { ...fixture.cluster.tags },
    },
    controlPanels: [],
    routingControls: [],
    safetyRules: [],
    hostedZones: [],
    healthChecks: [],
    alarms: [],
  };
  for (const { panel, arn: panelArn } of panelsOf(fixture)) {
    snapshot.controlPanels.push({
      ControlPanelArn: panelArn,
      Name: panel.name,
      ClusterArn: clusterArn,
      Owner: accountOf(panelArn)!,
      Tags: { ...panel.tags },
    });
    for (const rc of panel.routingControls ?? []) {
      const arn = childArnOf(panelArn, 'routingcontrol', rc);
      snapshot.routingControls.push({
        RoutingControlArn: arn,
        Name: rc.name,
        ControlPanelArn: panelArn,
        Owner: accountOf(arn)!,
        State: rc.state ?? 'Off',
      });
    }
    for (const rule of panel.safetyRules ?? []) {
      snapshot.safetyRules.push(
        safetyRuleOf(
          rule,
          panelArn,
          ref => controlsNamed(panelArn, panel, ref)[0],
        ),
      );
    }
  }
  const clusterAccount = accountOf(clusterArn)!;
  snapshot.healthChecks = (fixture.healthChecks ?? []).map(
    (hc): HealthCheckSnapshot => ({
      Id: hc.id,
      AccountId: hc.accountId ?? clusterAccount,
      CallerReference: hc.callerReference ?? hc.id,
      HealthCheckVersion: 1,
      HealthCheckConfig: {
        Type: hc.type,
        RoutingControlArn: hc.routingControlArn,
        Inverted: hc.inverted ?? false,
        Disabled: hc.disabled ?? false,
        FullyQualifiedDomainName: hc.fqdn,
        Port: hc.port,
        ResourcePath: hc.resourcePath,
      },
      EmulatedHealthy: hc.healthy ?? true,
    }),
  );
  snapshot.hostedZones = (fixture.hostedZones ?? []).map(
    (zone): HostedZoneSnapshot => {
      const id = zoneIdOf(zone.id);
      return {
        Id: id,
        AccountId: zone.accountId ?? clusterAccount,
        Name: dnsName(zone.name),
        CallerReference: zone.callerReference ?? id,
        Comment: zone.comment,
        PrivateZone: zone.privateZone ?? false,
        ResourceRecordSets: (zone.records ?? []).map(recordOf),
      };
    },
  );
  snapshot.alarms = (fixture.alarms ?? []).map(alarm =>
    alarmSnapshotOf(alarm, clusterAccount),
  );
  return snapshot;
}

/**
 * An alarm of a fixture or of the admin API's `POST /alarms` (checked by
 * `alarmSchema`), without a time: the store stamps it when it takes it.
 */
export function alarmSnapshotOf(
  alarm: FixtureAlarm,
  defaultAccountId: string,
): AlarmSnapshot {
  return {
    AccountId: alarm.accountId ?? defaultAccountId,
    Region: alarm.region,
    AlarmName: alarm.name,
    StateValue: alarm.state,
    StateReason: alarm.reason ?? `State set to ${alarm.state} in the emulator`,
    ...(alarm.metricName !== undefined ? { MetricName: alarm.metricName } : {}),
    ...(alarm.namespace !== undefined ? { Namespace: alarm.namespace } : {}),
  };
}

function safetyRuleOf(
  rule: FixtureSafetyRule,
  panelArn: string,
  controlArnOf: (ref: string) => string,
): SafetyRuleSnapshot {
  const arn = childArnOf(panelArn, 'safetyrule', rule);
  const controls = (refs: string[] | undefined) =>
    (refs ?? []).map(controlArnOf);
  const base = {
    SafetyRuleArn: arn,
    Name: rule.name,
    ControlPanelArn: panelArn,
    RuleConfig: {
      Type: rule.ruleConfig.type,
      Threshold: rule.ruleConfig.threshold ?? 1,
      Inverted: rule.ruleConfig.inverted ?? false,
    },
    WaitPeriodMs: rule.waitPeriodMs ?? 0,
    Owner: accountOf(arn)!,
    Tags: { ...rule.tags },
  };
  return rule.type === 'assertion'
    ? {
        ...base,
        Kind: 'ASSERTION',
        AssertedControls: controls(rule.assertedControls),
      }
    : {
        ...base,
        Kind: 'GATING',
        GatingControls: controls(rule.gatingControls),
        TargetControls: controls(rule.targetControls),
      };
}

function recordOf(record: FixtureRecord): ResourceRecordSetSnapshot {
  const result: ResourceRecordSetSnapshot = {
    Name: dnsName(record.name),
    Type: record.type,
  };
  if (record.setIdentifier !== undefined)
    result.SetIdentifier = record.setIdentifier;
  if (record.failover !== undefined) result.Failover = record.failover;
  if (record.weight !== undefined) result.Weight = record.weight;
  if (record.region !== undefined) result.Region = record.region;
  if (record.ttl !== undefined) result.TTL = record.ttl;
  if (record.values !== undefined)
    result.ResourceRecords = record.values.map(value => ({ Value: value }));
  if (record.aliasTarget !== undefined) {
    result.AliasTarget = {
      HostedZoneId: record.aliasTarget.hostedZoneId,
      DNSName: dnsName(record.aliasTarget.dnsName),
      EvaluateTargetHealth: record.aliasTarget.evaluateTargetHealth ?? false,
    };
  }
  if (record.healthCheckId !== undefined)
    result.HealthCheckId = record.healthCheckId;
  return result;
}

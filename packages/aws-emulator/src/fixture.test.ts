import { fixtureToSnapshot, loadFixture } from './fixture';
import { EXAMPLE_FIXTURE } from './__testUtils__/clients';
import { EmulatorFixture } from './types';

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
  });

  it.each<[string, (f: EmulatorFixture) => void, string]>([
    [
      'a lower-case state',
      f => ((f.controlPanels![0].routingControls![0] as any).state = 'on'),
      'controlPanels[0].routingControls[0].state',
    ],
    [
      'a rule naming an unknown control',
      f => (f.controlPanels![0].safetyRules![0].assertedControls = ['nope']),
      'names no routing control',
    ],
    [
      'a record outside its zone',
      f => (f.hostedZones![0].records![0].name = 'api.example.org.'),
      'is outside zone',
    ],
    [
      'a missing health check',
      f => (f.hostedZones![0].records![0].healthCheckId = 'missing'),
      'names no health check',
    ],
    [
      'a duplicate ARN',
      f =>
        f.controlPanels!.push({
          ...f.controlPanels![0],
          routingControls: [],
          safetyRules: [],
        }),
      'repeats',
    ],
  ])('rejects %s with a message naming the place', (_, mutate, message) => {
    const fixture = JSON.parse(JSON.stringify(loadFixture(EXAMPLE_FIXTURE)));
    mutate(fixture);
    expect(() => loadFixture(fixture)).toThrow(message);
  });
});

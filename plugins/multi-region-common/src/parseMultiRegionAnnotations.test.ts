import { MULTI_REGION_ANNOTATIONS as A } from './annotations';
import { entityWith, OTHER_PANEL, PANEL } from './__fixtures__/entities';
import {
  hasMultiRegionAnnotations,
  parseMultiRegionAnnotations,
} from './parseMultiRegionAnnotations';

function errorsOf(annotations: Record<string, string | undefined>) {
  const result = parseMultiRegionAnnotations(entityWith(annotations));
  if (result.ok) throw new Error('expected the parser to reject the entity');
  return result.errors;
}

describe('parseMultiRegionAnnotations', () => {
  it('parses a complete, valid entity into a typed configuration', () => {
    const result = parseMultiRegionAnnotations(entityWith({}));
    expect(result).toEqual({
      ok: true,
      config: {
        clusterName: 'shared-arc',
        controlPanelArn: PANEL,
        accountId: '111122223333',
        primary: {
          role: 'primary',
          region: 'us-east-1',
          routingControlArn: `${PANEL}/routingcontrol/3c4d5e6f708192a3`,
          healthCheckId: '3f1c2a4e-0b1d-4c5e-8f6a-7b8c9d0e1f21',
        },
        secondary: {
          role: 'secondary',
          region: 'us-west-2',
          routingControlArn: `${PANEL}/routingcontrol/4d5e6f708192a3b4`,
          healthCheckId: '4a2d3b5f-1c2e-4d6f-9a7b-8c9d0e1f2a32',
        },
        dnsName: 'orders.example.com',
        hostedZoneId: 'Z0EXAMPLE1PUBLIC',
        rtoMinutes: 15,
        appRole: 'service',
        externalApiPath: undefined,
        drills: {
          allowedWindows: [],
          blockedWindows: [],
          outcomeAlarms: [],
          blockingAlarms: [],
        },
      },
    });
  });

  it('accepts the optional annotations being absent and strips a trailing dot', () => {
    const result = parseMultiRegionAnnotations(
      entityWith({
        [A.primaryHealthCheckId]: undefined,
        [A.secondaryHealthCheckId]: undefined,
        [A.rtoMinutes]: undefined,
        [A.dnsName]: 'orders.example.com.',
        [A.role]: 'external-api',
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        dnsName: 'orders.example.com',
        appRole: 'external-api',
        rtoMinutes: undefined,
      },
    });
  });

  // Each case: the annotations to change, the key that must be blamed, and a
  // fragment of the problem sentence.
  const malformed: Array<
    [string, Record<string, string | undefined>, string, RegExp]
  > = [
    ['missing cluster', { [A.cluster]: undefined }, A.cluster, /is missing/],
    [
      'empty primary region',
      { [A.primaryRegion]: '  ' },
      A.primaryRegion,
      /is empty/,
    ],
    ['missing DNS name', { [A.dnsName]: undefined }, A.dnsName, /is missing/],
    [
      'missing hosted zone',
      { [A.hostedZoneId]: undefined },
      A.hostedZoneId,
      /is missing/,
    ],
    [
      'bad control panel ARN',
      { [A.controlPanelArn]: 'panel-1' },
      A.controlPanelArn,
      /not a Route 53 ARC ARN/,
    ],
    [
      'ARN of another service',
      { [A.controlPanelArn]: 'arn:aws:route53:::hostedzone/Z1' },
      A.controlPanelArn,
      /not a Route 53 ARC ARN/,
    ],
    [
      'cluster ARN given as the panel',
      {
        [A.controlPanelArn]:
          'arn:aws:route53-recovery-control::111122223333:cluster/abc-123',
      },
      A.controlPanelArn,
      /ARN of a cluster, not of a control panel/,
    ],
    [
      'panel ARN given as a routing control',
      { [A.primaryRoutingControlArn]: PANEL },
      A.primaryRoutingControlArn,
      /ARN of a controlpanel, not of a routing control/,
    ],
    [
      'safety rule ARN given as a routing control',
      {
        [A.secondaryRoutingControlArn]: `${PANEL}/safetyrule/0011223344556677`,
      },
      A.secondaryRoutingControlArn,
      /ARN of a safetyrule/,
    ],
    [
      'routing control of another panel',
      {
        [A.secondaryRoutingControlArn]: `${OTHER_PANEL}/routingcontrol/6f708192a3b4c5d6`,
      },
      A.secondaryRoutingControlArn,
      /is not in the control panel/,
    ],
    [
      'same routing control twice',
      {
        [A.secondaryRoutingControlArn]: `${PANEL}/routingcontrol/3c4d5e6f708192a3`,
      },
      A.secondaryRoutingControlArn,
      /same routing control as the primary/,
    ],
    [
      'same region twice',
      { [A.secondaryRegion]: 'us-east-1' },
      A.secondaryRegion,
      /same region as the primary/,
    ],
    [
      'unknown region code',
      { [A.primaryRegion]: 'us-east1' },
      A.primaryRegion,
      /not a known AWS region code/,
    ],
    [
      'upper-case region',
      { [A.secondaryRegion]: 'US-WEST-2' },
      A.secondaryRegion,
      /not a known AWS region code/,
    ],
    [
      'short account id',
      {
        [A.controlPanelArn]:
          'arn:aws:route53-recovery-control::1111:controlpanel/abc',
      },
      A.controlPanelArn,
      /12-digit account/,
    ],
    [
      'upper-case DNS name',
      { [A.dnsName]: 'Orders.Example.com' },
      A.dnsName,
      /not a valid lower-case domain name/,
    ],
    [
      'single-label DNS name',
      { [A.dnsName]: 'orders' },
      A.dnsName,
      /not a valid lower-case domain name/,
    ],
    [
      'hosted zone with prefix',
      { [A.hostedZoneId]: '/hostedzone/Z0EXAMPLE1PUBLIC' },
      A.hostedZoneId,
      /"\/hostedzone\/" prefix/,
    ],
    [
      'lower-case hosted zone',
      { [A.hostedZoneId]: 'zabc' },
      A.hostedZoneId,
      /not a hosted zone id/,
    ],
    [
      'bad health check id',
      { [A.primaryHealthCheckId]: 'hc-1' },
      A.primaryHealthCheckId,
      /not a health check id/,
    ],
    [
      'same health check twice',
      { [A.secondaryHealthCheckId]: '3f1c2a4e-0b1d-4c5e-8f6a-7b8c9d0e1f21' },
      A.secondaryHealthCheckId,
      /same health check as the primary/,
    ],
    [
      'non-numeric RTO',
      { [A.rtoMinutes]: 'fast' },
      A.rtoMinutes,
      /not a whole number/,
    ],
    ['zero RTO', { [A.rtoMinutes]: '0' }, A.rtoMinutes, /not a whole number/],
    ['unknown role', { [A.role]: 'gateway' }, A.role, /not a known role/],
    [
      'bad external API path',
      { [A.externalApiPath]: 'orders' },
      A.externalApiPath,
      /not a valid path/,
    ],
    [
      'typo in a key',
      { 'multi-region-failover.io/primary-regoin': 'us-east-1' },
      'multi-region-failover.io/primary-regoin',
      /not a known multi-region annotation/,
    ],
    [
      'bad cluster name',
      { [A.cluster]: 'shared arc!' },
      A.cluster,
      /not a valid cluster name/,
    ],
    [
      'an empty alarm name in the list',
      { [A.secondaryAlarms]: 'orders-5xx,, orders-capacity' },
      A.secondaryAlarms,
      /empty alarm name/,
    ],
    [
      'an alarm name with a control character',
      { [A.primaryAlarms]: 'orders-5xx\u0007' },
      A.primaryAlarms,
      /not a CloudWatch alarm name/,
    ],
    [
      'an alarm name longer than CloudWatch allows',
      { [A.primaryAlarms]: 'a'.repeat(256) },
      A.primaryAlarms,
      /not a CloudWatch alarm name/,
    ],
    [
      'more alarms than are read',
      {
        [A.secondaryAlarms]: Array.from({ length: 11 }, (_, i) => `a${i}`).join(
          ',',
        ),
      },
      A.secondaryAlarms,
      /names 11 alarms; at most 10/,
    ],
    [
      'an empty drill outcome alarm name',
      { [A.drillOutcomeAlarms]: 'orders-5xx-usw2,' },
      A.drillOutcomeAlarms,
      /empty alarm name/,
    ],
    [
      'a drill blocking alarm name with a control character',
      { [A.drillBlockingAlarms]: 'deploy\u0000' },
      A.drillBlockingAlarms,
      /not a CloudWatch alarm name/,
    ],
    [
      'more drill blocking alarms than are read',
      {
        [A.drillBlockingAlarms]: Array.from(
          { length: 12 },
          (_, i) => `b${i}`,
        ).join(','),
      },
      A.drillBlockingAlarms,
      /names 12 alarms; at most 10/,
    ],
    [
      'a drill window with an unknown day',
      { [A.drillAllowedWindows]: 'Mon-Fri 09:00-17:00, Sun-Thurs 10:00-11:00' },
      A.drillAllowedWindows,
      /"Sun-Thurs 10:00-11:00": "Thurs" is not a day/,
    ],
    [
      'a drill window on a date that does not exist',
      { [A.drillBlockedWindows]: '2026-02-30' },
      A.drillBlockedWindows,
      /"2026-02-30" is not a date in the calendar/,
    ],
    [
      'an empty drill window annotation',
      { [A.drillBlockedWindows]: ' ' },
      A.drillBlockedWindows,
      /names no window/,
    ],
  ];

  it.each(malformed)(
    'rejects %s, naming the annotation',
    (_case, annotations, key, problem) => {
      const errors = errorsOf(annotations);
      const blamed = errors.filter(e => e.annotation === key);
      expect(blamed).toHaveLength(1);
      expect(blamed[0].problem).toMatch(problem);
      expect(blamed[0].expected.length).toBeGreaterThan(5);
    },
  );

  it('reports every problem at once, not only the first', () => {
    const errors = errorsOf({
      [A.cluster]: undefined,
      [A.primaryRegion]: 'mars-1',
      [A.hostedZoneId]: 'nope',
    });
    expect(errors.map(e => e.annotation).sort()).toEqual(
      [A.cluster, A.hostedZoneId, A.primaryRegion].sort(),
    );
  });

  it('blames only the bad key when a valid entity has one fault', () => {
    expect(errorsOf({ [A.primaryRegion]: 'eu-west-9' })).toHaveLength(1);
  });
});

describe('alarm annotations', () => {
  it("reads each region's alarm names, trimmed and without repeats", () => {
    const result = parseMultiRegionAnnotations(
      entityWith({
        [A.primaryAlarms]: ' orders-5xx-use1 ,orders-capacity-use1',
        [A.secondaryAlarms]: 'orders-5xx-usw2, orders-5xx-usw2',
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.primary.alarmNames).toEqual([
      'orders-5xx-use1',
      'orders-capacity-use1',
    ]);
    expect(result.config.secondary.alarmNames).toEqual(['orders-5xx-usw2']);
  });

  it('leaves alarmNames out when a region names none', () => {
    const result = parseMultiRegionAnnotations(entityWith({}));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.primary).not.toHaveProperty('alarmNames');
  });
});

describe('drill annotations', () => {
  function drillsOf(annotations: Record<string, string | undefined>) {
    const result = parseMultiRegionAnnotations(entityWith(annotations));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.config.drills;
  }

  it('reads the windows and both alarm lists', () => {
    expect(
      drillsOf({
        [A.drillAllowedWindows]: 'Tue-Thu 10:00-15:00, sat 08:00-10:00 UTC',
        [A.drillBlockedWindows]: '2026-12-24',
        [A.drillOutcomeAlarms]: 'orders-latency-usw2, orders-5xx-usw2',
        [A.drillBlockingAlarms]: ' orders-deploy-use1 ',
      }),
    ).toEqual({
      allowedWindows: [
        expect.objectContaining({ text: 'Tue-Thu 10:00-15:00 UTC' }),
        expect.objectContaining({ text: 'Sat 08:00-10:00 UTC' }),
      ],
      blockedWindows: [
        { kind: 'date', date: '2026-12-24', text: '2026-12-24 UTC' },
      ],
      outcomeAlarms: ['orders-latency-usw2', 'orders-5xx-usw2'],
      blockingAlarms: ['orders-deploy-use1'],
    });
  });

  it("watches the secondary's alarms when no outcome alarms are named, and no primary alarm blocks by default", () => {
    expect(
      drillsOf({
        [A.primaryAlarms]: 'orders-5xx-use1',
        [A.secondaryAlarms]: 'orders-5xx-usw2',
      }),
    ).toEqual({
      allowedWindows: [],
      blockedWindows: [],
      outcomeAlarms: ['orders-5xx-usw2'],
      blockingAlarms: [],
    });
  });

  it('names the expected grammar with a window problem and reports it beside other problems', () => {
    const errors = errorsOf({
      [A.drillAllowedWindows]: 'Tue,Thu 10:00-12:00',
      [A.drillOutcomeAlarms]: ',',
    });
    expect(errors.map(e => e.annotation).sort()).toEqual(
      [A.drillAllowedWindows, A.drillOutcomeAlarms].sort(),
    );
    const windowProblem = errors.find(
      e => e.annotation === A.drillAllowedWindows,
    )!;
    expect(windowProblem.problem).toMatch(/Commas separate windows/);
    expect(windowProblem.expected).toMatch(/Mon-Fri 09:00-17:00/);
  });
});

describe('hasMultiRegionAnnotations', () => {
  it('is true with any key of the vocabulary and false without', () => {
    expect(hasMultiRegionAnnotations(entityWith({}))).toBe(true);
    expect(
      hasMultiRegionAnnotations({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'x',
          annotations: { 'backstage.io/source-location': 'url:x' },
        },
      }),
    ).toBe(false);
  });
});

import {
  CreateClusterCommand,
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  DeleteControlPanelCommand,
  DeleteRoutingControlCommand,
  DeleteSafetyRuleCommand,
  DescribeClusterCommand,
  DescribeControlPanelCommand,
  DescribeRoutingControlCommand,
  DescribeSafetyRuleCommand,
  ListAssociatedRoute53HealthChecksCommand,
  ListClustersCommand,
  ListRoutingControlsCommand,
  ListSafetyRulesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListControlPanels,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  GetRoutingControlStateCommand,
  UpdateRoutingControlStateCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PANEL,
  ORDERS_PRIMARY,
  ORDERS_RULE,
  ORDERS_SECONDARY,
  clusterClient,
  controlPlaneClient,
  signedRawRequest,
} from '../__testUtils__/clients';

const CLUSTER =
  'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10';

describe('ARC control plane over the real SDK', () => {
  let emu: Emulator;
  let client: ReturnType<typeof controlPlaneClient>;
  beforeAll(async () => {
    // No deployment delay: each change is deployed by the next request (deployment.test.ts covers the delay).
    // Many calls in a row: control-plane throttling is tested in controlPlaneThrottling.test.ts.
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 0,
      controlPlaneRequestsPerSecond: 0,
    });
    client = controlPlaneClient(emu.controlPlaneEndpoint);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  it('DescribeCluster returns the five emulated endpoints', async () => {
    const { Cluster } = await client.send(
      new DescribeClusterCommand({ ClusterArn: CLUSTER }),
    );
    expect(Cluster).toMatchObject({
      ClusterArn: CLUSTER,
      Name: 'shared-arc',
      Status: 'DEPLOYED',
    });
    expect(Cluster!.ClusterEndpoints).toEqual(emu.clusterEndpoints);
    const { Clusters } = await client.send(new ListClustersCommand({}));
    expect(Clusters!.map(c => c.ClusterArn)).toEqual([CLUSTER]);
    const log = emu.requestLog().filter(e => e.service === 'arc-control');
    expect(log[0]).toMatchObject({
      operation: 'DescribeCluster',
      signingService: 'route53-recovery-control-config',
      signingRegion: 'us-west-2',
      status: 200,
    });
  });

  it('lists panels, controls, rules and associated health checks of the example organisation', async () => {
    const panels: string[] = [];
    for await (const page of paginateListControlPanels(
      { client, pageSize: 2 },
      { ClusterArn: CLUSTER },
    )) {
      panels.push(...page.ControlPanels!.map(p => p.Name!));
    }
    expect(panels).toEqual([
      'external-api-panel',
      'orders-panel',
      'payments-panel',
    ]);

    const { ControlPanel } = await client.send(
      new DescribeControlPanelCommand({ ControlPanelArn: ORDERS_PANEL }),
    );
    expect(ControlPanel).toMatchObject({
      Name: 'orders-panel',
      RoutingControlCount: 2,
      ClusterArn: CLUSTER,
    });

    const { RoutingControls } = await client.send(
      new ListRoutingControlsCommand({ ControlPanelArn: ORDERS_PANEL }),
    );
    expect(RoutingControls!.map(c => [c.Name, c.RoutingControlArn])).toEqual([
      ['orders-primary-rc', ORDERS_PRIMARY],
      ['orders-secondary-rc', ORDERS_SECONDARY],
    ]);
    const { RoutingControl } = await client.send(
      new DescribeRoutingControlCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    expect(RoutingControl).toMatchObject({
      Name: 'orders-primary-rc',
      ControlPanelArn: ORDERS_PANEL,
      Status: 'DEPLOYED',
    });

    const { SafetyRules } = await client.send(
      new ListSafetyRulesCommand({ ControlPanelArn: ORDERS_PANEL }),
    );
    expect(SafetyRules).toEqual([
      {
        ASSERTION: {
          AssertedControls: [ORDERS_PRIMARY, ORDERS_SECONDARY],
          ControlPanelArn: ORDERS_PANEL,
          Name: 'orders-at-least-one-on',
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          SafetyRuleArn: ORDERS_RULE,
          Status: 'DEPLOYED',
          WaitPeriodMs: 0,
          Owner: '111122223333',
        },
      },
    ]);
    const described = await client.send(
      new DescribeSafetyRuleCommand({ SafetyRuleArn: ORDERS_RULE }),
    );
    expect(described.AssertionRule?.Name).toBe('orders-at-least-one-on');

    const { HealthCheckIds } = await client.send(
      new ListAssociatedRoute53HealthChecksCommand({
        RoutingControlArn: ORDERS_SECONDARY,
      }),
    );
    expect(HealthCheckIds).toEqual(['1e0f7a10-0000-4000-8000-000000000004']);

    const { Tags } = await client.send(
      new ListTagsForResourceCommand({ ResourceArn: ORDERS_PANEL }),
    );
    expect(Tags).toEqual({
      'backstage.io/entity-ref': 'component:default/orders',
      'backstage.io/owner': 'group:default/team-orders',
    });
  });

  it('creates a panel, controls and a rule idempotently; the data plane sees them once deployed', async () => {
    const created = await client.send(
      new CreateControlPanelCommand({
        ClusterArn: CLUSTER,
        ControlPanelName: 'billing-panel',
        ClientToken: 'token-1',
        Tags: { 'backstage.io/entity-ref': 'component:default/billing' },
      }),
    );
    const again = await client.send(
      new CreateControlPanelCommand({
        ClusterArn: CLUSTER,
        ControlPanelName: 'billing-panel',
        ClientToken: 'token-1',
      }),
    );
    const panelArn = created.ControlPanel!.ControlPanelArn!;
    // The create answer is PENDING even without a delay; the next request sees DEPLOYED.
    expect(created.ControlPanel!.Status).toBe('PENDING');
    expect(again.ControlPanel!.Status).toBe('DEPLOYED');
    expect(panelArn).toMatch(
      /^arn:aws:route53-recovery-control::111122223333:controlpanel\/[0-9a-f]{32}$/,
    );
    expect(again.ControlPanel!.ControlPanelArn).toBe(panelArn);

    const rcs = [];
    for (const name of ['billing-primary-rc', 'billing-secondary-rc']) {
      const { RoutingControl } = await client.send(
        new CreateRoutingControlCommand({
          ClusterArn: CLUSTER,
          ControlPanelArn: panelArn,
          RoutingControlName: name,
          ClientToken: name,
        }),
      );
      rcs.push(RoutingControl!.RoutingControlArn!);
    }
    expect(rcs[0]).toMatch(
      new RegExp(`^${panelArn}/routingcontrol/[0-9a-f]{16}$`),
    );
    const repeat = await client.send(
      new CreateRoutingControlCommand({
        ClusterArn: CLUSTER,
        ControlPanelArn: panelArn,
        RoutingControlName: 'x',
        ClientToken: 'billing-primary-rc',
      }),
    );
    expect(repeat.RoutingControl!.RoutingControlArn).toBe(rcs[0]);

    const { AssertionRule } = await client.send(
      new CreateSafetyRuleCommand({
        AssertionRule: {
          AssertedControls: rcs,
          ControlPanelArn: panelArn,
          Name: 'billing-at-least-one-on',
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          WaitPeriodMs: 0,
        },
      }),
    );
    expect(AssertionRule!.SafetyRuleArn).toMatch(
      new RegExp(`^${panelArn}/safetyrule/[0-9a-f]{16}$`),
    );

    // New controls are Off; the data plane serves them from every endpoint.
    const data = clusterClient(emu.clusterEndpoints[3]);
    const state = await data.send(
      new GetRoutingControlStateCommand({ RoutingControlArn: rcs[0] }),
    );
    expect(state).toMatchObject({
      RoutingControlState: 'Off',
      RoutingControlName: 'billing-primary-rc',
    });
    await data.send(
      new UpdateRoutingControlStateCommand({
        RoutingControlArn: rcs[0],
        RoutingControlState: 'On',
      }),
    );
    const blocked = await data
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: rcs[0],
          RoutingControlState: 'Off',
        }),
      )
      .catch(e => e);
    expect(blocked.resourceId).toBe(AssertionRule!.SafetyRuleArn);

    await client.send(
      new TagResourceCommand({
        ResourceArn: panelArn,
        Tags: { team: 'billing' },
      }),
    );
    await client.send(
      new UntagResourceCommand({
        ResourceArn: panelArn,
        TagKeys: ['backstage.io/entity-ref'],
      }),
    );
    const { Tags } = await client.send(
      new ListTagsForResourceCommand({ ResourceArn: panelArn }),
    );
    expect(Tags).toEqual({ team: 'billing' });

    // Deleting in the wrong order is refused; in the right order it works.
    const early = await client
      .send(new DeleteControlPanelCommand({ ControlPanelArn: panelArn }))
      .catch(e => e);
    expect(early.name).toBe('ConflictException');
    const inUse = await client
      .send(new DeleteRoutingControlCommand({ RoutingControlArn: rcs[0] }))
      .catch(e => e);
    expect(inUse.name).toBe('ConflictException');
    await client.send(
      new DeleteSafetyRuleCommand({
        SafetyRuleArn: AssertionRule!.SafetyRuleArn,
      }),
    );
    for (const arn of rcs)
      await client.send(
        new DeleteRoutingControlCommand({ RoutingControlArn: arn }),
      );
    await client.send(
      new DeleteControlPanelCommand({ ControlPanelArn: panelArn }),
    );
    const gone = await client
      .send(new DescribeControlPanelCommand({ ControlPanelArn: panelArn }))
      .catch(e => e);
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata.httpStatusCode).toBe(404);
    expect(gone.message).toContain(panelArn);
  });

  it('validates create requests and unknown clusters', async () => {
    const bad = await client
      .send(
        new CreateControlPanelCommand({
          ClusterArn: CLUSTER,
          ControlPanelName: 'has spaces',
        }),
      )
      .catch(e => e);
    expect(bad.name).toBe('ValidationException');
    expect(bad.$metadata.httpStatusCode).toBe(400);
    const unknown = await client
      .send(
        new CreateControlPanelCommand({
          ClusterArn: `${CLUSTER}0`,
          ControlPanelName: 'p',
        }),
      )
      .catch(e => e);
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('answers an operation it does not emulate, and an unknown route, with a 404 UnknownOperationException', async () => {
    // CreateCluster is POST /cluster; only GET (ListClusters) is emulated there.
    const error = await client
      .send(new CreateClusterCommand({ ClusterName: 'second' }))
      .catch(e => e);
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe(
      'No operation for POST /cluster: this path takes GET',
    );
    expect(emu.requestLog().pop()).toMatchObject({
      operation: 'unknown',
      status: 404,
      errorCode: 'UnknownOperationException',
    });
    const { AssertionRule } = await client.send(
      new DescribeSafetyRuleCommand({ SafetyRuleArn: ORDERS_RULE }),
    );
    expect(AssertionRule!.Name).toBe('orders-at-least-one-on');

    const raw = await signedRawRequest(
      `${emu.controlPlaneEndpoint}/resourcePolicy/${encodeURIComponent(
        ORDERS_PANEL,
      )}`,
      { service: 'route53-recovery-control-config', region: 'us-west-2' },
    );
    expect(raw.status).toBe(404);
    expect(raw.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(raw.headers['content-type']).toBe('application/json');
    expect(JSON.parse(raw.body)).toEqual({
      __type: 'UnknownOperationException',
      message: `No operation for GET /resourcePolicy/${encodeURIComponent(
        ORDERS_PANEL,
      )}`,
    });
  });

  it('rejects a control-plane call signed for the wrong region', async () => {
    const wrong = controlPlaneClient(emu.controlPlaneEndpoint, 'us-east-1');
    const error = await wrong
      .send(new DescribeClusterCommand({ ClusterArn: CLUSTER }))
      .catch(e => e);
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(emu.requestLog().pop()).toMatchObject({
      signingRegion: 'us-east-1',
      status: 403,
      errorCode: 'InvalidSignatureException',
    });
  });
});

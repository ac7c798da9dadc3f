import { CreateControlPanelCommand } from '@aws-sdk/client-route53-recovery-control-config';
import { ConflictError } from '@backstage/errors';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
  parseArcArn,
} from '@multi-region-failover/plugin-multi-region-common';
import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';
import { JsonValue } from '@backstage/types';
import {
  ACCOUNT,
  actionContext,
  completeChangesOnceRead,
  configFor,
  CLUSTER_ARN,
  FAST_POLLS,
  ORDERS_PANEL,
  outputsOf,
  SteerableClock,
  trace,
  useTestEmulator,
  whenLogged,
} from '../../__testUtils__/emulator';
import { ArcProvisioner } from './ArcProvisioner';
import { createArcProvisionAction } from './createArcProvisionAction';

describe('multi-region:arc:provision', () => {
  const env = useTestEmulator();

  const input = {
    name: 'inventory',
    cluster: 'shared-arc',
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    owner: 'group:default/team-orders',
  };
  const action = () =>
    createArcProvisionAction({ config: configFor(env.emu), aws: env.aws });
  const creates = () =>
    env.emu.requestLog().filter(
      e =>
        e.service === 'arc-control' &&
        e.operation.startsWith('Create') &&
        // a throttled attempt (retried) creates nothing
        e.status !== 429,
    );
  const panelsNamed = (name: string) =>
    env.emu.snapshot().controlPanels.filter(p => p.Name === name);

  it('creates a tagged control panel, two routing controls and the at-least-one-On rule', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    const out = outputsOf(ctx);

    const [panel] = panelsNamed('inventory-panel');
    expect(panel.ClusterArn).toBe(CLUSTER_ARN);
    expect(panel.Tags).toMatchObject({
      'backstage.io/entity-ref': 'component:default/inventory',
      'backstage.io/owner': 'group:default/team-orders',
    });
    expect(out.controlPanelArn).toBe(panel.ControlPanelArn);
    expect(out.entityRef).toBe('component:default/inventory');
    expect(out.clusterArn).toBe(CLUSTER_ARN);

    const controls = env.emu
      .snapshot()
      .routingControls.filter(c => c.ControlPanelArn === panel.ControlPanelArn);
    expect(controls.map(c => [c.Name, c.RoutingControlArn]).sort()).toEqual([
      ['inventory-primary-rc', out.primaryRoutingControlArn],
      ['inventory-secondary-rc', out.secondaryRoutingControlArn],
    ]);
    for (const arn of [
      out.primaryRoutingControlArn,
      out.secondaryRoutingControlArn,
    ]) {
      const parsed = parseArcArn(arn as string);
      expect(parsed.ok && parsed.value.controlPanelArn).toBe(
        panel.ControlPanelArn,
      );
    }

    const rules = env.emu
      .snapshot()
      .safetyRules.filter(r => r.ControlPanelArn === panel.ControlPanelArn);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      SafetyRuleArn: out.safetyRuleArn,
      Name: 'inventory-at-least-one-on',
      Kind: 'ASSERTION',
      RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
    });
    expect(rules[0].AssertedControls?.slice().sort()).toEqual(
      [out.primaryRoutingControlArn, out.secondaryRoutingControlArn].sort(),
    );

    // The control plane is signed for its only region, with the keys that
    // aws: env.aws.accounts gives for the cluster's account.
    for (const entry of env.emu
      .requestLog()
      .filter(e => e.service === 'arc-control')) {
      expect(entry).toMatchObject({
        signingRegion: 'us-west-2',
        signingService: 'route53-recovery-control-config',
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
      });
    }
  });

  it('is idempotent: a second run finds everything and returns the same ARNs', async () => {
    const first = actionContext(input);
    await action().handler(first);
    const createsAfterFirst = creates().length;
    expect(createsAfterFirst).toBe(4);

    const second = actionContext(input);
    await action().handler(second);
    expect(outputsOf(second)).toEqual(outputsOf(first));
    expect(creates()).toHaveLength(createsAfterFirst);
    expect(panelsNamed('inventory-panel')).toHaveLength(1);
  });

  it('skips checkpointed steps when the task resumes', async () => {
    const store = new Map<string, JsonValue>();
    await action().handler(actionContext(input, { store }));
    env.emu.clearLog();
    const resumed = actionContext(input, { store });
    await action().handler(resumed);
    expect(
      env.emu.requestLog().filter(e => e.service === 'arc-control'),
    ).toEqual([]);
    expect(outputsOf(resumed).controlPanelArn).toBe(
      panelsNamed('inventory-panel')[0].ControlPanelArn,
    );
  });

  it('makes no AWS call in a dry run and outputs placeholder ARNs of the right shape', async () => {
    const ctx = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(env.emu.requestLog()).toEqual([]);
    const out = outputsOf(ctx);
    for (const key of [
      'controlPanelArn',
      'primaryRoutingControlArn',
      'secondaryRoutingControlArn',
      'safetyRuleArn',
    ]) {
      expect(parseArcArn(out[key] as string).ok).toBe(true);
      expect(out[key]).toContain('dryrun');
    }
    expect(out.primaryRoutingControlArn).not.toBe(
      out.secondaryRoutingControlArn,
    );
  });

  it('leaves out the safety rule when asked to', async () => {
    const ctx = actionContext({ ...input, safetyRule: false });
    await action().handler(ctx);
    expect(outputsOf(ctx).safetyRuleArn).toBeUndefined();
    expect(env.emu.requestLog().map(e => e.operation)).not.toContain(
      'CreateSafetyRule',
    );
  });

  it('retries a throttled control-plane request (429 ThrottlingException) with backoff and succeeds', async () => {
    await env.emu.setFault('controlPlane', 'throttle', {
      operations: ['CreateRoutingControl'],
    });
    // the throttling ends once it has refused one request
    const throttled = whenLogged(
      env.emu,
      e => e.errorCode === 'ThrottlingException',
    ).then(() => env.emu.clearFaults());
    const ctx = actionContext(input);
    await action().handler(ctx);
    await throttled;

    const attempts = env.emu
      .requestLog()
      .filter(e => e.operation === 'CreateRoutingControl');
    expect(attempts[0]).toMatchObject({
      status: 429,
      errorCode: 'ThrottlingException',
    });
    expect(attempts.filter(e => e.status === 200)).toHaveLength(2);
    expect(
      env.emu
        .snapshot()
        .routingControls.filter(c => c.Name.startsWith('inventory-'))
        .map(c => c.Name)
        .sort(),
    ).toEqual(['inventory-primary-rc', 'inventory-secondary-rc']);
  });

  it('rejects a pair of equal regions before touching AWS', async () => {
    await expect(
      action().handler(
        actionContext({ ...input, secondaryRegion: 'us-east-1' }),
      ),
    ).rejects.toThrow(/primary and secondary region are both "us-east-1"/);
    await expect(
      action().handler(
        actionContext(
          { ...input, secondaryRegion: 'us-west2' },
          { isDryRun: true },
        ),
      ),
    ).rejects.toThrow(/"us-west2" is not an AWS region code/);
    expect(env.emu.requestLog()).toEqual([]);
  });

  it('names the configured clusters when the cluster is unknown', async () => {
    await expect(
      action().handler(actionContext({ ...input, cluster: 'other-arc' })),
    ).rejects.toThrow(/Unknown ARC cluster "other-arc".*"shared-arc"/);
  });

  it('tags the panel with the owner as a full group ref, in the component namespace', async () => {
    await action().handler(
      actionContext({
        ...input,
        name: 'short-owner',
        namespace: 'shop',
        owner: 'team-orders',
      }),
    );
    expect(panelsNamed('short-owner-panel')[0].Tags).toMatchObject({
      [ENTITY_REF_TAG]: 'component:shop/short-owner',
      [OWNER_TAG]: 'group:shop/team-orders',
    });
  });

  it('adopts an existing panel only when it names this entity and this owner', async () => {
    // orders-panel: tagged component:default/orders and group:default/team-orders
    const ctx = actionContext({ ...input, name: 'orders' });
    await action().handler(ctx);
    expect(outputsOf(ctx).controlPanelArn).toBe(ORDERS_PANEL);
    // refs compare case-insensitively, as in the catalog
    await expect(
      action().handler(
        actionContext({
          ...input,
          name: 'orders',
          owner: 'group:default/Team-Orders',
        }),
      ),
    ).resolves.toBeUndefined();
    expect(creates().filter(e => e.operation === 'CreateControlPanel')).toEqual(
      [],
    );
  });

  it('refuses to adopt a panel that belongs to another entity or to nobody', async () => {
    await expect(
      action().handler(
        actionContext({ ...input, name: 'orders', namespace: 'other' }),
      ),
    ).rejects.toThrow(/belongs to component:default\/orders/);
    await expect(
      action().handler(actionContext({ ...input, name: 'legacy' })),
    ).rejects.toThrow(/without a backstage.io\/entity-ref tag/);
    expect(creates()).toEqual([]);
  });

  it('refuses to adopt a panel of its entity whose backstage.io/owner tag is missing, before creating anything', async () => {
    const refused = action().handler(
      actionContext({ ...input, name: 'ownerless' }),
    );
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(
      'Control panel "ownerless-panel" already exists in the cluster for component:default/ownerless but has no backstage.io/owner tag',
    );
    await expect(refused).rejects.toThrow(
      'tag it backstage.io/owner=group:default/team-orders',
    );
    expect(creates()).toEqual([]);
    expect(
      env.emu
        .snapshot()
        .routingControls.filter(c => c.Name.startsWith('ownerless-')),
    ).toEqual([]);
  });

  it('refuses to adopt a panel of its entity that another group owns, before creating anything', async () => {
    const refused = action().handler(
      actionContext({
        ...input,
        name: 'orders',
        owner: 'group:default/team-payments',
      }),
    );
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(
      'is owned by group:default/team-orders (tag backstage.io/owner), not by group:default/team-payments (expected backstage.io/owner=group:default/team-payments)',
    );
    expect(creates()).toEqual([]);
  });

  it.each([
    ['no owner', { owner: undefined }, /owner undefined is not valid/],
    [
      'a user as owner',
      { owner: 'user:default/guest' },
      /owner "user:default\/guest" is not valid: expected a group entity ref/,
    ],
    [
      'an injected document as owner',
      { owner: 'group:default/team-orders\n---\nkind: Group' },
      /owner "group:default\/team-orders\\n---\\nkind: Group" is not valid/,
    ],
    [
      'an injected document as name',
      { name: 'inventory\n---' },
      /name "inventory\\n---" is not valid: expected lower-case letters/,
    ],
    [
      'a namespace that is not one',
      { namespace: 'Other Space' },
      /namespace "Other Space" is not valid/,
    ],
  ])(
    'refuses %s itself, before any AWS call (a caller may skip the scaffolder)',
    async (_, change, message) => {
      for (const isDryRun of [false, true]) {
        await expect(
          action().handler(
            // as a caller that skips the scaffolder's schema check would
            actionContext({ ...input, ...change } as typeof input, {
              isDryRun,
            }),
          ),
        ).rejects.toThrow(message);
      }
      expect(env.emu.requestLog()).toEqual([]);
    },
  );
});

describe('multi-region:arc:provision, waiting for ARC to deploy', () => {
  // Long enough that nothing deploys unless the test moves the clock.
  const DELAY = 20_000;
  const clock = new SteerableClock();
  const env = useTestEmulator({ deploymentDelayMs: DELAY, clock: clock.now });
  // back to real time before the emulator is reset for the next test
  afterEach(() => clock.reset());

  const input = {
    name: 'inventory',
    cluster: 'shared-arc',
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    owner: 'group:default/team-orders',
  };
  const tags = {
    [ENTITY_REF_TAG]: 'component:default/inventory',
    [OWNER_TAG]: 'group:default/team-orders',
  };
  const action = (extra = {}) =>
    createArcProvisionAction({
      config: configFor(env.emu, extra),
      aws: env.aws,
    });
  const controlPlaneTrace = () =>
    trace(env.emu.requestLog(), 'arc-control', DELAY);
  /** The deployment statuses the action logged. */
  const statuses = (logged: string[]) =>
    logged.filter(m => /^(control panel|routing control|safety rule) /.test(m));
  describe('when every change deploys after the action has seen it PENDING', () => {
    let stop: () => void;
    beforeEach(() => {
      stop = completeChangesOnceRead(env.emu, clock, DELAY);
    });
    afterEach(() => stop());

    it('creates each resource only once the one before is DEPLOYED, and logs the statuses', async () => {
      const ctx = actionContext(input);
      await action().handler(ctx);

      expect(controlPlaneTrace()).toEqual([
        'ListControlPanels',
        'CreateControlPanel',
        'DescribeControlPanel PENDING',
        'DescribeControlPanel DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
        'DescribeRoutingControl PENDING',
        'DescribeRoutingControl DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
        'DescribeRoutingControl PENDING',
        'DescribeRoutingControl DEPLOYED',
        'ListSafetyRules',
        'CreateSafetyRule',
        'DescribeSafetyRule PENDING',
        'DescribeSafetyRule DEPLOYED',
      ]);
      expect(statuses(ctx.logged())).toEqual([
        'control panel inventory-panel: PENDING',
        'control panel inventory-panel: DEPLOYED',
        'routing control inventory-primary-rc: PENDING',
        'routing control inventory-primary-rc: DEPLOYED',
        'routing control inventory-secondary-rc: PENDING',
        'routing control inventory-secondary-rc: DEPLOYED',
        'safety rule inventory-at-least-one-on: PENDING',
        'safety rule inventory-at-least-one-on: DEPLOYED',
      ]);
      expect(outputsOf(ctx).safetyRuleArn).toBeDefined();
    });

    it('adopts its panel while it is still PENDING: waits for it before creating its controls', async () => {
      const { ControlPanel: pending } = await env.aws.controlPlane
        .sdk(ACCOUNT)
        .send(
          new CreateControlPanelCommand({
            ClusterArn: CLUSTER_ARN,
            ControlPanelName: 'inventory-panel',
            Tags: tags,
          }),
        );
      const ctx = actionContext({ ...input, safetyRule: false });
      await action().handler(ctx);

      expect(outputsOf(ctx).controlPanelArn).toBe(pending!.ControlPanelArn);
      expect(controlPlaneTrace().slice(0, 7)).toEqual([
        'CreateControlPanel', // the test's
        'ListControlPanels',
        'ListTagsForResource',
        'DescribeControlPanel PENDING',
        'DescribeControlPanel DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
      ]);
      expect(statuses(ctx.logged()).slice(0, 2)).toEqual([
        'control panel inventory-panel: PENDING',
        'control panel inventory-panel: DEPLOYED',
      ]);
    });

    it('meets a PENDING panel with a ConflictException: waits for the panel, then creates', async () => {
      const sdk = env.aws.controlPlane.sdk(ACCOUNT);
      const { ControlPanel: panel } = await sdk.send(
        new CreateControlPanelCommand({
          ClusterArn: CLUSTER_ARN,
          ControlPanelName: 'inventory-panel',
          Tags: tags,
        }),
      );
      const logged: string[] = [];
      const provisioner = new ArcProvisioner(env.aws.controlPlane, {
        accountId: ACCOUNT,
        clusterArn: CLUSTER_ARN,
        tokenSeed: 'task-1',
        deploymentWait: FAST_POLLS.arc.deploymentWait,
        log: m => logged.push(m),
      });
      const control = await provisioner.ensureRoutingControl(
        panel!.ControlPanelArn!,
        'inventory-primary-rc',
      );

      expect(control.created).toBe(true);
      expect(controlPlaneTrace()).toEqual([
        'CreateControlPanel',
        'ListRoutingControls',
        'CreateRoutingControl ConflictException',
        'DescribeControlPanel PENDING',
        'DescribeControlPanel DEPLOYED',
        'ListRoutingControls',
        'CreateRoutingControl',
        'DescribeRoutingControl PENDING',
        'DescribeRoutingControl DEPLOYED',
      ]);
      expect(logged).toEqual([
        'routing control inventory-primary-rc: ConflictException, control panel inventory-panel is PENDING (another change of it is deploying); waiting, then trying again',
        'control panel inventory-panel: PENDING',
        'control panel inventory-panel: DEPLOYED',
        'routing control inventory-primary-rc: PENDING',
        'routing control inventory-primary-rc: DEPLOYED',
      ]);
    });
  });

  it('fails the step with an error naming the resource when it does not deploy within maxWaitSeconds', async () => {
    // nobody moves the clock: the panel stays PENDING for DELAY ms
    const slow = action({
      multiRegionScaffolder: { arc: { deploymentWait: { maxWaitSeconds: 2 } } },
    });
    const ctx = actionContext(input);
    await expect(slow.handler(ctx)).rejects.toThrow(
      /^control panel inventory-panel is still PENDING after 2 s \(multiRegionScaffolder\.arc\.deploymentWait\.maxWaitSeconds\)\. Run the template again later/,
    );
    expect(
      env.emu.requestLog().filter(e => e.operation === 'CreateRoutingControl'),
    ).toEqual([]);
  });
});

import { ConflictError } from '@backstage/errors';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
  parseArcArn,
} from '@multi-region-failover/plugin-multi-region-common';
import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';
import { JsonValue } from '@backstage/types';
import {
  actionContext,
  configFor,
  CLUSTER_ARN,
  ORDERS_PANEL,
  outputsOf,
  useTestEmulator,
} from '../../__testUtils__/emulator';
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
    env.emu
      .requestLog()
      .filter(
        e => e.service === 'arc-control' && e.operation.startsWith('Create'),
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

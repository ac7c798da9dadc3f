import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import {
  actionContext,
  configFor,
  PLACEHOLDER_ALIAS_TARGETS,
  useTestEmulator,
} from '../__testUtils__/emulator';
import { HOSTILE_VALUES } from '../__testUtils__/hostileInputs';
import {
  DNS_NAME_RULE,
  EXTERNAL_API_PATH_RULE,
  HOSTED_ZONE_ID_RULE,
  InputRule,
  NAMESPACE_RULE,
  OWNER_REF_RULE,
  SERVICE_NAME_RULE,
} from '../lib/inputs';
import { createArcProvisionAction } from './arc/createArcProvisionAction';
import { createAddRouteAction } from './externalApi/createAddRouteAction';
import { createPublishLocalAction } from './publish/createPublishLocalAction';
import { createRoute53ProvisionAction } from './route53/createRoute53ProvisionAction';

/*
 * The scaffolder checks an action's input against its JSON schema, but a
 * handler does not rely on that: called directly (another runner, a test, a
 * future refactor), each action refuses every hostile value of every input
 * it validates with an InputError naming the input, before any AWS call or
 * file write, in a dry run too.
 */
/** A context with any input, as a caller that skips the schema check passes it. */
function anyInput(
  input: JsonObject,
  options: Parameters<typeof actionContext>[1],
): any {
  return actionContext(input, options);
}

describe('each action refuses hostile inputs itself', () => {
  const env = useTestEmulator();
  const dir = createMockDirectory();
  beforeEach(() => dir.setContent({ workspace: {}, published: {} }));

  const panel =
    'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
  const cases: Array<{
    action: string;
    run: (input: JsonObject, isDryRun: boolean) => Promise<void>;
    input: JsonObject;
    fields: Record<string, InputRule>;
  }> = [
    {
      action: 'multi-region:arc:provision',
      run: (input, isDryRun) =>
        createArcProvisionAction({
          config: configFor(env.emu),
          aws: env.aws,
        }).handler(anyInput(input, { isDryRun })),
      input: {
        name: 'inventory',
        cluster: 'shared-arc',
        primaryRegion: 'us-east-1',
        secondaryRegion: 'us-west-2',
        owner: 'group:default/team-orders',
      },
      fields: {
        name: SERVICE_NAME_RULE,
        owner: OWNER_REF_RULE,
        namespace: NAMESPACE_RULE,
      },
    },
    {
      action: 'multi-region:route53:provision',
      run: (input, isDryRun) =>
        createRoute53ProvisionAction({
          config: configFor(env.emu, PLACEHOLDER_ALIAS_TARGETS),
          aws: env.aws,
        }).handler(anyInput(input, { isDryRun })),
      input: {
        name: 'inventory',
        dnsName: 'inventory.example.com',
        hostedZoneId: 'Z0EXAMPLE1PUBLIC',
        primaryRegion: 'us-east-1',
        secondaryRegion: 'us-west-2',
        primaryRoutingControlArn: `${panel}/routingcontrol/3c4d5e6f708192a3`,
        secondaryRoutingControlArn: `${panel}/routingcontrol/4d5e6f708192a3b4`,
      },
      fields: {
        name: SERVICE_NAME_RULE,
        dnsName: DNS_NAME_RULE,
        hostedZoneId: HOSTED_ZONE_ID_RULE,
      },
    },
    {
      action: 'multi-region:external-api:add-route',
      run: (input, isDryRun) =>
        createAddRouteAction({ config: new ConfigReader({}) }).handler(
          anyInput(input, {
            isDryRun,
            workspacePath: dir.resolve('workspace'),
          }),
        ),
      input: {
        name: 'inventory',
        path: '/inventory',
        dnsName: 'inventory.example.com',
        owner: 'group:default/team-orders',
      },
      fields: {
        name: SERVICE_NAME_RULE,
        path: EXTERNAL_API_PATH_RULE,
        dnsName: DNS_NAME_RULE,
        owner: OWNER_REF_RULE,
      },
    },
    {
      action: 'multi-region:publish:local',
      run: (input, isDryRun) =>
        createPublishLocalAction({
          config: new ConfigReader({
            multiRegionScaffolder: {
              localPublishDir: dir.resolve('published'),
            },
          }),
        }).handler(
          anyInput(input, {
            isDryRun,
            workspacePath: dir.resolve('workspace'),
          }),
        ),
      input: { name: 'inventory' },
      fields: { name: SERVICE_NAME_RULE },
    },
  ];

  it.each(
    cases.flatMap(c =>
      Object.entries(c.fields).map(
        ([field, rule]) => [c.action, field, rule] as const,
      ),
    ),
  )('%s refuses every hostile %s', async (action, field, rule) => {
    const { run, input } = cases.find(c => c.action === action)!;
    const hostile = Object.entries(HOSTILE_VALUES).filter(
      ([, value]) => !rule.pattern.test(value),
    );
    expect(hostile.length).toBeGreaterThan(35);
    const wrong: string[] = [];
    for (const [what, value] of hostile) {
      for (const isDryRun of [false, true]) {
        const error = await run({ ...input, [field]: value }, isDryRun).then(
          () => undefined,
          e => e,
        );
        if (
          error?.name !== 'InputError' ||
          !String(error.message).startsWith(`${field} `)
        ) {
          wrong.push(
            `${what}${isDryRun ? ' (dry run)' : ''}: ${
              error ? `${error.name}: ${error.message}` : 'accepted'
            }`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(env.emu.requestLog()).toEqual([]);
    expect(fs.readdirSync(dir.resolve('workspace'))).toEqual([]);
    expect(fs.readdirSync(dir.resolve('published'))).toEqual([]);
  });
});

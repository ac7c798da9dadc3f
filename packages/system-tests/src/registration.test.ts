import { Emulator } from '@multi-region-failover/aws-emulator';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import {
  BENIGN_LOCATION_ENTITIES,
  catalogYaml,
  HOSTILE_BUT_PRINTABLE_DESCRIPTION,
  HOSTILE_LOCATION_ENTITIES,
  HOSTILE_TEMPLATE_INPUTS,
  INJECTED_GROUP_OWNER,
} from './corpus/hostileRegistrations';
import { ApiClient } from './harness/api';
import { createDatabase, dropDatabase } from './harness/database';
import { repoRoot } from './harness/paths';
import { Replica } from './harness/replica';
import {
  guestToken,
  startReplicas,
  startSystemEmulator,
} from './harness/system';
import { waitFor } from './harness/waitFor';

/*
 * What the dev portal lets into its catalog, on two real dev-backend
 * replicas (one PostgreSQL database, one AWS emulator) that load the
 * `catalog` section of the repository's own app-config.yaml (its rules and
 * locations) and install the dev permission policy. Replica A signs its
 * guest in as user:default/guest (team-orders), replica B as user:default/pat
 * (platform-admins).
 *
 * - a team member may not register a location; a platform admin may, but a
 *   location may hold no User or Group (nor Template or Location): users and
 *   groups come only from examples/org.yaml;
 * - the multi-region-service template refuses hostile input (the injected
 *   Group owner of issue 12 first) before any step runs, and a team member
 *   can still scaffold a service: the template registers it itself, as the
 *   scaffolder, once it has checked the file holds exactly that Component.
 */
jest.setTimeout(300_000);

const TEMPLATE_REF = 'template:default/multi-region-service';

/** The form values of a person creating a service (the e2e test's). */
const FORM = {
  name: 'scaffolded',
  description: 'A multi-region REST service',
  owner: 'group:default/team-orders',
  system: 'system:default/public-api',
  rtoMinutes: 30,
  primaryRegion: 'eu-west-1',
  secondaryRegion: 'eu-central-1',
  subdomain: 'scaffolded',
  topLevelDomain: 'example.com',
  hostedZoneId: 'Z0EXAMPLE1PUBLIC',
  cluster: 'shared-arc',
  safetyRule: true,
  provisionDns: true,
  exposeOnExternalApi: true,
  externalApiPath: '/scaffolded',
  publishTarget: 'local',
};

/** ARC and Route 53 writes in the emulator's request log. */
const WRITE = /^(Create|Change|Update|Delete|Tag|Untag)/;

/** The `catalog` section of the dev portal's app-config.yaml, as it is. */
function devPortalCatalogConfig() {
  const appConfig = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return appConfig.catalog;
}

let emulator: Emulator;
let database: string | undefined;
let dir: string;
let publishDir: string;
const replicas: Replica[] = [];
/** user:default/guest (team-orders) on replica A. */
let guest: ApiClient;
/** user:default/pat (platform-admins) on replica B. */
let admin: ApiClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-registration-'));
  publishDir = path.join(dir, 'published');
  emulator = await startSystemEmulator();
  try {
    database = await createDatabase();
    await startReplicas({
      dir,
      database,
      emulator,
      replicas,
      people: [
        {
          name: 'A',
          user: 'user:default/guest',
          ownership: ['user:default/guest', 'group:default/team-orders'],
        },
        {
          name: 'B',
          user: 'user:default/pat',
          ownership: ['user:default/pat', 'group:default/platform-admins'],
        },
      ],
      // the replicas run in packages/backend, where its relative targets point
      configure: config => ({ ...config, catalog: devPortalCatalogConfig() }),
    });
    guest = new ApiClient(replicas[0].url, await guestToken(replicas[0]));
    admin = new ApiClient(replicas[1].url, await guestToken(replicas[1]));
  } catch (error) {
    const tails = replicas
      .map(r => `--- ${r.name} ---\n${r.logTail(60)}`)
      .join('\n');
    throw new Error(`${(error as Error).message}\n${tails}`);
  }
}, 300_000);

afterAll(async () => {
  await Promise.all(replicas.map(r => r.kill('SIGKILL').catch(() => {})));
  await emulator?.stop().catch(() => {});
  if (database) await dropDatabase(database).catch(() => {});
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The entity `kind/namespace/name` as `client` reads it, or undefined when it is not there. */
async function entity(client: ApiClient, kindNamespaceName: string) {
  const res = await client.json(
    'GET',
    `/api/catalog/entities/by-name/${kindNamespaceName}`,
  );
  if (res.status === 404) return undefined;
  if (res.status !== 200) {
    throw new Error(`GET ${kindNamespaceName}: ${res.status} ${res.text}`);
  }
  return res.body;
}

/** Writes a catalog file under the publish directory (which the catalog may read) and returns its URL. */
function catalogFile(name: string, entities: object[]): string {
  const file = path.join(publishDir, name, 'catalog-info.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, catalogYaml(entities));
  return pathToFileURL(file).href;
}

/**
 * The catalog's processing errors for the location `target` that either
 * replica logged (catalog-backend-module-logs logs each one as a warning).
 */
function loggedProcessingErrors(target: string): string[] {
  // eslint-disable-next-line no-control-regex
  const ansi = /\u001b\[[0-9;]*m/g;
  return replicas
    .flatMap(r =>
      fs.readFileSync(r.logFile, 'utf8').replace(ansi, '').split('\n'),
    )
    .filter(line => line.includes(`originated at url:${target}`));
}

const writesSince = (t: number) =>
  emulator
    .requestLog()
    .filter(e => e.at >= t && WRITE.test(e.operation) && e.status < 400);

describe("the dev portal's catalog rules and permission policy", () => {
  it('load the organisation, the example entities, the template and the repository itself', async () => {
    const refs = [
      'group/default/team-orders',
      'group/default/platform-admins',
      'user/default/guest',
      'system/default/public-api',
      'component/default/orders',
      'api/default/orders-api',
      'template/default/multi-region-service',
      // read through the Location of the repository's catalog-info.yaml
      'component/default/plugin-scaffolder-backend-module-multi-region',
    ];
    const missing = async () => {
      const found = await Promise.all(refs.map(ref => entity(guest, ref)));
      return refs.filter((_, i) => found[i] === undefined);
    };
    await waitFor(
      'the example entities in the catalog',
      async () => (await missing()).length === 0,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(await missing()).toEqual([]);
  });

  it('do not let a team member register a location, not even a harmless one', async () => {
    const target = catalogFile('by-guest', BENIGN_LOCATION_ENTITIES);
    for (const dryRun of [false, true]) {
      const res = await guest.json(
        'POST',
        `/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`,
        { type: 'url', target },
      );
      expect({ status: res.status, error: res.body?.error?.name }).toEqual({
        status: 403,
        error: 'NotAllowedError',
      });
    }
    const locations = await admin.json('GET', '/api/catalog/locations');
    expect(
      (locations.body as any[]).filter(l => l.data.target === target),
    ).toEqual([]);
  });

  it("refuse an admin's location that holds a Group and a User: none of its entities appears", async () => {
    // a harmless location registered the same way is ingested: the refusal
    // below is the rules', not a broken registration
    const benign = catalogFile('by-admin', BENIGN_LOCATION_ENTITIES);
    const hostile = catalogFile('org-takeover', HOSTILE_LOCATION_ENTITIES);

    // a dry run shows the refusal at once, naming the rule
    const dryRun = await admin.json(
      'POST',
      '/api/catalog/locations?dryRun=true',
      { type: 'url', target: hostile },
    );
    expect(dryRun.status).toBe(400);
    expect(dryRun.body.error.message).toMatch(
      /Entity group:default\/attackers at url:file:.*org-takeover.* is not of an allowed kind for that location/,
    );

    for (const target of [benign, hostile]) {
      const res = await admin.json('POST', '/api/catalog/locations', {
        type: 'url',
        target,
      });
      expect({ target, status: res.status }).toEqual({ target, status: 201 });
    }
    await waitFor(
      'the harmless location to be ingested',
      async () =>
        (await entity(admin, 'component/default/registered-by-admin')) !==
        undefined,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    // the hostile one is processed too, and refused as a whole
    const errors = await waitFor(
      "the hostile location's processing error in a replica's log",
      () => {
        const found = loggedProcessingErrors(hostile);
        return found.length ? found : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(errors[0]).toMatch(/is not of an allowed kind for that location/);
    for (const ref of [
      'group/default/attackers',
      'user/default/mallory',
      'component/default/innocent-looking',
    ]) {
      expect({ ref, found: await entity(admin, ref) }).toEqual({
        ref,
        found: undefined,
      });
    }
    const team = await entity(admin, 'group/default/platform-admins');
    expect(
      (team.relations as any[])
        .filter(r => r.type === 'hasMember')
        .map(r => r.targetRef),
    ).not.toContain('user:default/mallory');
  });

  it('refuse every hostile template input, the injected Group owner first, before any step runs', async () => {
    expect(HOSTILE_TEMPLATE_INPUTS[0].values.owner).toBe(INJECTED_GROUP_OWNER);
    const t0 = Date.now();
    const answers = [];
    for (const attack of HOSTILE_TEMPLATE_INPUTS) {
      const res = await guest.json('POST', '/api/scaffolder/v2/tasks', {
        templateRef: TEMPLATE_REF,
        values: {
          ...FORM,
          name: 'attacked',
          subdomain: 'attacked',
          externalApiPath: '/attacked',
          ...attack.values,
        },
      });
      answers.push({
        why: attack.why,
        status: res.status,
        namesField: JSON.stringify(res.body?.errors ?? '').includes(
          `instance.${attack.field} `,
        ),
      });
    }
    expect(answers).toEqual(
      HOSTILE_TEMPLATE_INPUTS.map(a => ({
        why: a.why,
        status: 400,
        namesField: true,
      })),
    );
    const tasks = await admin.json('GET', '/api/scaffolder/v2/tasks');
    expect(tasks.body.tasks ?? []).toEqual([]);
    expect(writesSince(t0)).toEqual([]);
    expect(fs.existsSync(path.join(publishDir, 'attacked'))).toBe(false);
    expect(await entity(admin, 'group/default/attackers')).toBeUndefined();
  });

  it('let a team member scaffold a service: the template registers it, its panel names its owner', async () => {
    const created = await guest.json('POST', '/api/scaffolder/v2/tasks', {
      templateRef: TEMPLATE_REF,
      values: { ...FORM, description: HOSTILE_BUT_PRINTABLE_DESCRIPTION },
    });
    expect(created.status).toBe(201);
    const task = await waitFor(
      'the task to finish',
      async () => {
        const res = await guest.json(
          'GET',
          `/api/scaffolder/v2/tasks/${created.body.id}`,
        );
        return ['completed', 'failed'].includes(res.body?.status)
          ? res.body
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    if (task.status !== 'completed') {
      const events = await guest.json(
        'GET',
        `/api/scaffolder/v2/tasks/${created.body.id}/events`,
      );
      throw new Error(
        (events.body as any[]).map(e => e.body?.message).join('\n'),
      );
    }

    const panel = emulator
      .snapshot()
      .controlPanels.find(p => p.Name === 'scaffolded-panel');
    expect(panel?.Tags).toMatchObject({
      [ENTITY_REF_TAG]: 'component:default/scaffolded',
      [OWNER_TAG]: 'group:default/team-orders',
    });
    const registered = await waitFor(
      'the new service in the catalog',
      () => entity(guest, 'component/default/scaffolded'),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(registered.metadata.description).toBe(
      HOSTILE_BUT_PRINTABLE_DESCRIPTION,
    );
    expect(registered.spec.owner).toBe('group:default/team-orders');
  });
});

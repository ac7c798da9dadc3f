import { createMockDirectory } from '@backstage/backend-test-utils';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DNS_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
} from '@multi-region-failover/plugin-multi-region-common';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import yaml from 'yaml';
import {
  Emulator,
  offlineAppConfig,
  startTestEmulator,
} from './__testUtils__/emulator';
import {
  HOSTILE_VALUES,
  PRINTABLE_HOSTILE_NAMES,
} from './__testUtils__/hostileInputs';
import { startPortalBackend } from './__testUtils__/portalBackend';
import {
  defaultValues,
  DryRunResult,
  dryRunOn,
  readTemplate,
  startScaffolder,
  until,
} from './__testUtils__/templateDryRun';
import { DESCRIPTION_RULE } from './lib/inputs';
import {
  DESCRIPTION_MAX_LENGTH,
  EXTERNAL_API_PATH_PATTERN,
  OWNER_REF_PATTERN,
  SERVICE_NAME_PATTERN,
  SYSTEM_REF_PATTERN,
} from './lib/naming';

/*
 * Hostile values in every free-text field of the multi-region-service
 * template, through the real scaffolder backend, the real template and the
 * real actions. Each value is either refused before anything is provisioned
 * (no ARC or Route 53 write in the emulator, nothing published) or rendered
 * exactly: one entity in catalog-info.yaml whose fields equal the input, and
 * every other rendered file parses and carries the value literally.
 */
jest.setTimeout(600_000);

/** The form's free-text fields, and whether a value follows each one's rule (the oracle). */
const FIELDS: Record<string, (value: string) => boolean> = {
  name: v => SERVICE_NAME_PATTERN.test(v),
  description: v =>
    DESCRIPTION_RULE.pattern.test(v) && [...v].length <= DESCRIPTION_MAX_LENGTH,
  owner: v => OWNER_REF_PATTERN.test(v),
  system: v => SYSTEM_REF_PATTERN.test(v),
  subdomain: v => DNS_NAME_PATTERN.test(`${v}.example.com`) && !v.includes('.'),
  topLevelDomain: v => DNS_NAME_PATTERN.test(v),
  hostedZoneId: v => HOSTED_ZONE_ID_PATTERN.test(v),
  externalApiPath: v => EXTERNAL_API_PATH_PATTERN.test(v),
};

/** Enough of CloudFormation's short-form tags for yaml to read the SAM template. */
const cfnTags = ['Ref', 'Sub', 'GetAtt', 'If', 'Equals'].flatMap(name => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  {
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (value: any) => ({ [name]: value.toJSON() }),
  },
]);

/** Writes to ARC or Route 53 in the emulator's request log. */
const WRITE = /^(Create|Change|Update|Delete|Tag|Untag)/;

/** Parses TOML with Python's tomllib (the standard library since 3.11). */
function parseToml(text: string): any {
  const run = spawnSync(
    'python3',
    [
      '-c',
      'import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))',
    ],
    { input: text, encoding: 'utf8' },
  );
  if (run.error || run.status !== 0) {
    throw new Error(
      `samconfig.toml does not parse (python3 with tomllib, Python 3.11 or newer, is needed): ${
        run.error ?? run.stderr
      }`,
    );
  }
  return JSON.parse(run.stdout);
}

/** The value of a shell single-quoted word (`'...'` with `'\''` for a quote), or undefined. */
function singleQuoted(word: string): string | undefined {
  const match = /^'((?:[^']|'\\'')*)'$/.exec(word);
  return match ? match[1].replace(/'\\''/g, "'") : undefined;
}

/** HTML-escaped as nunjucks' `escape` filter does. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&"'<>\\]/g,
    c =>
      ({
        '&': '&amp;',
        '"': '&quot;',
        "'": '&#39;',
        '<': '&lt;',
        '>': '&gt;',
        '\\': '&#92;',
      }[c]!),
  );
}

/**
 * Checks every file a successful dry run rendered for `values`: one entity
 * with exactly the input's fields, and the input carried literally by the
 * SAM template, samconfig.toml, smoke-test.sh, README.md and the route file.
 */
function expectRenderedExactly(
  files: Record<string, string>,
  values: Record<string, any>,
) {
  const dnsName = `${values.subdomain}.${values.topLevelDomain}`;

  const documents = yaml.parseAllDocuments(files['catalog-info.yaml']);
  expect(Array.isArray(documents) && documents.length).toBe(1);
  const [document] = documents as yaml.Document[];
  expect(document.errors).toEqual([]);
  const entity = document.toJS();
  expect(entity.kind).toBe('Component');
  expect(entity.metadata.name).toBe(values.name);
  expect(entity.metadata.description).toBe(values.description);
  expect(entity.spec.owner).toBe(values.owner);
  expect(entity.spec.system).toBe(values.system);
  expect(entity.metadata.annotations).toMatchObject({
    'multi-region-failover.io/dns-name': dnsName,
    'multi-region-failover.io/hosted-zone-id': values.hostedZoneId,
    'multi-region-failover.io/external-api-path': values.externalApiPath,
    'multi-region-failover.io/rto-minutes': String(values.rtoMinutes),
  });
  expect(entity.metadata.links[0].url).toBe(`https://${dnsName}/`);

  const sam = yaml.parse(files['template.yaml'], { customTags: cfnTags });
  expect(sam.Parameters.ServiceName.Default).toBe(values.name);
  expect(sam.Parameters.Owner.Default).toBe(values.owner);
  expect(sam.Parameters.DomainName.Default).toBe(dnsName);
  expect(sam.Parameters.HostedZoneId.Default).toBe(values.hostedZoneId);

  const toml = parseToml(files['samconfig.toml']);
  for (const env of ['primary', 'secondary']) {
    expect(toml[env].deploy.parameters).toMatchObject({
      stack_name: values.name,
      tags: `service="${values.name}" owner="${values.owner}"`,
    });
  }

  const script = files['smoke-test.sh'];
  const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  expect({ status: syntax.status, stderr: syntax.stderr }).toEqual({
    status: 0,
    stderr: '',
  });
  const urlLines = script.split('\n').filter(l => l.startsWith('url='));
  expect(urlLines).toHaveLength(1);
  expect(singleQuoted(urlLines[0].slice('url='.length))).toBe(
    `https://${dnsName}/`,
  );

  // README: the description, HTML-escaped, on its labelled line; no block of
  // its own (heading, list, fence) can start with it
  const readme = files['README.md'].split('\n');
  expect(readme).toContain(
    `**Description:** ${escapeHtml(values.description)}`,
  );
  expect(readme[0]).toBe(`# ${values.name}`);

  // the route records the owner as a full group ref, as the panel's tag does
  const route = yaml.parse(files['external-api/route.openapi.yaml']);
  expect(
    route.paths[values.externalApiPath]['x-multi-region-failover'],
  ).toEqual({
    service: values.name,
    owner: stringifyEntityRef(
      parseEntityRef(values.owner, { defaultKind: 'group' }),
    ),
  });
}

describe('hostile template inputs, through the real scaffolder, template and actions', () => {
  let emu: Emulator;
  let portal: Awaited<ReturnType<typeof startPortalBackend>>;
  const dir = createMockDirectory();
  const body = readTemplate();

  beforeAll(async () => {
    emu = await startTestEmulator();
    portal = await startPortalBackend(emu, dir);
  });
  afterAll(async () => {
    await portal?.backend.stop();
    await emu?.stop();
  });

  const writes = () =>
    emu.requestLog().filter(e => WRITE.test(e.operation) && e.status < 400);

  /** What the form refused, in the scaffolder's words (400 with `errors`), or undefined. */
  const formErrors = (res: { status: number; body: any }) =>
    res.status === 400 && Array.isArray(res.body?.errors)
      ? (res.body.errors as any[]).map(e => `${e.property} ${e.message}`)
      : undefined;

  /**
   * How the server names a refused field: by its name, except the external
   * API path, which the form shows only when "expose" is ticked (a JSON
   * schema dependency), so the scaffolder reports the dependency.
   */
  const namesField = (field: string) =>
    field === 'externalApiPath'
      ? expect.stringContaining('instance.exposeOnExternalApi ')
      : expect.stringContaining(`instance.${field} `);

  /** The error of a step that failed in a dry run, or undefined. */
  const stepError = (result: DryRunResult) =>
    (result.body?.log ?? [])
      .map((l: any) => l.body)
      .find((b: any) => b?.status === 'failed' && b.message)?.message;

  // Which values each field must accept is the fields' rules' call (FIELDS):
  // a value the rule refuses must be refused by the template, and a value it
  // accepts must come out exactly, in every file.
  const cases = Object.keys(FIELDS).flatMap(field =>
    Object.keys(HOSTILE_VALUES).map(hostile => ({
      field,
      hostile,
      values: { ...defaultValues, [field]: HOSTILE_VALUES[hostile] },
      allowed: FIELDS[field](HOSTILE_VALUES[hostile]),
    })),
  );

  it.each(cases.filter(c => !c.allowed).map(c => [c.field, c.hostile, c]))(
    '%s = <%s> is refused, naming the field, before anything is provisioned',
    async (field, _, { values }) => {
      // refused by the form's pattern, on the server, naming the field
      const dry = await dryRunOn(portal.backend.server, { ...body, values });
      expect({ status: dry.status, errors: formErrors(dry) }).toEqual({
        status: 400,
        errors: expect.arrayContaining([namesField(field)]),
      });

      // and a real run is refused the same way, before any step runs
      emu.clearLog();
      const created = await portal.createTask(values);
      expect({ status: created.status, errors: formErrors(created) }).toEqual({
        status: 400,
        errors: expect.arrayContaining([namesField(field)]),
      });
      expect(writes()).toEqual([]);
    },
  );

  it.each(cases.filter(c => c.allowed).map(c => [c.field, c.hostile, c]))(
    '%s = <%s> is rendered exactly, as one entity, in every file',
    async (_field, _hostile, { values }) => {
      const dry = await dryRunOn(portal.backend.server, { ...body, values });
      expect({ status: dry.status, stepError: stepError(dry) }).toEqual({
        status: 200,
        stepError: undefined,
      });
      expectRenderedExactly(dry.files, values);
    },
  );

  it('accepts the printable hostile values as a description (so the test above renders them)', () => {
    const accepted = Object.keys(HOSTILE_VALUES).filter(name =>
      FIELDS.description(HOSTILE_VALUES[name]),
    );
    expect(accepted.sort()).toEqual([...PRINTABLE_HOSTILE_NAMES].sort());
  });

  it('refuses the injected Group owner in a real run and leaves ARC, Route 53 and the catalog untouched', async () => {
    const panelsBefore = emu.snapshot().controlPanels.length;
    emu.clearLog();
    const created = await portal.createTask({
      ...defaultValues,
      name: 'injected',
      subdomain: 'injected',
      externalApiPath: '/injected',
      owner: HOSTILE_VALUES['injected Group document'],
    });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body.errors)).toContain('instance.owner');
    expect(writes()).toEqual([]);
    expect(emu.snapshot().controlPanels).toHaveLength(panelsBefore);
    expect(fs.existsSync(dir.resolve('published/injected'))).toBe(false);
    expect(await portal.entity('group/default/attackers')).toBeUndefined();
  });

  it('registers exactly the one Component, with the hostile description intact, in a real run', async () => {
    const description = PRINTABLE_HOSTILE_NAMES.map(n => HOSTILE_VALUES[n])
      .join(' | ')
      .slice(0, DESCRIPTION_MAX_LENGTH);
    const values = {
      ...defaultValues,
      name: 'hostile-text',
      subdomain: 'hostile-text',
      externalApiPath: '/hostile-text',
      description,
    };
    const created = await portal.createTask(values);
    expect(created.status).toBe(201);
    const { task, log } = await portal.finished(created.body.id);
    if (task.status !== 'completed') throw new Error(log);

    const published = fs.readFileSync(
      dir.resolve('published/hostile-text/catalog-info.yaml'),
      'utf8',
    );
    expect(yaml.parseAllDocuments(published)).toHaveLength(1);
    const registered = await until('the new entity in the catalog', () =>
      portal.entity('component/default/hostile-text'),
    );
    expect(registered.metadata.description).toBe(description);
    expect(registered.spec.owner).toBe(values.owner);
    expect(await portal.entity('group/default/attackers')).toBeUndefined();
  });
});

describe('the skeleton alone, with no validation in front of it', () => {
  // Defence in depth: even a value the form would refuse cannot add a
  // document or a key to the YAML files the skeleton renders. This runs the
  // real fetch:template on the real skeleton, from a copy of the template
  // whose parameters have no patterns and whose only step is the rendering.
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const { template, directoryContents } = readTemplate();
  const renderOnly = {
    ...template,
    spec: {
      ...template.spec,
      parameters: [],
      steps: [
        {
          id: 'fetch',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: {
              ...Object.fromEntries(
                Object.keys(defaultValues).map(k => [
                  k,
                  `\${{ parameters.${k} }}`,
                ]),
              ),
              dnsName: '${{ parameters.dnsName }}',
              controlPanelArn:
                'arn:aws:route53-recovery-control::111122223333:controlpanel/dryrun00000000000000000000000000',
              primaryRoutingControlArn:
                'arn:aws:route53-recovery-control::111122223333:controlpanel/dryrun00000000000000000000000000/routingcontrol/dryrunprimary000',
              secondaryRoutingControlArn:
                'arn:aws:route53-recovery-control::111122223333:controlpanel/dryrun00000000000000000000000000/routingcontrol/dryrunsecondary0',
              externalApiEntityRef: 'component:default/external-api',
            },
          },
        },
      ],
    },
  };

  beforeAll(async () => {
    scaffolder = await startScaffolder({
      backend: { baseUrl: 'http://localhost:7007' },
      ...offlineAppConfig(),
    });
  });
  afterAll(() => scaffolder?.backend.stop());

  const rendered = ['name', 'description', 'owner', 'system'] as const;
  it.each(
    rendered.flatMap(field =>
      Object.keys(HOSTILE_VALUES).map(h => [field, h] as const),
    ),
  )(
    'renders %s = <%s> into exactly one catalog entity with that value',
    async (field, hostile) => {
      const values = {
        ...defaultValues,
        dnsName: 'inventory.example.com',
        [field]: HOSTILE_VALUES[hostile],
      };
      const res = await dryRunOn(scaffolder.backend.server, {
        template: renderOnly,
        directoryContents,
        values,
      });
      expect(res.status).toBe(200);
      for (const file of ['catalog-info.yaml', 'template.yaml']) {
        const documents = yaml.parseAllDocuments(res.files[file], {
          customTags: cfnTags,
        });
        expect({ file, documents: (documents as any[]).length }).toEqual({
          file,
          documents: 1,
        });
        expect((documents as yaml.Document[])[0].errors).toEqual([]);
      }
      const entity = yaml.parse(res.files['catalog-info.yaml']);
      const actual = {
        name: entity.metadata.name,
        description: entity.metadata.description,
        owner: entity.spec.owner,
        system: entity.spec.system,
      }[field];
      expect(actual).toBe(HOSTILE_VALUES[hostile]);
      const sam = yaml.parse(res.files['template.yaml'], {
        customTags: cfnTags,
      });
      // the SAM template carries the name and the owner (not the others)
      const samParameter = { name: 'ServiceName', owner: 'Owner' }[
        field as string
      ];
      expect(
        samParameter ? sam.Parameters[samParameter].Default : 'not rendered',
      ).toBe(samParameter ? HOSTILE_VALUES[hostile] : 'not rendered');
    },
  );

  it.each(Object.keys(HOSTILE_VALUES))(
    'keeps dnsName = <%s> inside its quotes in smoke-test.sh and its scalar in catalog-info.yaml',
    async hostile => {
      const dnsName = HOSTILE_VALUES[hostile];
      const res = await dryRunOn(scaffolder.backend.server, {
        template: renderOnly,
        directoryContents,
        values: { ...defaultValues, dnsName },
      });
      expect(res.status).toBe(200);
      const script = res.files['smoke-test.sh'];
      const syntax = spawnSync('bash', ['-n'], {
        input: script,
        encoding: 'utf8',
      });
      // one assignment of exactly the URL, however many lines the value spans
      const assignment = /^url=('(?:[^']|'\\'')*')$/m.exec(script);
      expect({
        bash: syntax.status,
        url: assignment && singleQuoted(assignment[1]),
      }).toEqual({
        bash: 0,
        // as a UTF-8 file holds it (an unpaired surrogate becomes U+FFFD)
        url: `https://${Buffer.from(dnsName).toString('utf8')}/`,
      });
      const documents = yaml.parseAllDocuments(res.files['catalog-info.yaml']);
      expect((documents as any[]).length).toBe(1);
      expect(
        (documents as yaml.Document[])[0].toJS().metadata.annotations[
          'multi-region-failover.io/dns-name'
        ],
      ).toBe(dnsName);
    },
  );
});

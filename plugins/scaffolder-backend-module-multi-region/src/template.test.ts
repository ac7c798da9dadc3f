import {
  DNS_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  DESCRIPTION_MAX_LENGTH,
  EXTERNAL_API_PATH_PATTERN,
  OWNER_REF_PATTERN,
  SERVICE_NAME_PATTERN,
  SINGLE_LINE_TEXT_PATTERN,
  SYSTEM_REF_PATTERN,
} from './lib/naming';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { offlineAppConfig } from './__testUtils__/emulator';
import {
  defaultValues,
  DryRunResult,
  startScaffolder,
  TEMPLATE_DIR,
} from './__testUtils__/templateDryRun';

jest.setTimeout(60_000);

/** Enough of CloudFormation's short-form tags for yaml to read the template. */
const cfnTags = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Select',
  'Split',
  'Join',
  'FindInMap',
].flatMap(name => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  {
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (value: any) => ({ [name]: value.toJSON() }),
  },
]);

const config = {
  backend: { baseUrl: 'http://localhost:7007' },
  // a dry run makes no AWS call
  ...offlineAppConfig(),
  multiRegionScaffolder: {
    localPublishDir: path.join(
      os.tmpdir(),
      'multi-region-dry-run-never-written',
    ),
    // the dev portal's setting: its emulator has no API Gateway domains
    route53: { placeholderAliasTargets: true },
  },
};

const parameterSets = {
  default: defaultValues,
  europe: {
    ...defaultValues,
    name: 'billing-ledger',
    subdomain: 'ledger',
    primaryRegion: 'eu-west-1',
    secondaryRegion: 'eu-central-1',
    safetyRule: false,
    provisionDns: false,
    exposeOnExternalApi: false,
    externalApiPath: undefined,
    rtoMinutes: 5,
  },
  github: {
    ...defaultValues,
    name: 'gh-svc',
    subdomain: 'gh-svc',
    externalApiPath: '/gh',
    publishTarget: 'github',
    repoUrl: 'github.com?owner=acme&repo=gh-svc',
  },
  asiaPacific: {
    ...defaultValues,
    name: 'a1',
    subdomain: 'a1-api',
    primaryRegion: 'ap-southeast-2',
    secondaryRegion: 'ap-northeast-1',
    externalApiPath: '/a1',
  },
};

describe('the multi-region-service template, dry-run through the real scaffolder backend', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const results: Record<string, DryRunResult> = {};
  beforeAll(async () => {
    scaffolder = await startScaffolder(config);
    for (const [key, values] of Object.entries(parameterSets)) {
      results[key] = await scaffolder.dryRun(
        JSON.parse(JSON.stringify(values)),
      );
    }
  });
  afterAll(() => scaffolder?.backend.stop());

  it.each(Object.keys(parameterSets))(
    'renders the project for the %s parameter set',
    key => {
      const { status, body, files } = results[key];
      if (status !== 200)
        throw new Error(`dry run failed: ${JSON.stringify(body, null, 2)}`);
      expect(Object.keys(files).sort()).toEqual(
        [
          'README.md',
          'catalog-info.yaml',
          'samconfig.toml',
          'smoke-test.sh',
          'src/handler.mjs',
          'template.yaml',
          ...(key === 'europe' ? [] : ['external-api/route.openapi.yaml']),
        ].sort(),
      );
      expect(body.log.map((l: any) => l.body.message).join('\n')).not.toMatch(
        /error/i,
      );
    },
  );

  it.each(Object.keys(parameterSets))(
    'renders a catalog-info.yaml that the common parser accepts with zero errors (%s)',
    key => {
      const values = parameterSets[key as keyof typeof parameterSets];
      const entity = yaml.parse(results[key].files['catalog-info.yaml']);
      const parsed = parseMultiRegionAnnotations(entity);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors, null, 2));
      expect(entity.metadata.name).toBe(values.name);
      expect(entity.metadata.description).toBe(values.description);
      expect(entity.spec).toMatchObject({
        type: 'service',
        owner: values.owner,
        system: values.system,
      });
      expect(parsed.config).toMatchObject({
        clusterName: 'shared-arc',
        accountId: '111122223333',
        primary: { region: values.primaryRegion },
        secondary: { region: values.secondaryRegion },
        dnsName: `${values.subdomain}.example.com`,
        hostedZoneId: 'Z0EXAMPLE1PUBLIC',
        rtoMinutes: values.rtoMinutes,
        appRole: 'service',
        externalApiPath: values.exposeOnExternalApi
          ? values.externalApiPath
          : undefined,
      });
      // Dry-run placeholders from multi-region:arc:provision, in the right shape.
      expect(parsed.config.controlPanelArn).toMatch(/:controlpanel\/dryrun0+$/);
      expect(parsed.config.primary.routingControlArn).toBe(
        `${parsed.config.controlPanelArn}/routingcontrol/dryrunprimary000`,
      );
      expect(Boolean(parsed.config.primary.healthCheckId)).toBe(
        values.provisionDns,
      );
      expect(entity.spec.dependencyOf).toEqual(
        values.exposeOnExternalApi
          ? ['component:default/external-api']
          : undefined,
      );
    },
  );

  it('wires the SAM project to the routing controls of each region', () => {
    const { files } = results.default;
    const sam = yaml.parse(files['template.yaml'], { customTags: cfnTags });
    expect(sam.Parameters.ServiceName.Default).toBe('inventory');
    expect(sam.Parameters.DomainName.Default).toBe('inventory.example.com');
    expect(sam.Parameters.FailoverType.AllowedValues).toEqual([
      'PRIMARY',
      'SECONDARY',
    ]);
    expect(sam.Resources.HealthCheck.Properties.HealthCheckConfig.Type).toBe(
      'RECOVERY_CONTROL',
    );
    expect(Object.keys(sam.Outputs)).toEqual(
      expect.arrayContaining([
        'RoutingControlArn',
        'HealthCheckId',
        'ControlPanelArn',
      ]),
    );

    const toml = files['samconfig.toml'];
    const panel =
      'arn:aws:route53-recovery-control::111122223333:controlpanel/dryrun00000000000000000000000000';
    expect(toml).toContain('[primary.deploy.parameters]');
    expect(toml).toContain('[secondary.deploy.parameters]');
    expect(toml).toMatch(
      /\[primary\.deploy\.parameters\][^[]*region = "us-east-1"[^[]*FailoverType=\\"PRIMARY\\" RoutingControlArn=\\"[^"]*dryrunprimary000/,
    );
    expect(toml).toMatch(
      /\[secondary\.deploy\.parameters\][^[]*region = "us-west-2"[^[]*FailoverType=\\"SECONDARY\\" RoutingControlArn=\\"[^"]*dryrunsecondary0/,
    );
    expect(files['README.md']).toContain(panel);
    expect(files['README.md']).toContain('sam deploy --config-env primary');
    expect(files['smoke-test.sh']).toContain(
      "url='https://inventory.example.com/'",
    );
    // The dry-run API carries no file modes; fetch:template keeps the skeleton's own.
    expect(
      fs.statSync(path.join(TEMPLATE_DIR, 'skeleton/smoke-test.sh')).mode &
        0o111,
    ).not.toBe(0);

    const route = yaml.parse(files['external-api/route.openapi.yaml']);
    expect(
      route.paths['/inventory/{proxy+}']['x-amazon-apigateway-any-method'][
        'x-amazon-apigateway-integration'
      ].uri,
    ).toBe('https://inventory.example.com/{proxy}');
  });

  it('stops with a clear error when both regions are the same', async () => {
    const { body } = await scaffolder.dryRun({
      ...defaultValues,
      secondaryRegion: 'us-east-1',
    });
    expect(JSON.stringify(body)).toMatch(
      /primary and secondary region are both \\"us-east-1\\"/,
    );
  });

  describe('cfn-lint', () => {
    const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    it('is installed (pip install cfn-lint; Debian 12 has no package)', () => {
      if (cfnLint.error || cfnLint.status !== 0) {
        throw new Error(
          'cfn-lint is not on PATH, so the rendered SAM template cannot be checked. Install it with `pip install cfn-lint` (Debian bookworm has no cfn-lint package).',
        );
      }
      expect(cfnLint.stdout).toMatch(/cfn-lint/);
    });

    it.each(Object.keys(parameterSets))(
      'finds zero errors in the rendered SAM template (%s)',
      key => {
        if (cfnLint.error) return; // reported once by the test above
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
        try {
          for (const [file, content] of Object.entries(results[key].files)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), {
              recursive: true,
            });
            fs.writeFileSync(path.join(dir, file), content);
          }
          const run = spawnSync(
            'cfn-lint',
            ['--format', 'parseable', '--', 'template.yaml'],
            {
              cwd: dir,
              encoding: 'utf8',
            },
          );
          // Exit code bits: 2 = errors, 4 = warnings, 8 = informational. Only errors fail.
          const findings = `${run.stdout}${run.stderr}`.trim();
          if (
            run.status === null ||
            (run.status & 2) !== 0 ||
            run.status === 1
          ) {
            throw new Error(`cfn-lint exit ${run.status}:\n${findings}`);
          }
          expect(findings).not.toMatch(/:E\d{4}:/);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
});

describe('the template form', () => {
  // JSON schema cannot import a constant: the form's patterns are copies, and
  // this test keeps them the same rules as the actions' and the parser's
  const form = yaml.parse(
    fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
  );
  const property = (name: string): { pattern?: string; maxLength?: number } => {
    for (const page of form.spec.parameters) {
      const found =
        page.properties?.[name] ??
        page.dependencies?.exposeOnExternalApi?.oneOf?.find(
          (o: any) => o.properties?.[name],
        )?.properties?.[name];
      if (found) return found;
    }
    throw new Error(`no form field ${name}`);
  };

  it.each([
    ['name', SERVICE_NAME_PATTERN],
    ['description', SINGLE_LINE_TEXT_PATTERN],
    ['owner', OWNER_REF_PATTERN],
    ['system', SYSTEM_REF_PATTERN],
    ['topLevelDomain', DNS_NAME_PATTERN],
    ['hostedZoneId', HOSTED_ZONE_ID_PATTERN],
    ['externalApiPath', EXTERNAL_API_PATH_PATTERN],
  ])('validates %s with the rule the code applies', (field, rule) => {
    // through RegExp, so that both are written the same way (an escaped /)
    expect(new RegExp(property(field).pattern!).source).toBe(rule.source);
  });

  it('bounds the description at the length the code applies', () => {
    expect(property('description').maxLength).toBe(DESCRIPTION_MAX_LENGTH);
  });

  it('gives every free-text field of the form a pattern or a closed set of values', () => {
    // a string field without a pattern would reach the skeleton unchecked
    const unchecked: string[] = [];
    const visit = (properties: Record<string, any> = {}) => {
      for (const [name, schema] of Object.entries(properties)) {
        if (
          schema.type === 'string' &&
          !schema.pattern &&
          !schema.enum &&
          schema.const === undefined &&
          schema['ui:field'] !== 'RepoUrlPicker'
        )
          unchecked.push(name);
      }
    };
    for (const page of form.spec.parameters) {
      visit(page.properties);
      for (const dependency of Object.values<any>(page.dependencies ?? {}))
        for (const option of dependency.oneOf ?? []) visit(option.properties);
    }
    expect(unchecked).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness/paths';

/**
 * The package graph of docs/architecture.md, enforced: which published
 * package may depend on which, and that the AWS emulator stays out of every
 * production code path (it is the dev portal's and the tests').
 */

const SCOPE = '@multi-region-failover/';
const EMULATOR = `${SCOPE}aws-emulator`;

/** Internal runtime dependencies each published package may have. */
const ALLOWED: Record<string, string[]> = {
  'plugin-multi-region-common': [],
  'plugin-multi-region-node': ['plugin-multi-region-common'],
  'plugin-multi-region-backend': [
    'plugin-multi-region-common',
    'plugin-multi-region-node',
  ],
  'plugin-multi-region': ['plugin-multi-region-common'],
  'plugin-scaffolder-backend-module-multi-region': [
    'plugin-multi-region-common',
    'plugin-multi-region-node',
  ],
  'aws-emulator': [],
};

interface Workspace {
  dir: string;
  json: {
    name: string;
    private?: boolean;
    dependencies?: Record<string, string>;
  };
}

function workspaces(): Workspace[] {
  return ['packages', 'plugins'].flatMap(parent =>
    fs
      .readdirSync(path.join(repoRoot, parent))
      .map(name => path.join(repoRoot, parent, name))
      .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
      .map(dir => ({
        dir,
        json: JSON.parse(
          fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
        ),
      })),
  );
}

/** Source files that ship: not tests, test utilities, fixtures or dev folders. */
function productionSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (
          !['__testUtils__', '__fixtures__', 'dev', 'node_modules'].includes(
            entry.name,
          )
        ) {
          walk(full);
        }
      } else if (
        /\.(ts|tsx|js)$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        entry.name !== 'setupTests.ts'
      ) {
        out.push(full);
      }
    }
  };
  walk(path.join(dir, 'src'));
  return out;
}

const published = workspaces().filter(w => !w.json.private);

describe('package graph (docs/architecture.md)', () => {
  it('knows every published package', () => {
    expect(published.map(w => w.json.name.replace(SCOPE, '')).sort()).toEqual(
      Object.keys(ALLOWED).sort(),
    );
  });

  it.each(published.map(w => [w.json.name, w] as const))(
    '%s depends only on the packages it may',
    (_, w) => {
      const allowed = ALLOWED[w.json.name.replace(SCOPE, '')];
      const forbidden = Object.keys(w.json.dependencies ?? {})
        .filter(d => d.startsWith(SCOPE))
        .filter(d => !allowed.includes(d.replace(SCOPE, '')));
      expect(forbidden).toEqual([]);
    },
  );

  const plugins = published.filter(w =>
    w.dir.includes(`${path.sep}plugins${path.sep}`),
  );

  it.each(plugins.map(w => [w.json.name, w] as const))(
    '%s ships without the AWS emulator, its keys or its ports',
    (_, w) => {
      const findings = productionSources(w.dir).flatMap(file => {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(repoRoot, file);
        return [
          text.includes(EMULATOR) && `${rel} imports ${EMULATOR}`,
          /AKIDEMULATOR|emulator-secret/.test(text) &&
            `${rel} names the emulator's keys`,
          /\b741[1-8]\b/.test(text) && `${rel} names the emulator's ports`,
        ].filter((f): f is string => Boolean(f));
      });
      expect(findings).toEqual([]);
    },
  );
});

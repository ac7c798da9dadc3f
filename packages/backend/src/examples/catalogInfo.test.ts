import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { loadEntities, repoRoot } from '../__testUtils__/loadEntities';

/** The entities of the root catalog-info.yaml and of every file its Locations name. */
function repoEntities(): Array<{ file: string; entity: Entity }> {
  const found: Array<{ file: string; entity: Entity }> = [];
  const visit = (file: string) => {
    for (const entity of loadEntities(file)) {
      found.push({ file, entity });
      if (entity.kind === 'Location') {
        const targets = (entity.spec?.targets as string[] | undefined) ?? [];
        for (const target of targets) {
          visit(path.join(path.dirname(file), target));
        }
      }
    }
  };
  visit('catalog-info.yaml');
  return found;
}

/** The published packages, plus the dev portal itself (private test-only packages are not catalogued). */
function cataloguedPackageDirs(): string[] {
  const portal = ['packages/app', 'packages/backend'];
  return ['packages', 'plugins'].flatMap(parent =>
    fs
      .readdirSync(path.join(repoRoot, parent))
      .map(name => `${parent}/${name}`)
      .filter(dir => {
        const file = path.join(repoRoot, dir, 'package.json');
        if (!fs.existsSync(file)) return false;
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
        return !pkg.private || portal.includes(dir);
      }),
  );
}

describe('catalog-info.yaml (the repository itself)', () => {
  const entities = repoEntities();
  const components = entities.filter(e => e.entity.kind === 'Component');

  it('describes each published package and the dev portal once', () => {
    expect(components.length).toBe(cataloguedPackageDirs().length);
    const names = components.map(c => c.entity.metadata.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('puts every package in the system multi-region-failover, owned by platform-admins', () => {
    for (const { entity } of components) {
      expect({ name: entity.metadata.name, ...entity.spec }).toMatchObject({
        name: entity.metadata.name,
        system: 'multi-region-failover',
        owner: 'platform-admins',
      });
    }
  });
});

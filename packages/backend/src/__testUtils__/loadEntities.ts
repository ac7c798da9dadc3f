import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The repository root, seen from this file. */
export const repoRoot = path.resolve(__dirname, '../../../..');

/** Every entity of a multi-document catalog YAML file (path relative to the repo root). */
export function loadEntities(file: string): Entity[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  return parseAllDocuments(text).map(doc => {
    if (doc.errors.length) throw doc.errors[0];
    return doc.toJS() as Entity;
  });
}

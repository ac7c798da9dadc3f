import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionContext, outputsOf } from '../../__testUtils__/emulator';
import { LocalPublishUrlReader } from '../../localPublish/LocalPublishUrlReader';
import { createPublishLocalAction } from './createPublishLocalAction';

describe('multi-region:publish:local', () => {
  const dir = createMockDirectory();
  let publishDir: string;
  let workspacePath: string;
  beforeEach(() => {
    dir.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        'template.yaml': 'Resources: {}\n',
        src: { 'handler.mjs': 'export const handler = 1;\n' },
      },
    });
    publishDir = dir.resolve('published');
    workspacePath = dir.resolve('workspace');
  });
  const action = (
    config: object = { multiRegionScaffolder: { localPublishDir: publishDir } },
  ) => createPublishLocalAction({ config: new ConfigReader(config) });

  it('copies the workspace and outputs a file: URL of catalog-info.yaml that the URL reader serves', async () => {
    const ctx = actionContext({ name: 'inventory' }, { workspacePath });
    await action().handler(ctx);
    const out = outputsOf(ctx);

    expect(out.path).toBe(path.join(publishDir, 'inventory'));
    expect(
      await fs.readFile(
        path.join(publishDir, 'inventory', 'src', 'handler.mjs'),
        'utf8',
      ),
    ).toContain('handler');
    expect(fileURLToPath(out.catalogInfoUrl as string)).toBe(
      path.join(publishDir, 'inventory', 'catalog-info.yaml'),
    );
    // The directory ignores itself, so a publish inside a checkout is never committed.
    expect(
      await fs.readFile(path.join(publishDir, '.gitignore'), 'utf8'),
    ).toMatch(/^\*$/m);

    const reader = new LocalPublishUrlReader(publishDir);
    const found = await reader.search(out.catalogInfoUrl as string);
    expect(found.files).toHaveLength(1);
    expect((await found.files[0].content()).toString()).toBe(
      'kind: Component\n',
    );
    await expect(
      reader.search(out.catalogInfoUrl as string, { etag: found.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it("replaces its own earlier attempt but not another task's service", async () => {
    await action().handler(
      actionContext({ name: 'inventory' }, { workspacePath }),
    );
    await expect(
      action().handler(actionContext({ name: 'inventory' }, { workspacePath })),
    ).resolves.toBeUndefined();

    const other = actionContext({ name: 'inventory' }, { workspacePath });
    other.task = { id: 'another-task' };
    await expect(action().handler(other)).rejects.toThrow(
      /already published .* choose another name/,
    );

    await fs.mkdir(path.join(publishDir, 'handmade'));
    await expect(
      action().handler(actionContext({ name: 'handmade' }, { workspacePath })),
    ).rejects.toThrow(/was not published by the portal/);
  });

  it('writes nothing in a dry run', async () => {
    const ctx = actionContext(
      { name: 'inventory' },
      { workspacePath, isDryRun: true },
    );
    await action().handler(ctx);
    expect(outputsOf(ctx).catalogInfoUrl).toMatch(
      /^file:.*\/published\/inventory\/catalog-info\.yaml$/,
    );
    await expect(fs.stat(publishDir)).rejects.toThrow();
  });

  it('explains how to configure it when it is not configured', async () => {
    await expect(
      action({}).handler(
        actionContext({ name: 'inventory' }, { workspacePath }),
      ),
    ).rejects.toThrow(/set multiRegionScaffolder.localPublishDir/);
  });
});

describe('LocalPublishUrlReader', () => {
  const dir = createMockDirectory({
    content: { published: { a: { 'catalog-info.yaml': 'x' } }, secret: 'no' },
  });
  const reader = new LocalPublishUrlReader(dir.resolve('published'));

  it('reads only file: URLs inside the publish directory', async () => {
    const inside = new URL(
      `file://${dir.resolve('published/a/catalog-info.yaml')}`,
    );
    expect(reader.predicate(inside)).toBe(true);
    expect(reader.predicate(new URL(`file://${dir.resolve('secret')}`))).toBe(
      false,
    );
    expect(
      reader.predicate(new URL(`file://${dir.resolve('published/../secret')}`)),
    ).toBe(false);
    expect(reader.predicate(new URL('https://example.com/published/a'))).toBe(
      false,
    );
    await expect(
      reader.readUrl(`file://${dir.resolve('secret')}`),
    ).rejects.toThrow(/outside the local publish directory/);
    expect(
      (await reader.search(`file://${dir.resolve('published/missing.yaml')}`))
        .files,
    ).toEqual([]);
  });
});

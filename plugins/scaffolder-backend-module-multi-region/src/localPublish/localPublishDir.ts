import { Config } from '@backstage/config';
import { ForwardedError, InputError, isError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The config key of the local publish directory. */
export const LOCAL_PUBLISH_DIR_KEY = 'multiRegionScaffolder.localPublishDir';

/** The absolute local publish directory, or undefined when it is not configured. */
export function readLocalPublishDir(config: Config): string | undefined {
  const dir = config.getOptionalString(LOCAL_PUBLISH_DIR_KEY);
  return dir ? path.resolve(dir) : undefined;
}

/** Like {@link readLocalPublishDir}, but says how to configure it when it is missing. */
export function requireLocalPublishDir(config: Config): string {
  const dir = readLocalPublishDir(config);
  if (!dir) {
    throw new InputError(
      `Local publishing is not configured: set ${LOCAL_PUBLISH_DIR_KEY} in app-config (for example ../../.multi-region-published), or publish to a git host instead.`,
    );
  }
  return dir;
}

/**
 * Creates the directory with a `.gitignore` that ignores everything in it, so
 * services published inside a repository checkout never end up committed.
 */
export async function ensureLocalPublishDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs
    .writeFile(
      path.join(dir, '.gitignore'),
      '# Services published by the portal (multi-region:publish:local)\n*\n',
      {
        flag: 'wx',
      },
    )
    .catch(error => {
      if (isError(error) && error.code === 'EEXIST') return;
      throw new ForwardedError(
        `Could not create the local publish directory ${dir}`,
        error,
      );
    });
}

/** Written beside the published files of a service: which task published them. */
export const PUBLISH_MARKER = '.multi-region-publish.json';

/** What {@link PUBLISH_MARKER} holds. */
export interface PublishMarker {
  taskId: string;
  publishedAt: string;
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The marker of a published directory. undefined: nothing there; null:
 * something there that the portal did not publish.
 */
export async function readPublishMarker(
  dir: string,
): Promise<PublishMarker | null | undefined> {
  if (!(await exists(dir))) return undefined;
  try {
    const marker = JSON.parse(
      await fs.readFile(path.join(dir, PUBLISH_MARKER), 'utf8'),
    );
    return typeof marker?.taskId === 'string' ? marker : null;
  } catch {
    return null;
  }
}

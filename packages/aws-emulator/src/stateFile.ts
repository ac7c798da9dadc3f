/**
 * Optional persistence: the snapshot is written to a JSON file after every
 * change (temp file + rename, so a crash never leaves half a file).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { EmulatorSnapshot } from './types';
import { toError } from '@backstage/errors';

/** Reads a state file written by {@link writeStateFile}; undefined when there is none. */
export function readStateFile(path: string): EmulatorSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: { version?: number; snapshot?: EmulatorSnapshot };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `Emulator state file ${path} is not valid JSON (${
        toError(error).message
      }); delete it to start from the fixture`,
      { cause: error },
    );
  }
  if (parsed.version !== 1 || !parsed.snapshot?.cluster) {
    throw new Error(
      `Emulator state file ${path} has an unknown format; delete it to start from the fixture`,
    );
  }
  return parsed.snapshot;
}

/** Writes the snapshot atomically. */
export function writeStateFile(path: string, snapshot: EmulatorSnapshot): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: 1, snapshot }, null, 2));
  renameSync(temp, path);
}

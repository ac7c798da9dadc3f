import path from 'node:path';

/** Root of the repository checkout. */
// this package only ever runs from source in a checkout, never from a build
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');
/** The dev backend package, whose entry the replicas run. */
export const backendDir = path.join(repoRoot, 'packages/backend');
/** The example organisation's emulator fixture. */
export const fixturePath = path.join(
  repoRoot,
  'examples/emulator/fixture.yaml',
);

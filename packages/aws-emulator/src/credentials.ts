/**
 * The emulator's default credentials: what its clients sign with, and the
 * only access key strict signing accepts unless `accessKeyIds` says otherwise.
 * Signatures themselves are never verified.
 *
 * Not frozen: the AWS SDK v3 records on the credentials object it is given
 * where they came from (`$source`), which would throw on a frozen object.
 *
 * @public
 */
export const EMULATOR_CREDENTIALS: {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
} = {
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
};

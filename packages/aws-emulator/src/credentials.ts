/**
 * The emulator's default credentials: what its clients sign with. They are
 * the key of the default account, the cluster's, when the fixture lists no
 * `accounts`; signatures made with them are verified like any other.
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

import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The request header naming the example user to sign in as. */
export const EXAMPLE_USER_HEADER = 'x-example-user';

/**
 * A User entity name in the default namespace, lower case: no `:` or `/`, so
 * a caller can never name another kind or namespace, and no line breaks or
 * spaces to smuggle into logs or queries.
 */
const USER_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** What the authenticator vouches for: a well-formed name, not yet a user. */
export type ExampleUserResult = { userName: string };

/**
 * Reads the example user's name from {@link EXAMPLE_USER_HEADER}. It trusts
 * the caller completely, which is why it works only in development (the
 * check is repeated here so that the authenticator is safe wherever it is
 * installed, not only through this package's module).
 */
export const exampleUserAuthenticator = createProxyAuthenticator<
  { outsideDevelopment: boolean },
  ExampleUserResult,
  undefined
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => ({
    outsideDevelopment: process.env.NODE_ENV !== 'development',
  }),
  async authenticate({ req }, { outsideDevelopment }) {
    if (outsideDevelopment) {
      throw new NotAllowedError(
        'The example-users sign-in works only in development (NODE_ENV=development)',
      );
    }
    const userName = req.header(EXAMPLE_USER_HEADER);
    if (!userName) {
      throw new AuthenticationError(
        `Name the example user to sign in as in the ${EXAMPLE_USER_HEADER} header`,
      );
    }
    if (!USER_NAME.test(userName)) {
      throw new InputError(
        `${EXAMPLE_USER_HEADER} must be the name of a User entity of the default namespace (a lower-case letter, then at most 62 lower-case letters, digits or '-'), got ${JSON.stringify(
          userName.slice(0, 80),
        )}`,
      );
    }
    return { result: { userName } };
  },
});

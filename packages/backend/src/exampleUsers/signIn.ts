import { DEFAULT_NAMESPACE, UserEntity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  AuthResolverContext,
  ProfileTransform,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import { ExampleUserResult } from './authenticator';

const userRef = (name: string) => ({
  kind: 'User',
  namespace: DEFAULT_NAMESPACE,
  name,
});

/** Runs a catalog lookup of `userName`, saying clearly when there is no such user. */
async function ofCatalogUser<T>(
  userName: string,
  lookup: () => Promise<T>,
): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(
        `There is no User "${userName}" in the catalog; sign in as one of the example organisation's users (examples/org.yaml)`,
      );
    }
    throw error;
  }
}

/** The profile the app shows (name, email, picture): the catalog User's own. */
export const exampleUserProfile: ProfileTransform<ExampleUserResult> = async (
  { userName },
  ctx: AuthResolverContext,
) => {
  const { entity } = await ofCatalogUser(userName, () =>
    ctx.findCatalogUser({ entityRef: userRef(userName) }),
  );
  const { displayName, email, picture } =
    (entity as UserEntity).spec?.profile ?? {};
  return { profile: { displayName, email, picture } };
};

/**
 * Signs in as the catalog User of that name, with the catalog's ownership
 * refs (the user and the groups it is a member of); never a user the catalog
 * does not hold.
 */
export const signInAsExampleUser: SignInResolver<ExampleUserResult> = async (
  { result: { userName } },
  ctx,
) =>
  ofCatalogUser(userName, () =>
    ctx.signInWithCatalogUser({ entityRef: userRef(userName) }),
  );

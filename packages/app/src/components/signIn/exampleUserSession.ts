import { IdentityApi } from '@backstage/core-plugin-api';

/**
 * The backend's dev-only auth provider and the header naming the user
 * (packages/backend/src/exampleUsers).
 */
export const EXAMPLE_USERS_PROVIDER = 'example-users';
export const EXAMPLE_USER_HEADER = 'x-example-user';

/**
 * The chosen user is remembered in localStorage, like Backstage remembers the
 * guest's choice: a reload or a new tab signs in as the same user again, and
 * signing out forgets it.
 */
const STORAGE_KEY = 'multi-region-dev:example-user';

export function rememberedExampleUser(): string | undefined {
  return localStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function rememberExampleUser(userName: string): void {
  localStorage.setItem(STORAGE_KEY, userName);
}

export function forgetExampleUser(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** `identity`, except that signing out also forgets the chosen user. */
export function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    async signOut() {
      forgetExampleUser();
      await identity.signOut();
    },
  };
}

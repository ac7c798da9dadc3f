import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  configApiRef,
  discoveryApiRef,
  IdentityApi,
} from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { DevSignInPage } from './DevSignInPage';

const STORAGE_KEY = 'multi-region-dev:example-user';

/** A token the identity can read its expiry from (the backend signs real ones). */
const token = `h.${btoa(
  JSON.stringify({ sub: 'user:default/pat', exp: Date.now() / 1000 + 3600 }),
)}.s`;

const patSession = {
  profile: { displayName: 'Pat', email: 'pat@example.com' },
  backstageIdentity: {
    token,
    identity: {
      type: 'user',
      userEntityRef: 'user:default/pat',
      ownershipEntityRefs: [
        'user:default/pat',
        'group:default/platform-admins',
      ],
    },
  },
};

function reply(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Not Found',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

async function renderPage() {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, mockApis.config({ data: { app: { title: 'Test' } } })],
        [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://be' })],
      ]}
    >
      <DevSignInPage onSignInSuccess={onSignInSuccess} />
    </TestApiProvider>,
  );
  return onSignInSuccess;
}

describe('DevSignInPage', () => {
  const fetchMock = jest.fn();
  const realFetch = global.fetch;

  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
    global.fetch = fetchMock as unknown as typeof fetch;
  });
  afterAll(() => {
    global.fetch = realFetch;
  });

  it('offers the guest "Enter" and signs in as the example user typed', async () => {
    fetchMock.mockResolvedValue(reply(200, patSession));
    const onSignInSuccess = await renderPage();

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User name' }),
      'pat',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://be/api/auth/example-users/refresh');
    expect(new Headers(init.headers).get('x-example-user')).toBe('pat');
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toEqual(
      patSession.backstageIdentity.identity,
    );
    await expect(identity.getCredentials()).resolves.toEqual({ token });
    expect(localStorage.getItem(STORAGE_KEY)).toBe('pat');

    // signing out forgets pat, so the next page load shows the sign-in page
    await identity.signOut();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('signs the remembered user in again on a page load, without the page', async () => {
    localStorage.setItem(STORAGE_KEY, 'pat');
    fetchMock.mockResolvedValue(reply(200, patSession));
    const onSignInSuccess = await renderPage();

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });

  it("shows the backend's reason and forgets a user it refuses", async () => {
    localStorage.setItem(STORAGE_KEY, 'mallory');
    fetchMock.mockResolvedValue(
      reply(404, {
        error: {
          name: 'NotFoundError',
          message: 'There is no User "mallory" in the catalog',
        },
        response: { statusCode: 404 },
      }),
    );
    const onSignInSuccess = await renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not sign in as mallory: There is no User "mallory" in the catalog',
    );
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'User name' })).toHaveValue(
      'mallory',
    );
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });
});

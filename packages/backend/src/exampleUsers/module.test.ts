import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { loadEntities, repoRoot } from '../__testUtils__/loadEntities';
import { exampleUserAuthenticator } from './authenticator';
import exampleUsersModule from '.';

const configFile = (name: string) =>
  parse(fs.readFileSync(path.join(repoRoot, name), 'utf8'));

/** The dev portal's own auth settings, so the tests use what `npm start` does. */
const devAuth = configFile('app-config.yaml').auth;

const exampleUsers = loadEntities('examples/org.yaml').filter(
  e => e.kind === 'User',
);

function setNodeEnv(value: string | undefined) {
  if (value === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = value;
}

/** Starts a backend with NODE_ENV set to `nodeEnv` while its plugins start. */
async function startWith(
  nodeEnv: string | undefined,
  features: Parameters<typeof startTestBackend>[0]['features'],
) {
  const saved = process.env.NODE_ENV;
  setNodeEnv(nodeEnv);
  try {
    return await startTestBackend({ features });
  } finally {
    setNodeEnv(saved);
  }
}

const baseConfig = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
};

/** GET /api/auth/example-users/refresh, as the sign-in page calls it. */
async function refresh(server: Server, headers: Record<string, string>) {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(
    `http://localhost:${port}/api/auth/example-users/refresh`,
    { headers: { 'x-requested-with': 'XMLHttpRequest', ...headers } },
  );
  return { status: res.status, body: await res.json() };
}

describe('example-users sign-in, in development, with the example organisation', () => {
  const savedNodeEnv = process.env.NODE_ENV;
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    // development throughout, as under `npm start` (the guest checks it on
    // every sign-in)
    process.env.NODE_ENV = 'development';
    const backend = await startTestBackend({
      features: [
        authPlugin,
        guestProviderModule,
        exampleUsersModule,
        catalogPlugin,
        // real tokens: the auth backend's user tokens are verified as in the portal
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...baseConfig,
            auth: devAuth,
            catalog: {
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'examples/org.yaml'),
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // the catalog ingests the organisation (and relates pat to its group)
    // shortly after it starts
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await refresh(server, { 'x-example-user': 'pat' });
      if (body.backstageIdentity?.identity.ownershipEntityRefs.length > 1) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`pat never signed in: ${JSON.stringify(body)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }, 90_000);

  afterAll(async () => {
    setNodeEnv(savedNodeEnv);
    await stop?.();
  });

  it("signs in as pat, with a token whose user info names platform-admins, and Pat's profile", async () => {
    const { status, body } = await refresh(server, { 'x-example-user': 'pat' });
    expect(status).toBe(200);
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/pat',
      ownershipEntityRefs: [
        'user:default/pat',
        'group:default/platform-admins',
      ],
    });
    expect(body.profile).toEqual({
      displayName: 'Pat',
      email: 'pat@example.com',
    });
    // what every plugin learns from the token (the userInfo service)
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://localhost:${port}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${body.backstageIdentity.token}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).claims).toMatchObject({
      sub: 'user:default/pat',
      ent: ['user:default/pat', 'group:default/platform-admins'],
    });
  });

  it.each(exampleUsers.map(u => [u.metadata.name, u.spec?.memberOf] as const))(
    'signs in as %s with the groups of examples/org.yaml (%j)',
    async (name, memberOf) => {
      const { status, body } = await refresh(server, {
        'x-example-user': name,
      });
      expect(status).toBe(200);
      expect(
        [...body.backstageIdentity.identity.ownershipEntityRefs].sort(),
      ).toEqual(
        [
          `user:default/${name}`,
          ...(memberOf as string[]).map(g => `group:default/${g}`),
        ].sort(),
      );
    },
  );

  it('refuses a user the catalog does not hold, saying so (404)', async () => {
    const { status, body } = await refresh(server, {
      'x-example-user': 'mallory',
    });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      name: 'NotFoundError',
      message:
        'There is no User "mallory" in the catalog; sign in as one of the example organisation\'s users (examples/org.yaml)',
    });
  });

  it('refuses a group name: only User entities sign in', async () => {
    const { status } = await refresh(server, {
      'x-example-user': 'platform-admins',
    });
    expect(status).toBe(404);
  });

  it.each([
    '../x',
    'Pat',
    'user:default/pat',
    'default/pat',
    'pat,bob',
    'pat bob',
    '-pat',
    `p${'a'.repeat(63)}`,
  ])('refuses the malformed name %j (400)', async name => {
    const { status, body } = await refresh(server, { 'x-example-user': name });
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toContain(
      'x-example-user must be the name of a User entity',
    );
  });

  it('asks for the header when it is missing (401)', async () => {
    const { status, body } = await refresh(server, {});
    expect(status).toBe(401);
    expect(body.error.message).toBe(
      'Name the example user to sign in as in the x-example-user header',
    );
  });

  it('leaves the guest sign-in as it was', async () => {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://localhost:${port}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest', 'group:default/team-orders'],
    });
  });
});

describe('exampleUserAuthenticator', () => {
  type Req = Parameters<typeof exampleUserAuthenticator.authenticate>[0]['req'];
  const requestNaming = (value: string | undefined) =>
    ({
      header: (name: string) => (name === 'x-example-user' ? value : undefined),
    } as unknown as Req);

  it.each(['pat\n', 'pat\r\nx-other: 1', ' pat', 'pat ', 'pät', ''])(
    'refuses %j, which no HTTP client sends but a raw request could',
    async value => {
      await expect(
        exampleUserAuthenticator.authenticate(
          { req: requestNaming(value) },
          { outsideDevelopment: false },
        ),
      ).rejects.toThrow(value ? /must be the name of a User entity/ : /header/);
    },
  );

  it('passes a well-formed name on for the catalog to check', async () => {
    await expect(
      exampleUserAuthenticator.authenticate(
        { req: requestNaming('pat') },
        { outsideDevelopment: false },
      ),
    ).resolves.toEqual({ result: { userName: 'pat' } });
  });

  it('refuses everyone outside development, even when installed by hand', async () => {
    const saved = process.env.NODE_ENV;
    setNodeEnv('production');
    try {
      const ctx = exampleUserAuthenticator.initialize({
        config: new ConfigReader({}),
      });
      await expect(
        exampleUserAuthenticator.authenticate(
          { req: requestNaming('pat') },
          ctx,
        ),
      ).rejects.toThrow(
        'The example-users sign-in works only in development (NODE_ENV=development)',
      );
    } finally {
      setNodeEnv(saved);
    }
  });
});

describe('the example-users module outside development', () => {
  it('is configured in app-config.yaml, which production loads under app-config.production.yaml: only NODE_ENV keeps it out', () => {
    const production = ConfigReader.fromConfigs([
      { context: 'dev', data: configFile('app-config.yaml') },
      { context: 'prod', data: configFile('app-config.production.yaml') },
    ]);
    expect(production.has('auth.providers.example-users')).toBe(true);
  });

  it.each(['production', 'test', undefined])(
    'installs nothing when NODE_ENV is %s, and says so',
    async nodeEnv => {
      const logger = mockServices.logger.mock();
      const backend = await startWith(nodeEnv, [
        authPlugin,
        exampleUsersModule,
        logger.factory,
        mockServices.rootConfig.factory({
          data: { ...baseConfig, auth: devAuth },
        }),
      ]);
      try {
        const { status } = await refresh(backend.server, {
          'x-example-user': 'pat',
        });
        expect(status).toBe(404);
        expect(logger.warn).toHaveBeenCalledWith(
          `auth.providers.example-users is configured but NODE_ENV is ${
            nodeEnv ?? 'unset'
          }: the example-users sign-in is for development only and is not installed`,
        );
      } finally {
        await backend.stop();
      }
    },
  );

  it('installs nothing without auth.providers.example-users, even in development', async () => {
    const backend = await startWith('development', [
      authPlugin,
      exampleUsersModule,
      mockServices.rootConfig.factory({
        data: { ...baseConfig, auth: { providers: { guest: {} } } },
      }),
    ]);
    try {
      const { status } = await refresh(backend.server, {
        'x-example-user': 'pat',
      });
      expect(status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});

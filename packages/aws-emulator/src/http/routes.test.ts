import { RestRoute, RestRouter } from './routes';
import { AwsError } from './wire';

const routes: RestRoute<string>[] = [
  { method: 'GET', path: 'thing', operation: 'ListThings', handler: 'list' },
  { method: 'GET', path: 'thing/*', operation: 'GetThing', handler: 'get' },
  {
    method: 'DELETE',
    path: 'thing/*',
    operation: 'DeleteThing',
    handler: 'delete',
  },
];

describe('RestRouter', () => {
  it('finds the route of a method and path, with its decoded label', () => {
    const router = new RestRouter(routes, 'v1');
    const { route, label } = router.resolve('DELETE', '/v1/thing/a%2Fb');
    expect(route.handler).toBe('delete');
    expect(label).toBe('a/b');
    expect(router.operationOf('GET', '/v1/thing')).toBe('ListThings');
  });

  it.each([
    ['an unknown path', 'GET', '/v1/other', 'No operation for GET /v1/other'],
    [
      'a path without the prefix',
      'GET',
      '/thing',
      'No operation for GET /thing',
    ],
    [
      'a method the path does not take',
      'PUT',
      '/v1/thing/x',
      'No operation for PUT /v1/thing/x: this path takes GET, DELETE',
    ],
  ])(
    'answers %s with a 404 UnknownOperationException, never another operation',
    (_, method, path, message) => {
      const router = new RestRouter(routes, 'v1');
      expect(router.operationOf(method, path)).toBe('unknown');
      let thrown: unknown;
      try {
        router.resolve(method, path);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AwsError);
      expect(thrown).toMatchObject({
        code: 'UnknownOperationException',
        status: 404,
        message,
      });
    },
  );

  it('refuses a table that lists a route or an operation twice', () => {
    expect(
      () => new RestRouter([...routes, { ...routes[1], operation: 'Other' }]),
    ).toThrow('Route listed twice: GET thing/*');
    expect(
      () => new RestRouter([...routes, { ...routes[1], method: 'POST' }]),
    ).toThrow('Route listed twice: POST thing/* (GetThing)');
  });
});

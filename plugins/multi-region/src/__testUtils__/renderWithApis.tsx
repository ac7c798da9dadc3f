import { ReactElement } from 'react';
import { JsonObject } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { multiRegionApiRef } from '../api/MultiRegionApi';
import { FakeMultiRegionApi } from './FakeMultiRegionApi';

/**
 * Renders inside a test app with the fake backend, a permission API and
 * (optionally) an entity and a signals API (without one, views poll).
 */
export function renderWithApis(
  element: ReactElement,
  options: {
    api: FakeMultiRegionApi;
    entity?: Entity;
    /** What the permission framework answers (the client-side mirror). */
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    config?: JsonObject;
    /** The app's signals API, e.g. a FakeSignalApi; none by default. */
    signals?: SignalApi;
    routeEntries?: string[];
    mountedRoutes?: Parameters<typeof renderInTestApp>[1] extends infer O
      ? O extends { mountedRoutes?: infer M }
        ? M
        : never
      : never;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [multiRegionApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.permission ?? AuthorizeResult.ALLOW,
          }),
        ],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ]}
    >
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      mountedRoutes: options.mountedRoutes,
      routeEntries: options.routeEntries,
    },
  );
}

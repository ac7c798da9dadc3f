import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FakeMultiRegionApi } from './__testUtils__/FakeMultiRegionApi';
import {
  externalApiEntity,
  ordersEntity,
  plainEntity,
} from './__fixtures__/entities';
import { renderWithApis } from './__testUtils__/renderWithApis';
import { exampleServices } from './__fixtures__/services';
import { primaryActiveStatus } from './__fixtures__/status';
import {
  EntityMultiRegionCard,
  EntityMultiRegionContent,
  isMultiRegionAvailable,
  multiRegionApiRef,
  MultiRegionClient,
  MultiRegionPage,
  multiRegionPlugin,
} from './index';
import { malformedEntity } from './__fixtures__/entities';

describe('legacy frontend system extensions', () => {
  it('registers the plugin with its API factory and page route', () => {
    expect(multiRegionPlugin.getId()).toBe('multi-region');
    const factories = [...multiRegionPlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([multiRegionApiRef.id]);
    const client = factories[0].factory({
      discoveryApi: {
        getBaseUrl: async () => 'http://backstage/api/multi-region',
      },
      fetchApi: { fetch },
    });
    expect(client).toBeInstanceOf(MultiRegionClient);
    expect(multiRegionPlugin.routes.root).toBeDefined();
  });

  it('isMultiRegionAvailable is true for annotated (even malformed) entities only', () => {
    expect(isMultiRegionAvailable(ordersEntity)).toBe(true);
    expect(isMultiRegionAvailable(malformedEntity)).toBe(true);
    expect(isMultiRegionAvailable(plainEntity)).toBe(false);
  });

  it('EntityMultiRegionCard renders the card', async () => {
    const api = new FakeMultiRegionApi({ status: primaryActiveStatus });
    await renderWithApis(<EntityMultiRegionCard refreshIntervalMs={0} />, {
      api,
      entity: ordersEntity,
    });
    expect(
      await screen.findByTestId('multi-region-active-region'),
    ).toHaveTextContent('us-east-1');
  });

  it('EntityMultiRegionContent renders the tab', async () => {
    const api = new FakeMultiRegionApi({
      status: {
        ...primaryActiveStatus,
        entityRef: 'component:default/external-api',
      },
      services: {
        items: exampleServices,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
      history: { items: [] },
    });
    await renderWithApis(<EntityMultiRegionContent refreshIntervalMs={0} />, {
      api,
      entity: externalApiEntity,
    });
    expect(await screen.findByTestId('topology-diagram')).toBeInTheDocument();
  });

  it('MultiRegionPage renders the org-wide page', async () => {
    const api = new FakeMultiRegionApi({
      services: {
        items: exampleServices,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
    });
    await renderWithApis(
      <Routes>
        <Route path="/multi-region" element={<MultiRegionPage />} />
      </Routes>,
      {
        api,
        routeEntries: ['/multi-region'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText('Multi-region services'),
    ).toBeInTheDocument();
    expect(
      await screen.findAllByTestId('multi-region-service-row'),
    ).toHaveLength(3);
  });
});

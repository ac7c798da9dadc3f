import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import {
  AnyApiFactory,
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityContextMenuItemData,
  EntityCardBlueprint,
  EntityContentBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { multiRegionApiRef } from './api/MultiRegionApi';
import { MultiRegionClient } from './api/MultiRegionClient';
import { extensions } from './alpha/plugin';
import multiRegionPlugin from './alpha';
import { FakeMultiRegionApi } from './__testUtils__/FakeMultiRegionApi';
import {
  malformedEntity,
  ordersEntity,
  plainEntity,
} from './__fixtures__/entities';
import { exampleServices } from './__fixtures__/services';
import { plan, primaryActiveStatus } from './__fixtures__/status';

// The extensions are exported loosely typed (see alpha/plugin.tsx), so the
// outputs are cast back to what the blueprints declare.
type EntityFilter = (entity: Entity) => boolean;

function apis(
  fake: FakeMultiRegionApi,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return [
    [multiRegionApiRef, fake],
    [permissionApiRef, mockApis.permission({ authorize: permission })],
  ] as const;
}

describe('new frontend system (/alpha)', () => {
  it('default-exports the plugin with every extension', () => {
    expect(multiRegionPlugin.id).toBe('multi-region');
    expect(multiRegionPlugin.routes.root).toBeDefined();
    for (const id of [
      'api:multi-region',
      'entity-card:multi-region/multi-region',
      'entity-content:multi-region/multi-region',
      'entity-context-menu-item:multi-region/failover',
      'page:multi-region',
    ]) {
      expect(multiRegionPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('provides the API client through an ApiBlueprint', () => {
    const tester = createExtensionTester(extensions.api);
    const factory = tester.get(ApiBlueprint.dataRefs.factory) as AnyApiFactory;
    expect(factory.api.id).toBe(multiRegionApiRef.id);
    const client = factory.factory({
      discoveryApi: {
        getBaseUrl: async () => 'http://backstage/api/multi-region',
      },
      fetchApi: { fetch },
    });
    expect(client).toBeInstanceOf(MultiRegionClient);
  });

  it('renders the entity card, only for annotated entities', async () => {
    const fake = new FakeMultiRegionApi({ status: primaryActiveStatus });
    const tester = createExtensionTester(extensions.entityCard);
    const filter = tester.get(
      EntityCardBlueprint.dataRefs.filterFunction,
    ) as EntityFilter;
    expect(filter(ordersEntity)).toBe(true);
    expect(filter(malformedEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);

    await renderInTestApp(
      <EntityProvider entity={ordersEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis(fake) },
    );
    expect(
      await screen.findByTestId('multi-region-active-region'),
    ).toHaveTextContent('us-east-1');
  });

  it('renders the "Multi-region" entity tab', async () => {
    const fake = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      history: { items: [] },
    });
    const tester = createExtensionTester(extensions.entityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('multi-region');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Multi-region',
    );
    expect(
      (
        tester.get(
          EntityContentBlueprint.dataRefs.filterFunction,
        ) as EntityFilter
      )(plainEntity),
    ).toBe(false);
    await renderInTestApp(
      <EntityProvider entity={ordersEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis(fake) },
    );
    expect(
      await screen.findByTestId('multi-region-history-empty'),
    ).toBeInTheDocument();
  });

  it('renders the org-wide page at /multi-region', async () => {
    const fake = new FakeMultiRegionApi({
      services: {
        items: exampleServices,
        fetchedAt: '2030-01-15T03:00:00.000Z',
      },
    });
    const tester = createExtensionTester(extensions.page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/multi-region');
    await renderInTestApp(tester.reactElement(), {
      apis: apis(fake),
      mountPath: '/multi-region/*',
      initialRouteEntries: ['/multi-region'],
      // Entity links need the catalog's entity route, as in a real app.
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    // The lazy page and material-table take a while to mount in the test app.
    expect(
      await screen.findAllByTestId('multi-region-service-row', undefined, {
        timeout: 15_000,
      }),
    ).toHaveLength(3);
  }, 20_000);

  it('opens the failover dialog from the entity context menu item', async () => {
    const fake = new FakeMultiRegionApi({
      status: primaryActiveStatus,
      plan: plan(),
    });
    const tester = createExtensionTester(extensions.failoverMenuItem);
    const data = tester.get(
      EntityContextMenuItemBlueprint.dataRefs.data,
    ) as EntityContextMenuItemData;
    expect(
      (
        tester.get(
          EntityContextMenuItemBlueprint.dataRefs.filterFunction,
        ) as EntityFilter
      )(plainEntity),
    ).toBe(false);

    function MenuItem() {
      const props = data.useProps();
      return (
        <button disabled={props.disabled} onClick={() => props.onClick?.()}>
          {props.title}
        </button>
      );
    }
    await renderInTestApp(
      <EntityProvider entity={ordersEntity}>
        <MenuItem />
      </EntityProvider>,
      { apis: apis(fake) },
    );
    const item = await screen.findByRole('button', {
      name: 'Fail over / fail back…',
    });
    await waitFor(() => expect(item).toBeEnabled());
    await userEvent.click(item);
    expect(
      await screen.findByTestId('failover-plan-headline'),
    ).toHaveTextContent('Fail over orders: us-east-1 → us-west-2');
    // Opened without a status, the dialog reads it itself.
    expect(fake.callsOf('getStatus')).toEqual([['component:default/orders']]);
  });

  it('disables the context menu item, naming the permission, when the caller may not fail over', async () => {
    const tester = createExtensionTester(extensions.failoverMenuItem);
    const data = tester.get(
      EntityContextMenuItemBlueprint.dataRefs.data,
    ) as EntityContextMenuItemData;
    function MenuItem() {
      const props = data.useProps();
      return <button disabled={props.disabled}>{props.title}</button>;
    }
    await renderInTestApp(
      <EntityProvider
        entity={{
          ...ordersEntity,
          metadata: { ...ordersEntity.metadata, namespace: 'menu-denied' },
        }}
      >
        <MenuItem />
      </EntityProvider>,
      { apis: apis(new FakeMultiRegionApi(), AuthorizeResult.DENY) },
    );
    const item = await screen.findByRole('button', {
      name: 'Fail over (needs multi-region.failover.execute)',
    });
    expect(item).toBeDisabled();
  });
});

import { screen } from '@testing-library/react';
import { createApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  NotificationsApi,
  notificationsApiRef,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { userSettingsPlugin } from '@backstage/plugin-user-settings';
import { Root } from './Root';

// The notifications sidebar item posts toasts through frontend-plugin-api's
// toastApiRef, which the app's defaults provide; the same id here.
const toastApiRef = createApiRef<{ post: () => { close: () => void } }>({
  id: 'core.toast',
});

// "My Groups" reads the catalog (none here) and presents entities.
const entityPresentationApi: EntityPresentationApi = {
  forEntity: entityOrRef => {
    const snapshot = defaultEntityPresentation(entityOrRef);
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

describe('Root', () => {
  it('links the notifications page, with the unread count', async () => {
    const notificationsApi: Partial<NotificationsApi> = {
      getStatus: async () => ({ unread: 3, read: 1 }),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [notificationsApiRef, notificationsApi],
          [catalogApiRef, catalogApiMock()],
          [entityPresentationApiRef, entityPresentationApi],
          [toastApiRef, { post: () => ({ close: () => {} }) }],
        ]}
      >
        <Root>
          <div>content</div>
        </Root>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/notifications': notificationsPlugin.routes.root,
          '/settings': userSettingsPlugin.routes.settingsPage,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    const link = await screen.findByRole('link', { name: /Notifications/ });
    expect(link).toHaveAttribute('href', '/notifications');
    expect(await screen.findByText('3')).toBeInTheDocument();
  });
});

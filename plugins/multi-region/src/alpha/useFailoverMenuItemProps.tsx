import { dialogApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';
import { multiRegionFailoverExecutePermission } from '@multi-region-failover/plugin-multi-region-common';
import { FailoverDialog } from '../components/FailoverDialog';

/**
 * Props of the "Fail over / fail back…" entity context-menu item: opens the
 * same dialog as the card's button through the dialog API. Disabled, with the
 * missing permission in its title, when the caller may not fail over; the
 * server still decides inside the dialog.
 */
export function useFailoverMenuItemProps() {
  const { entity } = useEntity();
  const dialogApi = useApi(dialogApiRef);
  const { allowed, loading } = useEntityPermission(
    multiRegionFailoverExecutePermission,
  );
  return {
    title:
      allowed || loading
        ? 'Fail over / fail back…'
        : `Fail over (needs ${multiRegionFailoverExecutePermission.name})`,
    disabled: loading || !allowed,
    onClick: () => {
      dialogApi.open(({ dialog }) => (
        <FailoverDialog open entity={entity} onClose={() => dialog.close()} />
      ));
    },
  };
}

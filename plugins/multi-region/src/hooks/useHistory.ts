import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { multiRegionApiRef } from '../api/MultiRegionApi';

const PAGE_SIZE = 25;

/** The history of one entity, newest first, with "load older" paging. */
export function useHistory(entityRef: string) {
  const api = useApi(multiRegionApiRef);
  const [items, setItems] = useState<Operation[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.getHistory({
          entityRef,
          cursor: from,
          limit: PAGE_SIZE,
        });
        setItems(previous =>
          from ? [...previous, ...page.items] : page.items,
        );
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [api, entityRef],
  );

  useEffect(() => {
    load(undefined);
  }, [load]);

  return {
    items,
    loading,
    error,
    hasMore: Boolean(cursor),
    loadMore: () => load(cursor),
    refresh: () => load(undefined),
  };
}

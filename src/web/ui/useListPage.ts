import { useCallback, useMemo } from 'react';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useCursorPages } from './cursorPages.ts';
import { asPageSize, oneOf } from './listParams.ts';
import {
  fromViewConfig,
  hasActiveFilter,
  sizeParam,
  sortOfTable,
  sortParam,
  toViewConfig,
  toggleColumn,
  visibleColumns,
  type ColumnSpec,
  type UrlValues,
  type ViewConfigLike,
} from './listState.ts';
import { useUrlFilters } from './urlState.ts';

/** A page as every list endpoint returns it; the total comes with the first page only. */
export type CursorPageOf<T> = { items: T[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean };

/** The API query of one page: the page's filters, the sort and the paging the list adds. */
export type ListQuery<F, S extends string> = F & { sort?: S; limit: number; cursor: string | undefined };

export type ListPageSpec<F extends object, T, S extends string, C extends string> = {
  /** The URL keys that are filters (the search box is `q`). */
  filterKeys: readonly string[];
  /** The API filters for the URL values; a value a hand-edited URL gets wrong is dropped, not sent. */
  parse: (values: UrlValues) => F;
  /** The sorts the API offers and the one used when the URL names none. */
  sort?: { sorts: readonly S[]; default: S };
  defaultSize?: number;
  /** Columns the user may show or hide (kept in the URL as `cols`, and in saved views). */
  columns?: ColumnSpec<C>;
  /** Saved views are offered: the URL keeps the applied one as `view`. */
  views?: boolean;
  /** Further URL keys the page keeps itself (a mode, a tab), not counted as filters. */
  extraKeys?: readonly string[];
  /**
   * URL keys "clear filters" leaves as they are (a view switch, the sort, the page size); by
   * default it empties the query string.
   */
  keepOnClear?: readonly string[];
  /**
   * False while the page shows another view of the same filters instead of the table (a board:
   * `otherView` on ListPage). The list is not fetched then. Default true.
   */
  showTable?: boolean;
  queryKey: (query: ListQuery<F, S>) => QueryKey;
  fetch: (query: ListQuery<F, S>, signal: AbortSignal) => Promise<CursorPageOf<T>>;
};

export type ListPageState<F extends object, T, S extends string = string, C extends string = string> = {
  values: UrlValues;
  setFilters: ReturnType<typeof useUrlFilters<string>>['setFilters'];
  clearFilters: () => void;
  /** The API filters and sort, without paging: what an export of the same rows sends. */
  filter: F & { sort?: S };
  sort: S | undefined;
  // Method syntax on purpose: a list of one sort type is usable where any list is (ListPage).
  setSort(sort: S | undefined): void;
  /** antd's table asked for a sort (a column key and a direction). */
  onSortChange: (columnKey: unknown, order: 'ascend' | 'descend' | null | undefined) => void;
  pageSize: number;
  setPageSize: (size: number) => void;
  pages: ReturnType<typeof useCursorPages>;
  list: UseQueryResult<CursorPageOf<T>>;
  hasFilters: boolean;
  filterKeys: readonly string[];
  /** Whether the table shows (and the list is fetched), or the page's other view. */
  showTable: boolean;
  /** Present when the list has column settings. */
  columns: { spec: ColumnSpec<C>; shown: C[]; toggle(key: C, shown: boolean): void } | null;
  /** Present when the list offers saved views. */
  views: { current: ViewConfigLike; activeId: string | null; apply: (view: { id: string; config: ViewConfigLike } | null) => void } | null;
};

/**
 * The state of a server-paged list page, kept in the URL (filters, sort, page size, columns,
 * applied view) so a list survives reload, is shared as a link and steps back with the browser;
 * fetched page by page with the previous page shown while the next loads.
 */
export function useListPage<F extends object, T, S extends string = string, C extends string = string>(spec: ListPageSpec<F, T, S, C>): ListPageState<F, T, S, C> {
  const { filterKeys, sort: sortSpec, columns: columnSpec, views: withViews, extraKeys } = spec;
  const defaultSize = spec.defaultSize ?? 20;
  const urlKeys = useMemo(
    () => [...filterKeys, ...(extraKeys ?? []), 'size', ...(sortSpec ? ['sort'] : []), ...(columnSpec ? ['cols'] : []), ...(withViews ? ['view'] : [])],
    // The keys are constants of the page: compared by content, so a new array each render is no change.
    [filterKeys.join(), extraKeys?.join(), !!sortSpec, !!columnSpec, !!withViews],
  );
  const { values, setFilters, clearFilters } = useUrlFilters(urlKeys, { keepOnClear: spec.keepOnClear });
  const showTable = spec.showTable ?? true;

  const sort = sortSpec ? (oneOf(sortSpec.sorts, values.sort) ?? sortSpec.default) : undefined;
  const pageSize = asPageSize(values.size, defaultSize);
  const parsed = spec.parse(values);
  const filter: F & { sort?: S } = sortSpec ? { ...parsed, sort } : parsed;
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: ListQuery<F, S> = { ...filter, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: spec.queryKey(query),
    queryFn: ({ signal }) => spec.fetch(query, signal),
    placeholderData: keepPreviousData,
    enabled: showTable,
  });

  const setSort = useCallback(
    (next: S | undefined) => {
      if (sortSpec) setFilters({ sort: sortParam(next, sortSpec.default) });
    },
    [setFilters, sortSpec],
  );
  const shown = columnSpec ? visibleColumns(columnSpec, values.cols) : [];

  return {
    values,
    setFilters,
    clearFilters,
    filter,
    sort,
    setSort,
    onSortChange: (columnKey, order) => {
      if (sortSpec) setSort(sortOfTable(sortSpec.sorts, columnKey, order) ?? sortSpec.default);
    },
    pageSize,
    setPageSize: (size) => setFilters({ size: sizeParam(size, defaultSize) }),
    pages,
    list,
    hasFilters: hasActiveFilter(filter, filterKeys),
    filterKeys,
    showTable,
    columns: columnSpec
      ? {
          spec: columnSpec,
          shown,
          // From the URL as it is now, so two quick clicks build on each other.
          toggle: (key, show) => setFilters((current) => ({ cols: toggleColumn(columnSpec, current.cols, key, show) }), { replace: true }),
        }
      : null,
    views: withViews
      ? {
          current: toViewConfig(filter, filterKeys, shown, sort, sortSpec?.default),
          activeId: values.view ?? null,
          apply: (view) =>
            view
              ? setFilters({ ...fromViewConfig(view.config, filterKeys, { sorts: sortSpec?.sorts, columns: columnSpec }), view: view.id })
              : clearFilters(),
        }
      : null,
  };
}

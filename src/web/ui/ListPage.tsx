import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, Flex, Popover, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FilterBar } from './FilterBar.tsx';
import type { CardSpec } from './ListCards.tsx';
import { sortOrderOf } from './listParams.ts';
import { PageContainer } from './PageContainer.tsx';
import { PagedTable } from './PagedTable.tsx';
import { SearchInput } from './SearchInput.tsx';
import { EmptyState } from './StateViews.tsx';
import type { ListPageState } from './useListPage.ts';

type TableOptions<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale' | 'onRow' | 'columns' | 'onChange' | 'rowSelection'> & {
  rowTestId?: (row: T) => string;
  /** The table's test id when it is not `<testId>-table`. */
  testId?: string;
};

type Props<T extends { id: string }> = {
  state: ListPageState<object, T, string, string>;
  /** Prefix of the page's test ids: `<testId>-filter-q`, `-filter-reset`, `-table`, `-columns-button`. */
  testId: string;
  title: ReactNode;
  description?: ReactNode;
  /** The page's buttons in the title row (export, import, create …), after saved views and columns. */
  actions?: ReactNode;
  /** The saved-views menu, given the current list's config and a way to apply a view. */
  savedViews?: (views: NonNullable<Props<T>['state']['views']>) => ReactNode;
  /** The name of a column in the column settings (needs column settings in the state). */
  columnLabel?: (key: string) => ReactNode;
  search?: { placeholder: string; width?: number; testId?: string };
  /** The page's own filters, after the search box. */
  filters?: ReactNode;
  /** A second row of filters (e.g. "more filters" the page opens), shown when given. */
  moreFilters?: ReactNode;
  /** The end of the filter bar, after "clear filters" (e.g. a switch between the table and another view). */
  filterBarEnd?: ReactNode;
  /** What shows instead of the table (and its bulk bar) while the state's `showTable` is false: another view of the same filters. */
  otherView?: ReactNode;
  /** Every column; the list hides those the column settings leave out and marks the sorted one. */
  columns: TableColumnsType<T>;
  /** The rows as cards on a phone (`<testId>-cards`), by column keys; by default from the shown columns. */
  card?: CardSpec;
  table?: TableOptions<T>;
  empty: { description: ReactNode; filteredDescription?: ReactNode; action?: ReactNode };
  /**
   * Row selection for bulk actions: the bar above the table shows these for the selected rows.
   * `matching` is the number of rows the filters match when the user chose "select all N
   * matching" (the action then names the list's filter rather than the rows), else null.
   */
  bulkActions?: (rows: T[], clear: () => void, matching: number | null) => ReactNode;
  /** Offers "select all N matching" once the whole page is selected; `count` asks the server for N. */
  selectAllMatching?: { count: () => Promise<number> };
  /** Drawers and dialogs of the page. */
  children?: ReactNode;
};

/**
 * The frame of a list page: title row with saved views, column settings and the page's actions;
 * a filter bar with search, the page's filters and "clear filters"; the keyset-paged table with
 * its loading, empty and error states; optional row selection for bulk actions. The page brings
 * its columns, filters and actions; the state (URL, paging, fetching) comes from `useListPage`.
 */
export function ListPage<T extends { id: string }>(props: Props<T>) {
  const { state, testId, columns, empty } = props;
  const { testId: tableTestId, ...table } = props.table ?? {};
  const { t } = useTranslation();
  const [selection, setSelection] = useState<{ key: string; rows: T[]; matching: number | null }>({ key: '', rows: [], matching: null });
  const [counting, setCounting] = useState(false);
  // A new filter, sort or page is a new set of rows: the selection does not carry over.
  const selectionKey = JSON.stringify([state.filter, state.pageSize, state.pages.page]);
  const current = selection.key === selectionKey ? selection : { rows: [] as T[], matching: null };
  const selected = current.rows;
  const clearSelection = () => setSelection({ key: selectionKey, rows: [], matching: null });
  const pageRows = state.list.data?.items ?? [];
  const morePages = state.pages.hasPrev || !!state.list.data?.nextCursor;
  const wholePage = pageRows.length > 0 && selected.length === pageRows.length;
  const selectAll = props.selectAllMatching;
  const chooseAllMatching = async () => {
    if (!selectAll) return;
    setCounting(true);
    try {
      const matching = await selectAll.count();
      setSelection({ key: selectionKey, rows: selected, matching });
    } finally {
      setCounting(false);
    }
  };

  const columnSettings = state.columns;
  const hideable = new Set<string>(columnSettings?.spec.keys ?? []);
  const shown = new Set<string>(columnSettings?.shown ?? []);
  const visible = columns
    .filter((c) => typeof c.key !== 'string' || !hideable.has(c.key) || shown.has(c.key))
    .map((c) => (c.sorter && typeof c.key === 'string' && state.sort !== undefined ? { ...c, sortOrder: sortOrderOf(state.sort, c.key) } : c));
  // A page's own scroll width is a minimum: the shown columns' widths never get squeezed below theirs.
  const pageWidth = typeof table.scroll?.x === 'number' ? table.scroll.x : 0;
  const width = Math.max(pageWidth, visible.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0));
  // Wider than the screen, the table scrolls sideways (its scroll bar right under the rows): the
  // first column (the record's number or name) stays in view.
  const stickyFirst = visible.some((c) => c.fixed === 'left' || c.fixed === true) ? visible : visible.map((c, i) => (i === 0 ? { ...c, fixed: 'left' as const } : c));

  const clearButton = (testIdSuffix?: string) => (
    <Button onClick={state.clearFilters} data-testid={testIdSuffix ? `${testId}-${testIdSuffix}` : undefined}>
      {t('common.clearFilters')}
    </Button>
  );

  const columnChooser =
    columnSettings && props.columnLabel ? (
      <Popover
        title={t('list.chooseColumns')}
        trigger="click"
        placement="bottomRight"
        content={
          <Flex vertical gap={6} data-testid={`${testId}-columns`}>
            {columnSettings.spec.keys.map((key) => (
              <Checkbox
                key={key}
                checked={shown.has(key)}
                disabled={columnSettings.spec.required?.includes(key)}
                onChange={(e) => columnSettings.toggle(key, e.target.checked)}
                data-testid={`${testId}-column-${key}`}
              >
                {props.columnLabel?.(key)}
              </Checkbox>
            ))}
          </Flex>
        }
      >
        <Button icon={<SettingOutlined />} data-testid={`${testId}-columns-button`}>
          {t('list.columnsButton')}
        </Button>
      </Popover>
    ) : null;

  const header =
    props.savedViews || columnChooser || props.actions ? (
      <>
        {props.savedViews && state.views ? props.savedViews(state.views) : null}
        {columnChooser}
        {props.actions}
      </>
    ) : null;

  const tableBody = (
    <>
      {props.bulkActions && selected.length > 0 ? (
        <Flex className="kehu-bulk-bar" gap={8} align="center" wrap data-testid={`${testId}-bulk`}>
          <Typography.Text data-testid={`${testId}-bulk-count`}>
            {current.matching !== null ? t('list.selectedAllMatching', { count: current.matching }) : t('list.selected', { count: selected.length })}
          </Typography.Text>
          {selectAll && wholePage && morePages ? (
            current.matching === null ? (
              <Button type="link" loading={counting} onClick={() => void chooseAllMatching()} data-testid={`${testId}-bulk-all`}>
                {t('list.selectAllMatching')}
              </Button>
            ) : (
              <Button type="link" onClick={() => setSelection({ key: selectionKey, rows: selected, matching: null })} data-testid={`${testId}-bulk-page`}>
                {t('list.selectPageOnly', { count: selected.length })}
              </Button>
            )
          ) : null}
          {props.bulkActions(selected, clearSelection, current.matching)}
          <Button type="link" onClick={clearSelection} data-testid={`${testId}-bulk-clear`}>
            {t('list.clearSelection')}
          </Button>
        </Flex>
      ) : null}

      <PagedTable<T>
        data-testid={tableTestId ?? `${testId}-table`}
        {...table}
        scroll={{ ...table.scroll, x: width }}
        cards={props.card}
        cardsTestId={`${testId}-cards`}
        list={state.list}
        pages={state.pages}
        pageSize={state.pageSize}
        onPageSizeChange={state.setPageSize}
        columns={stickyFirst}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          state.onSortChange(s?.columnKey, s?.order);
        }}
        rowSelection={
          props.bulkActions
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                // Changing the rows by hand leaves "all matching".
                onChange: (_keys, rows) => setSelection({ key: selectionKey, rows, matching: null }),
              }
            : undefined
        }
        empty={
          state.hasFilters ? (
            <EmptyState description={empty.filteredDescription ?? empty.description} action={clearButton()} />
          ) : (
            <EmptyState description={empty.description} action={empty.action} />
          )
        }
      />
    </>
  );

  return (
    <PageContainer title={props.title} description={props.description} extra={header}>
      <Card>
        <FilterBar
          extra={
            state.hasFilters || props.filterBarEnd ? (
              <>
                {state.hasFilters ? clearButton('filter-reset') : null}
                {props.filterBarEnd}
              </>
            ) : null
          }
        >
          {props.search ? (
            <SearchInput
              value={state.values.q ?? ''}
              onCommit={(q) => state.setFilters({ q }, { replace: true })}
              placeholder={props.search.placeholder}
              style={{ width: props.search.width ?? 240 }}
              data-testid={props.search.testId ?? `${testId}-filter-q`}
            />
          ) : null}
          {props.filters}
        </FilterBar>
        {props.moreFilters ? <FilterBar>{props.moreFilters}</FilterBar> : null}

        {state.showTable ? tableBody : props.otherView}
      </Card>
      {props.children}
    </PageContainer>
  );
}

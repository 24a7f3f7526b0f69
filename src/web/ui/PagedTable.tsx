import type { ReactNode } from 'react';
import { Flex, Spin, Table } from 'antd';
import type { TableProps } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { CursorPager } from './CursorPager.tsx';
import { useListTotal, type useCursorPages } from './cursorPages.ts';
import { ListCards, type CardSpec } from './ListCards.tsx';
import { ErrorState } from './StateViews.tsx';
import { useIsPhone } from './useIsPhone.ts';

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale' | 'onRow'> & {
  list: UseQueryResult<{ items: T[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  /** What an empty list says (no rows yet, or none matching the filters). */
  empty: ReactNode;
  rowTestId?: (row: T) => string;
  /** On a phone the rows show as cards (see `CardSpec`); `false` keeps the table there too. */
  cards?: CardSpec | false;
  /** The cards' test id on a phone. */
  cardsTestId?: string;
};

/**
 * A keyset-paged list: the table with its loading, empty and error states and the prev/next
 * pager, as every list page shows them. The previous page stays visible while the next loads.
 */
export function PagedTable<T extends object>({ list, pages, pageSize, onPageSizeChange, empty, rowTestId, cards, cardsTestId, ...table }: Props<T>) {
  const phone = useIsPhone();
  const total = useListTotal(list.data);
  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const rowKey = (row: T): string =>
    typeof table.rowKey === 'function' ? String(table.rowKey(row)) : String((row as Record<string, unknown>)[String(table.rowKey ?? 'id')]);
  const selection = table.rowSelection;
  const tableTestId = (table as { 'data-testid'?: string })['data-testid'];
  const selected = new Set((selection?.selectedRowKeys ?? []).map(String));
  return (
    <>
      {phone && cards !== false ? (
        <Spin spinning={list.isFetching}>
          {items.length === 0 ? (
            list.isPending ? <div style={{ height: 160 }} /> : empty
          ) : (
            <ListCards<T>
              items={items}
              columns={table.columns ?? []}
              spec={cards}
              rowKey={rowKey}
              rowTestId={rowTestId}
              testId={cardsTestId ?? (tableTestId ? `${tableTestId}-cards` : undefined)}
              selection={
                selection?.onChange
                  ? {
                      selected,
                      toggle: (row, on) => {
                        const keys = on ? [...selected, rowKey(row)] : [...selected].filter((k) => k !== rowKey(row));
                        selection.onChange?.(keys, items.filter((r) => keys.includes(rowKey(r))), { type: 'single' });
                      },
                    }
                  : undefined
              }
            />
          )}
        </Spin>
      ) : (
      <Table<T>
        rowKey="id"
        {...table}
        dataSource={items}
        loading={list.isFetching}
        pagination={false}
        onRow={rowTestId ? (row) => ({ 'data-testid': rowTestId(row) }) as React.HTMLAttributes<HTMLElement> : undefined}
        locale={{ emptyText: list.isPending ? <div style={{ height: 160 }} /> : empty }}
      />
      )}
      <Flex justify="flex-end">
        <CursorPager
          page={pages.page}
          pageSize={pageSize}
          shown={items.length}
          hasPrev={pages.hasPrev}
          hasNext={!!nextCursor}
          loading={list.isFetching}
          onPrev={pages.prev}
          onNext={() => nextCursor && pages.next(nextCursor)}
          onPageSizeChange={onPageSizeChange}
          total={total}
        />
      </Flex>
    </>
  );
}

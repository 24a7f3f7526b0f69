import type { ReactNode } from 'react';
import { Flex, Table } from 'antd';
import type { TableProps } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { CursorPager } from './CursorPager.tsx';
import type { useCursorPages } from './cursorPages.ts';
import { ErrorState } from './StateViews.tsx';

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale' | 'onRow'> & {
  list: UseQueryResult<{ items: T[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  /** What an empty list says (no rows yet, or none matching the filters). */
  empty: ReactNode;
  rowTestId?: (row: T) => string;
};

/**
 * A keyset-paged list: the table with its loading, empty and error states and the prev/next
 * pager, as every list page shows them. The previous page stays visible while the next loads.
 */
export function PagedTable<T extends object>({ list, pages, pageSize, onPageSizeChange, empty, rowTestId, ...table }: Props<T>) {
  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  return (
    <>
      <Table<T>
        rowKey="id"
        {...table}
        dataSource={items}
        loading={list.isFetching}
        pagination={false}
        onRow={rowTestId ? (row) => ({ 'data-testid': rowTestId(row) }) as React.HTMLAttributes<HTMLElement> : undefined}
        locale={{ emptyText: list.isPending ? <div style={{ height: 160 }} /> : empty }}
      />
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
        />
      </Flex>
    </>
  );
}

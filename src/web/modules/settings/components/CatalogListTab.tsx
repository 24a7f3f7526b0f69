import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { CATALOG_KINDS, CatalogFormModal, type CatalogFormProps, type CatalogFormTarget, type CatalogNameValues, type CatalogPatch } from './CatalogFormModal.tsx';

/** An entry of an admin-managed list: named in both languages, ordered, retired instead of deleted. */
export type CatalogEntry = { nameZh: string; nameEn: string; sortOrder: number; active: boolean; version: number };

type Props<T extends CatalogEntry, V extends CatalogNameValues, B extends CatalogPatch> = CatalogFormProps<T, V, B> & {
  list: { query: UseQueryResult<unknown>; items: T[] };
  /** The entry's permanent identifier (a code or key): its row key and test ids. */
  idOf: (entry: T) => string;
  /** Columns before the names (a code) and between the names and the sort order (synonyms, a section). */
  leadingColumns?: TableColumnsType<T>;
  middleColumns?: TableColumnsType<T>;
  widths: { nameZh?: number; nameEn?: number; sortOrder: number };
};

/**
 * An admin-managed list (industries, source channels): the entries with their status, added and
 * edited in a modal, retired and restored. What stays stored on records is never deleted.
 */
export function CatalogListTab<T extends CatalogEntry, V extends CatalogNameValues, B extends CatalogPatch>(props: Props<T, V, B>) {
  const { list, idOf, leadingColumns = [], middleColumns = [], widths, ...form } = props;
  const { query, items } = list;
  const { queryKey } = form;
  const { testId, tabTestId, texts } = CATALOG_KINDS[form.kind];
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [target, setTarget] = useState<CatalogFormTarget<T> | null>(null);

  const toggle = useMutation({
    mutationFn: (entry: T) => form.patch(entry, { version: entry.version, active: !entry.active } as B),
    onSuccess: (entry) => {
      void message.success(entry.active ? t(`${texts}.restored`) : t(`${texts}.retired`));
      void client.invalidateQueries({ queryKey });
    },
    onError: (err) => handleError(err, { conflictKeys: [queryKey] }),
  });

  const columns: TableColumnsType<T> = [
    ...leadingColumns,
    { key: 'nameZh', dataIndex: 'nameZh', title: t(`${texts}.nameZh`), width: widths.nameZh },
    { key: 'nameEn', dataIndex: 'nameEn', title: t(`${texts}.nameEn`), width: widths.nameEn, ellipsis: true },
    ...middleColumns,
    { key: 'sortOrder', dataIndex: 'sortOrder', title: t(`${texts}.sortOrder`), width: widths.sortOrder },
    {
      key: 'active',
      title: t(`${texts}.status`),
      width: 100,
      render: (_v, entry) => (entry.active ? <Tag color="success">{t(`${texts}.active`)}</Tag> : <Tag>{t(`${texts}.retiredTag`)}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 180,
      render: (_v, entry) => (
        <Space size={0} className="kehu-table-actions">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', entry })} data-testid={`${testId}-edit-${idOf(entry)}`}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={entry.active ? <StopOutlined /> : <UndoOutlined />}
            loading={toggle.isPending && idOf(toggle.variables) === idOf(entry)}
            onClick={() => toggle.mutate(entry)}
            data-testid={`${testId}-toggle-${idOf(entry)}`}
          >
            {entry.active ? t(`${texts}.retire`) : t(`${texts}.restore`)}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid={tabTestId}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t(`${texts}.hint`)}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid={`${testId}-create`}>
          {t(`${texts}.create`)}
        </Button>
      </Flex>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<T>
          rowKey={idOf}
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(entry) => ({ 'data-testid': `${testId}-row-${idOf(entry)}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: query.isPending ? <div style={{ height: 160 }} /> : <EmptyState description={t(`${texts}.empty`)} /> }}
        />
      )}
      <CatalogFormModal<T, V, B> {...form} target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}

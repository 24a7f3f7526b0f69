import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex, Space, Table, Tag as AntTag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Tag } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { catalogKeys, customersKeys } from '../../customers/customers.api.ts';
import { useTags } from '../../customers/hooks.ts';
import { deleteTag } from '../settings.api.ts';
import { TagFormModal, type TagFormTarget } from './TagFormModal.tsx';

export function TagsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { query, items } = useTags({ fresh: true });
  const [target, setTarget] = useState<TagFormTarget | null>(null);

  const remove = useMutation({
    mutationFn: (tag: Tag) => deleteTag(tag.id),
    onSuccess: () => {
      void message.success(t('customerSettings.tags.deleted'));
      void client.invalidateQueries({ queryKey: catalogKeys.tags });
      void client.invalidateQueries({ queryKey: customersKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const confirmDelete = (tag: Tag) => {
    modal.confirm({
      title: t('customerSettings.tags.deleteConfirmTitle', { name: tag.name }),
      content: tag.customerCount > 0 ? t('customerSettings.tags.deleteConfirmUsed', { count: tag.customerCount }) : t('customerSettings.tags.deleteConfirmUnused'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(tag).catch(() => undefined),
    });
  };

  const columns: TableColumnsType<Tag> = [
    { key: 'name', title: t('customerSettings.tags.name'), render: (_v, tag) => <AntTag color={tag.color}>{tag.name}</AntTag> },
    {
      key: 'customerCount',
      title: t('customerSettings.tags.customerCount'),
      width: 140,
      render: (_v, tag) =>
        tag.customerCount > 0 ? (
          <Link to={`/customers?tagId=${encodeURIComponent(tag.id)}`} data-testid={`tag-count-${tag.name}`}>
            {t('customerSettings.tags.customers', { count: tag.customerCount })}
          </Link>
        ) : (
          <span className="kehu-muted" data-testid={`tag-count-${tag.name}`}>
            {t('customerSettings.tags.customers', { count: 0 })}
          </span>
        ),
    },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('customerSettings.tags.createdAt'), width: 170, render: (v: string) => <DateTime value={v} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 170,
      render: (_v, tag) => (
        <Space size={0} className="kehu-table-actions">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', tag })} data-testid={`tag-edit-${tag.name}`}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(tag)} data-testid={`tag-delete-${tag.name}`}>
            {t('common.delete')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="settings-tags">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t('customerSettings.tags.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="tag-create">
          {t('customerSettings.tags.create')}
        </Button>
      </Flex>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Tag>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching}
          pagination={false}
          onRow={(tag) => ({ 'data-testid': `tag-row-${tag.name}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: query.isPending ? <div style={{ height: 160 }} /> : <EmptyState description={t('customerSettings.tags.empty')} /> }}
        />
      )}
      <TagFormModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
